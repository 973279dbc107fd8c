"""Document-level name rules: which strings are names, their one label, and their canonical name.

A news article names the same person, organisation or place many times; a small model recognises
some of those mentions and misses or mislabels others. Within one document a name is taken to mean
one thing, so what the model got right in one place is carried to the others.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from transforms.entity_countries import country_name, is_country_name
from transforms.entity_data import alias_key, organisation_aliases
from transforms.entity_labels import curated_label
from transforms.entity_lexicon import is_common_word
from transforms.entity_people import PersonNames, name_tails, normalised
from transforms.entity_tables import (
    ALL_CAPITALS_SHARE,
    COMMON_WORD_CHECKED_LABELS,
    PERSON_LABEL,
    QUOTE_CHARS,
    SENTENCE_END_CHARS,
)
from transforms.mentions import Mention

_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.\-]{1,11})\s*\)")
_WORD_STARTS = re.compile(r"(?:^|(?<=[\s\-]))\S")
# Where a glued alias may begin: after a space or hyphen, or a capital right after a small letter.
_TAIL_STARTS = re.compile(r"(?:^|(?<=[\s\-])|(?<=[a-z])(?=[A-Z]))\S")
_NEXT_WORD = re.compile(r"[ \t]+(\S+)")
_PREVIOUS_WORD = re.compile(r"(\S+)[ \t]+$")
_OPENING_CHARS = frozenset("([{") | QUOTE_CHARS
_MIN_NAME_LENGTH = 2
_MIN_HEADLINE_LETTERS = 4


def without_non_names(paragraphs: Sequence[str], names: Sequence[Mention]) -> list[Mention]:
    """Drop names that are a lone common word (`Supreme`) seen only where capitals prove nothing.

    A capitalised common word is a name only if the document capitalises it somewhere a common
    word would not be: not at the start of a sentence and not as one word of a longer capitalised
    phrase the model only partly tagged (`Supreme` in `Supreme Leader`).
    """
    covered = _covered_positions(names)
    candidates = defaultdict(list)
    for mention in names:
        if _is_common_single_word(mention):
            candidates[mention.text].append(mention)
    non_names = {
        text
        for text, mentions in candidates.items()
        if all(_capitals_prove_nothing(paragraphs, m, covered) for m in mentions)
    }
    return [m for m in names if m.text not in non_names]


def _is_common_single_word(mention: Mention) -> bool:
    text = mention.text
    return (
        mention.label in COMMON_WORD_CHECKED_LABELS
        and text.isalpha()
        and text.istitle()
        and is_common_word(text)
        and curated_label(text) is None
    )


def _capitals_prove_nothing(
    paragraphs: Sequence[str], mention: Mention, covered: Mapping[int, set[int]]
) -> bool:
    paragraph = paragraphs[mention.paragraph_index]
    return is_sentence_initial(paragraph, mention.start_char) or is_fragment(
        paragraph, mention.start_char, mention.end_char, covered.get(mention.paragraph_index, set())
    )


def is_sentence_initial(paragraph: str, start: int) -> bool:
    """True when only opening quotes or brackets stand between `start` and a sentence's start."""
    before = paragraph[:start].rstrip()
    while before and before[-1] in _OPENING_CHARS:
        before = before[:-1].rstrip()
    return not before or before[-1] in SENTENCE_END_CHARS


def is_fragment(paragraph: str, start: int, end: int, covered: set[int]) -> bool:
    """True when a capitalised word outside any mention directly precedes or follows the span.

    Such a span is part of a longer capitalised phrase (`Supreme Leader`, `Kent County Council`)
    and so does not stand for the name on its own. A common word opening the sentence (`In`,
    `The`) is capitalised for that reason alone and does not count.
    """
    following = _NEXT_WORD.match(paragraph, end)
    if following and following.group(1)[0].isupper() and following.start(1) not in covered:
        return True
    preceding = _PREVIOUS_WORD.search(paragraph, 0, start)
    if not preceding or preceding.start(1) in covered:
        return False
    word = preceding.group(1)
    return (
        word[0].isupper()
        and word[-1].isalnum()
        and not (is_sentence_initial(paragraph, preceding.start(1)) and is_common_word(word))
    )


def _covered_positions(mentions: Iterable[Mention]) -> dict[int, set[int]]:
    covered: dict[int, set[int]] = defaultdict(set)
    for mention in mentions:
        covered[mention.paragraph_index].update(range(mention.start_char, mention.end_char))
    return covered


def acronym_definitions(paragraphs: Sequence[str], names: Sequence[Mention]) -> dict[str, str]:
    """Acronyms the text defines as `Full Name (FN)`, mapped to the full name as written."""
    definitions: dict[str, str] = {}
    for mention in names:
        if mention.label == PERSON_LABEL:
            continue
        after = _ACRONYM_AFTER.match(paragraphs[mention.paragraph_index], mention.end_char)
        if after and abbreviates(after.group(1), mention.text):
            definitions.setdefault(after.group(1), mention.text)
    return definitions


def abbreviates(acronym: str, name: str) -> bool:
    """True when the acronym's capitals are, in order, initials of the name's words.

    Words may be skipped (`Organisation for Security and Cooperation in Europe` -> `OSCE`,
    `Hayat Tahrir al-Sham` -> `HTS`) but the first initial must match.
    """
    letters = [char.lower() for char in acronym if char.isupper()]
    initials = [match.group().lower() for match in _WORD_STARTS.finditer(name)]
    if len(letters) < _MIN_NAME_LENGTH or len(initials) < _MIN_NAME_LENGTH:
        return False
    if letters[0] != initials[0]:
        return False
    remaining = iter(initials)
    return all(letter in remaining for letter in letters)


def person_name_forms(labels: Mapping[str, str]) -> set[str]:
    """Shorter forms of multi-word person names: `Al-Assad` and `Assad` of `Bashar Al-Assad`,
    and the first word (`Tony`, or `Wang` of `Wang Donghai`) unless it names something else in
    the document (`Glasgow` of a mislabelled `Glasgow Celtic`)."""
    forms: set[str] = set()
    for name, label in labels.items():
        if label == PERSON_LABEL:
            forms.update(form for form in name_tails(name) if form != name)
            first = name.split()[0]
            known = labels.get(first, label)
            if first != name and first.isalpha() and first.istitle() and known == label:
                forms.add(first)
    return forms


def alias_tail(paragraph: str, span: tuple[int, int]) -> tuple[tuple[int, int], str]:
    """A person span that ends in an organisation's alias is that organisation.

    The model glues a party to a neighbouring word and calls it a person (`Ex-Labour`,
    `Blair Labour`, `ofNew Labour`): the span shrinks to the alias, which takes its label.
    """
    start, end = span
    text = paragraph[start:end]
    for match in _TAIL_STARTS.finditer(text):
        if match.start() == 0:
            continue
        alias = organisation_aliases().get(alias_key(text[match.start() :]))
        if alias is not None:
            return (start + match.start(), end), alias.label
    return span, PERSON_LABEL


def find_unrecognised_occurrences(
    paragraphs: Sequence[str], mentions: Sequence[Mention], labels: Mapping[str, str]
) -> list[Mention]:
    """Occurrences of known names the model missed, at word boundaries, overlapping nothing.

    Case must match; longer names are placed first. In running text an occurrence is skipped when
    capitals prove nothing there: a common-word name at a sentence start, or any name glued to
    another capitalised word. In an all-capitals headline every occurrence counts.
    """
    names = sorted((n for n in labels if len(n) >= _MIN_NAME_LENGTH), key=len, reverse=True)
    covered = _covered_positions(mentions)
    found = []
    for index, paragraph in enumerate(paragraphs):
        present = [name for name in names if name in paragraph]
        if present:
            found += _paragraph_occurrences(index, paragraph, present, labels, covered.get(index))
    return found


def _paragraph_occurrences(
    index: int,
    paragraph: str,
    names: Sequence[str],
    labels: Mapping[str, str],
    covered: set[int] | None,
) -> list[Mention]:
    """The occurrences of one paragraph, scanned again until none is added.

    An occurrence found covers its characters, which can make a neighbour no longer doubtful;
    scanning to a fixed point makes the result the same as resolving the output again.
    """
    taken = set(covered or ())
    headline = is_all_capitals(paragraph)
    found: list[Mention] = []
    while True:
        added = False
        for name in names:
            for start in _word_occurrences(paragraph, name):
                end = start + len(name)
                if taken.isdisjoint(range(start, end)) and (
                    headline or not _occurrence_doubtful(paragraph, start, end, taken)
                ):
                    found.append(Mention(index, start, end, name, labels[name]))
                    taken |= set(range(start, end))
                    added = True
        if not added:
            return found


def capitalised_forms(labels: Mapping[str, str]) -> dict[str, str]:
    """Each known name written in capitals, as headlines and datelines do (`KENT` for `Kent`)."""
    return {
        name.upper(): name for name in labels if name.upper() != name and name.upper() not in labels
    }


def is_all_capitals(paragraph: str) -> bool:
    """True for a headline or dateline set in capitals, where capitals tell nothing about names."""
    letters = list(filter(str.isalpha, paragraph))
    upper = sum(map(str.isupper, letters))
    return len(letters) >= _MIN_HEADLINE_LETTERS and upper >= ALL_CAPITALS_SHARE * len(letters)


def _word_occurrences(text: str, word: str) -> Iterable[int]:
    """Start offsets of `word` in `text` not inside a longer word."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        before_ok = start == 0 or not _is_word_char(text[start - 1])
        after_ok = end == len(text) or not _is_word_char(text[end])
        if before_ok and after_ok:
            yield start
        start = text.find(word, start + 1)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _occurrence_doubtful(paragraph: str, start: int, end: int, covered: set[int]) -> bool:
    text = paragraph[start:end]
    common = " " not in text and is_common_word(text) and not is_country_name(text)
    if common and is_sentence_initial(paragraph, start):
        return True
    return is_fragment(paragraph, start, end, covered)


def canonical_names(labels: Mapping[str, str], aliases: Mapping[str, str]) -> dict[str, str]:
    """The canonical name of every known name of the document.

    Aliases (acronyms, names in capitals) take their name's canonical name; a person's short
    form takes the fullest name of that person (when only one fits, `transforms.entity_people`);
    a curated organisation alias takes the organisation's name (`Tories` -> `Conservative
    Party`); a country name takes the country's name of its time (`U.S.` -> `United States`);
    anything else is itself with its white space normalised.
    """
    persons = PersonNames(name for name, label in labels.items() if label == PERSON_LABEL)
    canonical = {}
    for name, label in labels.items():
        organisation = organisation_aliases().get(alias_key(name))
        if label == PERSON_LABEL:
            canonical[name] = persons.fullest(name)
        elif organisation is not None:
            canonical[name] = organisation.canonical
        else:
            canonical[name] = country_name(name) or normalised(name)
    for alias, name in aliases.items():
        canonical[alias] = canonical[name]
    return canonical
