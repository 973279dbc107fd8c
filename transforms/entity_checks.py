"""Detectors for the entity invariants the validation report warns about.

Each function reads rows as the tables hold them (mappings with the `entities` columns:
`doc_id`, `paragraph_index`, `start_char`, `end_char`, `text`, `label`, `canonical`, and
`entity_id` where present) and returns the offending rows or groups, so a report can count them
and show examples. None of them should find anything in the output of `resolve_entities` and
`build_catalogue`; a finding means a rule, a table or the model changed in a way the tests
missed, so these are warnings, not reasons to hold data back.

- `titled_canonicals`: a PERSON canonical name that opens with a title (`Mr Blair`).
- `split_people`: in one document a person's short name and full name as two canonicals, the
  short name fitting that one full name only, titles aside (`Blair` or `Mr Blair` beside `Tony
  Blair`; `Bush` beside both `George Bush` and `Laura Bush` is the documented ambiguous case and
  not reported).
- `amounts_without_unit`: a MONEY mention without a currency sign or word, a PERCENT without
  `%`, `per cent`, `percent` or `pct` (`76` for `76%`).
- `labels_disagreeing`: a mention whose label differs from its catalogue entity's label.
- `spans_across_sentences`: a mention that crosses a sentence boundary of its paragraph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from transforms.entity_people import is_tail, starts_with_title, title_length
from transforms.entity_tables import CURRENCY_WORDS, PERCENT_WORDS, PERSON_LABEL
from transforms.sentences import split_sentences

Row = Mapping[str, Any]

_CURRENCY = re.compile(r"[$£€¥₹¢]|\d+p\b|\b(?:" + "|".join(CURRENCY_WORDS) + r")\b", re.IGNORECASE)
_PERCENT = re.compile("|".join(re.escape(word) for word in PERCENT_WORDS), re.IGNORECASE)


def titled_canonicals(rows: Iterable[Row]) -> list[Row]:
    """PERSON rows whose canonical name opens with a title or honorific."""
    return [
        row for row in rows if row["label"] == PERSON_LABEL and starts_with_title(row["canonical"])
    ]


def split_people(rows: Iterable[Row]) -> list[tuple[str, str, str]]:
    """(doc_id, short canonical, full canonical) where one person has two canonicals."""
    people: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["label"] == PERSON_LABEL:
            people[row["doc_id"]].add(row["canonical"])
    found = []
    for doc_id in sorted(people):
        names = {name: _untitled(name).casefold() for name in people[doc_id]}
        for short in sorted(names):
            key = names[short]
            longer = {names[n] for n in names if names[n] != key and is_tail(key, names[n])}
            if len(longer) == 1:
                (full,) = longer
                found.append((doc_id, short, next(n for n in sorted(names) if names[n] == full)))
    return found


def _untitled(name: str) -> str:
    """The name without its title: `Mr Blair` is Blair, the same person as `Blair`."""
    return name[title_length(name) :]


def amounts_without_unit(rows: Iterable[Row]) -> list[Row]:
    """MONEY rows without a currency, PERCENT rows without a percent sign or word."""
    return [
        row
        for row in rows
        if (row["label"] == "MONEY" and not _CURRENCY.search(row["text"]))
        or (row["label"] == "PERCENT" and not _PERCENT.search(row["text"]))
    ]


def labels_disagreeing(rows: Iterable[Row], catalogue_labels: Mapping[str, str]) -> list[Row]:
    """Rows whose label is not their entity's catalogue label (`entity_id` -> label)."""
    return [
        row
        for row in rows
        if row.get("entity_id") in catalogue_labels
        and catalogue_labels[row["entity_id"]] != row["label"]
    ]


def spans_across_sentences(
    rows: Iterable[Row], paragraphs: Mapping[tuple[str, int], str]
) -> list[Row]:
    """Rows whose span holds a sentence boundary of its paragraph ((doc_id, index) -> text)."""
    found = []
    sentences: dict[tuple[str, int], Sequence[tuple[int, int]]] = {}
    for row in rows:
        key = (row["doc_id"], row["paragraph_index"])
        if key not in paragraphs:
            continue
        if key not in sentences:
            sentences[key] = split_sentences(paragraphs[key])
        start, end = row["start_char"], row["end_char"]
        if sum(1 for s, e in sentences[key] if s < end and start < e) > 1:
            found.append(row)
    return found
