"""People: titles cut from names, and one canonical name per person within a document.

Within a document every mention of a person resolves to the fullest name the document uses for
that person: a surname or any tail of a full name (`Blair`, `Al-Assad`), the same after a title
(`Mr Blair`), a possessive (`Blair's`, already trimmed by the span rules) and a first name used
alone (`Tony`) all become `Tony Blair` when exactly one full name of the document fits. Titles
and honorifics (`data/entities/titles.tsv`) are never part of a canonical name or a span.

The rule for people sharing a name: when two full names of the document share the short form
(`George Bush` and `Laura Bush` for `Bush`), the short form is not merged with either and stays
its own name; a first name shared by two full names likewise stays as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from transforms.entity_data import person_roles, titles

Span = tuple[int, int]

# Honorifics that make any mention a person's, whatever label the model gave it (`Mr Ebbers`).
PERSON_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Messrs", "Sir", "Dame", "Dr"})

_WORD = re.compile(r"[^\s]+")
_NAME_WORD_STARTS = re.compile(r"(?:^|(?<=[\s\-]))\S")
_MIN_NAME_LENGTH = 2


def title_length(text: str, honorifics_only: bool = False) -> int:
    """Length of the title(s) that open `text` and the space after them (0 when none).

    Titles stack (`Prime Minister`, `Sir`), and each is followed by more of the name: a title
    alone (`Major`, a surname too) is never cut. A title's final dot is optional (`Dr.`).
    """
    known = PERSON_HONORIFICS if honorifics_only else titles()
    roles = frozenset() if honorifics_only else person_roles()
    cut = 0
    while True:
        found = _title_at(text, cut, known, roles)
        if found is None:
            return cut
        cut = found


def _title_at(text: str, start: int, known: frozenset[str], roles: frozenset[str]) -> int | None:
    words = list(_WORD.finditer(text, start))
    for count in (3, 2, 1):
        if len(words) <= count:
            continue
        phrase = " ".join(w.group() for w in words[:count]).rstrip(".")
        following = words[count].group()
        role = count == 1 and phrase.istitle() and phrase.lower() in roles
        if (phrase in known or role) and following[:1].isupper():
            return words[count].start()
    return None


_INNER_HONORIFIC = re.compile(
    r"(?<=\s)(?:" + "|".join(sorted(PERSON_HONORIFICS)) + r")\.?\s+(?=[A-Z])"
)


def from_inner_honorific(paragraph: str, span: Span) -> Span:
    """A span with an honorific inside starts there: `Tanzania Mr Brown` is `Mr Brown`."""
    start, end = span
    found = _INNER_HONORIFIC.search(paragraph, start, end)
    return span if found is None else (found.start(), end)


def strip_title(paragraph: str, span: Span, honorifics_only: bool = False) -> Span:
    """The span without the title(s) it opens with."""
    start, end = span
    return start + title_length(paragraph[start:end], honorifics_only), end


def title_before(paragraph: str, start: int) -> str | None:
    """The title written right before `start` (`Mr` in `Mr Blair`), if any."""
    before = paragraph[max(0, start - 40) : start]
    if not before.endswith(" "):
        return None
    words = before.split()
    for count in (3, 2, 1):
        phrase = " ".join(words[-count:]).rstrip(".")
        if len(words) >= count and phrase in titles():
            return phrase
    return None


def starts_with_title(name: str) -> bool:
    """True when a name opens with a title followed by more of the name (`Mr Blair`)."""
    return title_length(name) > 0


class PersonNames:
    """The person names of one document, indexed by their tails and first names.

    `Tony Blair` is found from `Blair` and `Tony`; `Bashar Al-Assad` from `Al-Assad` and
    `Assad`. Names are given without titles.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._by_tail: dict[str, dict[str, str]] = defaultdict(dict)
        self._by_first: dict[str, dict[str, str]] = defaultdict(dict)
        for name in names:
            folded = name.casefold()
            for form in name_tails(name) or [name]:
                self._by_tail[form.casefold()].setdefault(folded, name)
            words = name.split()
            if len(words) > 1:
                self._by_first[words[0].casefold()].setdefault(folded, name)

    def fullest(self, name: str) -> str:
        """The one longest name `name` is a tail or first name of; else `name` itself."""
        folded = name.casefold()
        longer = _maximal(self._by_tail.get(folded, {}))
        if len(longer) == 1 and longer[0].casefold() != folded:
            return normalised(longer[0])
        if longer in ([], [name]) and " " not in name:
            firsts = _maximal(self._by_first.get(folded, {}))
            if len(firsts) == 1:
                # The first word of a tail (`Lula` of `Lula da Silva`) goes on to the full name.
                return self.fullest(firsts[0]) if firsts[0].casefold() != folded else name
        return normalised(name)


def _maximal(candidates: dict[str, str]) -> list[str]:
    """The candidates that are no tail of another candidate (`Ali Khamenei` of `X Ali Khamenei`)."""
    return [
        spelling
        for folded, spelling in candidates.items()
        if not any(folded != other and is_tail(folded, other) for other in candidates)
    ]


def name_tails(name: str) -> list[str]:
    """The name and each of its tails that starts with a capitalised word, longest first."""
    return [
        name[match.start() :]
        for match in _NAME_WORD_STARTS.finditer(name)
        if match.group().isupper() and len(name) - match.start() >= _MIN_NAME_LENGTH
    ]


def is_tail(short: str, full: str) -> bool:
    """True when `short` ends `full` after a space or hyphen (`blair` of `tony blair`)."""
    return full.endswith(short) and full[: -len(short)][-1:] in (" ", "-")


def normalised(name: str) -> str:
    return " ".join(name.split())
