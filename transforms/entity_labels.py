"""One label per name, decided with evidence: the model's votes, the words around each mention,
and curated knowledge.

A small model copies its mistake to every mention of a frequent name (`Yukos` a person in every
article). The model's label of each mention is one vote; the words next to a mention add votes
(`shares in X`, `X chief executive`, `Mr X`, `X, 45,`, `X v Y`, `X 2 Y 1`), weighted by the cue
table `data/entities/label_cues.tsv`; a title before a name makes it a person's. Curated names
decide outright: the organisation and party aliases, the gazetteer of well-known organisations,
events and works, and whole country names (always places).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

from transforms.entity_countries import is_country_name
from transforms.entity_data import alias_key, gazetteer, organisation_aliases, read_table
from transforms.entity_people import PERSON_HONORIFICS, title_before
from transforms.entity_results import team_spans
from transforms.entity_tables import COUNTRY_LABEL, COUNTRY_RELABELLED_LABELS, PERSON_LABEL
from transforms.mentions import Mention

Evidence = Counter  # label -> votes

TITLE_WEIGHT = 3
HONORIFIC_WEIGHT = 6
TEAM_WEIGHT = 2
TABLE_WEIGHT = 3
PLACE_WEIGHT = 2
# Glued to a place's name: `Glasgow-based`, `Belfast-born`.
PLACE_SUFFIXES = ("-based", "-born")
AGE_WEIGHT = 2
ORG_LABEL = "ORG"
# Labels a place-like name can be moved from by sports context (a team named after a place).
TEAM_RELABELLED = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PRODUCT", "WORK_OF_ART"})

_AGE_AFTER = re.compile(r",\s*\d{1,2}\s*,")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)?\s+")
_FIXTURE_AFTER = re.compile(r"\s+(?:v|vs\.?|versus)\s+\S")
_FIXTURE_BEFORE = re.compile(r"\b(?:v|vs\.?|versus)\s+$")
_RESULT_AFTER = re.compile(
    r"\s+(?:beat|beats|defeated|thrashed|edged|overcame|drew with|drew|lost to|lose to|draw with)"
    r"\s+\S"
)
_RESULT_BEFORE = re.compile(
    r"\b(?:beat|beating|defeated|defeating|thrashed|against|drew with|lost to|victory over"
    r"|win over|defeat to|defeat by|defeat against|draw with|loss to|visit of|trip to)\s+$"
)
_CUE_WORDS = re.compile(r"[a-z]+")
_SCORE_AFTER = re.compile(r"\s+\d{1,3}(?:-\d{1,3})?(?![\d.\-/:])")


@lru_cache(maxsize=1)
def label_cues() -> dict[str, dict[str, tuple[str, int]]]:
    """The cue table: side -> cue words (lower case, single spaces) -> (label, weight)."""
    cues: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    for row in read_table("label_cues.tsv"):
        cues[row["side"]][" ".join(row["cue"].split())] = (row["label"], int(row["weight"]))
    return dict(cues)


_MAX_CUE_WORDS = 3


def mention_evidence(paragraph: str, mention: Mention, team_paragraph: bool) -> Evidence:
    """The votes the words around one mention give, by label."""
    votes: Evidence = Counter()
    start, end = mention.start_char, mention.end_char
    before = paragraph[max(0, start - 40) : start]
    if before.endswith(" "):
        words = before.lower().split()[-_MAX_CUE_WORDS:]
        for count in range(1, len(words) + 1):
            _add(votes, label_cues()["before"].get(" ".join(words[-count:])))
    after = _POSSESSIVE.match(paragraph, end)
    if after is not None:
        words = _CUE_WORDS.findall(paragraph[after.end() : after.end() + 40].lower())
        for count in range(1, min(len(words), _MAX_CUE_WORDS) + 1):
            _add(votes, label_cues()["after"].get(" ".join(words[:count])))
    title = title_before(paragraph, start)
    if title is not None:
        votes[PERSON_LABEL] += HONORIFIC_WEIGHT if title in PERSON_HONORIFICS else TITLE_WEIGHT
    if _AGE_AFTER.match(paragraph, end):
        votes[PERSON_LABEL] += AGE_WEIGHT
    if paragraph.startswith(PLACE_SUFFIXES, end):
        votes[COUNTRY_LABEL] += PLACE_WEIGHT
    if mention.label in TEAM_RELABELLED and (
        _is_team_context(paragraph, start, end, before)
        or (team_paragraph and _SCORE_AFTER.match(paragraph, end))
    ):
        votes[ORG_LABEL] += TEAM_WEIGHT
    return votes


def _add(votes: Evidence, cue: tuple[str, int] | None) -> None:
    if cue is not None:
        votes[cue[0]] += cue[1]


def _is_team_context(paragraph: str, start: int, end: int, before: str) -> bool:
    return bool(
        _FIXTURE_AFTER.match(paragraph, end)
        or _FIXTURE_BEFORE.search(before)
        or _RESULT_AFTER.match(paragraph, end)
        or _RESULT_BEFORE.search(before)
    )


def is_team_paragraph(paragraph: str, mentions: Sequence[Mention]) -> bool:
    """A results line: at least two names each followed by a score (`Wigan 42 Bradford 36`)."""
    return sum(1 for m in mentions if _SCORE_AFTER.match(paragraph, m.end_char)) >= 2


def document_evidence(paragraphs: Sequence[str], names: Sequence[Mention]) -> dict[str, Evidence]:
    """Per name: one vote per model mention for its label, plus the votes of its contexts.

    A name in a results or standings row (`transforms.entity_results`) adds team votes, unless
    the model called it a person there (a golfer's row looks like a team's).
    """
    by_paragraph: dict[int, list[Mention]] = defaultdict(list)
    for mention in names:
        by_paragraph[mention.paragraph_index].append(mention)
    teams = {i: is_team_paragraph(paragraphs[i], found) for i, found in by_paragraph.items()}
    rows = {i: set(team_spans(paragraphs[i])) for i in by_paragraph}
    evidence: dict[str, Evidence] = defaultdict(Counter)
    for mention in names:
        paragraph = paragraphs[mention.paragraph_index]
        evidence[mention.text][mention.label] += 1
        evidence[mention.text].update(
            mention_evidence(paragraph, mention, teams[mention.paragraph_index])
        )
        span = (mention.start_char, mention.end_char)
        if span in rows[mention.paragraph_index] and _may_be_team(mention):
            evidence[mention.text][ORG_LABEL] += TABLE_WEIGHT
    return evidence


def _may_be_team(mention: Mention) -> bool:
    """A row's name is a team unless the model saw a person with a full name (a golfer's row)."""
    return mention.label != PERSON_LABEL or " " not in mention.text.strip()


def with_table_mentions(paragraphs: Sequence[str], known: Sequence[Mention]) -> list[Mention]:
    """The mentions plus the team names of results and standings rows, as ORG.

    A row's team name replaces the model's mentions inside it (`KANSAS` of `KANSAS CITY`), but
    not a full person name the model found there.
    """
    by_paragraph: dict[int, list[Mention]] = defaultdict(list)
    for mention in known:
        by_paragraph[mention.paragraph_index].append(mention)
    replaced: set[Mention] = set()
    found = []
    for index, paragraph in enumerate(paragraphs):
        for start, end in team_spans(paragraph):
            inside = [m for m in by_paragraph[index] if start < m.end_char and m.start_char < end]
            if all(m.start_char >= start and m.end_char <= end and _may_be_team(m) for m in inside):
                replaced.update(inside)
                label = (
                    inside[0].label
                    if len(inside) == 1 and inside[0].end_char - inside[0].start_char == end - start
                    else ORG_LABEL
                )
                found.append(Mention(index, start, end, paragraph[start:end], label))
    return found + [m for m in known if m not in replaced]


def curated_label(name: str) -> str | None:
    """The label curated knowledge gives a name: gazetteer, organisation alias, or country."""
    key = alias_key(name)
    if key in gazetteer():
        return gazetteer()[key]
    alias = organisation_aliases().get(key)
    if alias is not None:
        return alias.label
    return COUNTRY_LABEL if is_country_name(name) else None


def decide_labels(evidence: Mapping[str, Evidence], acronyms: Mapping[str, str]) -> dict[str, str]:
    """One label per name: curated knowledge, else the label with most votes.

    Ties go to the label the model gave first. A country name keeps its place label only among
    the labels a country can be mistaken for (a NORP `British` is not moved). An acronym takes
    its full name's label.
    """
    labels = {text: decide_label(text, votes) for text, votes in evidence.items()}
    for acronym, full_name in acronyms.items():
        if full_name in labels and curated_label(acronym) is None:
            labels[acronym] = labels[full_name]
    return labels


def decide_label(text: str, votes: Evidence) -> str:
    """The label of one name from its votes (in the order labels were first seen)."""
    curated = curated_label(text)
    model_labels = list(votes)
    if curated == COUNTRY_LABEL:
        top = _top(votes, model_labels)
        return COUNTRY_LABEL if top in COUNTRY_RELABELLED_LABELS else top
    if curated is not None:
        return curated
    return _top(votes, model_labels)


def _top(votes: Evidence, order: list[str]) -> str:
    """The label with most votes; ties go to the one seen first."""
    best = max(votes.values())
    return next(label for label in order if votes[label] == best)
