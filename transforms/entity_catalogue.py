"""The entity catalogue: one row per person, organisation, place or other named entity across
documents, with a stable id.

Per document, the entity rules give each named entity a canonical name and a label
(`transforms.entities`). Across documents the same entity must be one row, counted once, so
this module folds the documents' entities into a catalogue:

1. **Aggregate** each document's entities (`document_aggregates`): one `EntityAggregate` per
   canonical name and label, with the spellings used and their counts.
2. **Build** the catalogue from the set of all documents' aggregates (`build_catalogue`): rows,
   and the `entity_id` of every document's entity. Corpus-wide decisions are made here: the label
   (curated knowledge first, else the label most documents give it) and surname linking (below).
   The result is a function of the set of aggregates alone (they are sorted first), so a
   catalogue updated run after run (`update_catalogue`) equals one rebuilt by a full refresh,
   whatever the order or batching of the documents.

Identity key: a country or territory is keyed by its canonical name as a place, whatever other
label a document gave it (`Wales` the rugby team is still Wales), except a person's (`Jordan` the
state is not `Jordan` the person); every other entity by its canonical name, case and white
space folded, whatever label a document gave it: the label is decided across the corpus, so
`Yukos` labelled a person in one article and an organisation in another is one entity.

`entity_id` is the first 16 hex digits of SHA-256 over a version tag and the identity key (text
in Unicode NFC): the same on every machine, in every run and after a full refresh, and
independent of the order documents arrive in. A linked surname takes its full name's id.

Surname linking. A document that names a person in full resolves the surname to the full name
itself. A bare surname in a document that never names the person in full (`Blair`) is linked to
a catalogue person only when that is unambiguous:

- across the corpus, when the catalogue's people whose full name ends in that surname are one,
  or one of them holds at least `LINK_SHARE` of their documents (`Blair` -> `Tony Blair`, with
  hundreds of documents against a few for `Cherie Blair`);
- otherwise document by document, when the document's other entities point to one of them: the
  candidate whose documents share the most of them (each weighted by its rarity, idf) scores at
  least `CONTEXT_MIN_SCORE` and `CONTEXT_MARGIN` times the next (`Brown` in a Budget story
  beside `Treasury` and `Labour Party` is `Gordon Brown`; beside `Manchester United` it is
  `Wes Brown`);
- otherwise the surname stays its own entity (`Bush` where `George W Bush` and `George Bush` are
  named about as often and the context does not decide).

Only single-word names that the catalogue labels PERSON are linked.

How a pipeline run uses it (no I/O here): per batch, `document_aggregates(doc_id, entities,
seen)` for each document beside its `entities` rows; per run, `update_catalogue(published
aggregates of the current documents, the run's aggregates)` (the published aggregates can be read
back from `entities`: per document, canonical, label and the count of each `text`), then stamp
`entity_id = catalogue.entity_id(doc_id, canonical, label)` on the run's `entities` and
`entity_sentiment` rows and write `catalogue.rows` as the catalogue table (`CATALOGUE_COLUMNS`).
A later run can move a bare surname's documents from its own entity to a full name or back (a new
candidate appears); `Catalogue.resolution` compared with the ids published tells which rows to
restamp.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms.entity_countries import country_codes, country_entry
from transforms.entity_labels import curated_label
from transforms.entity_people import is_tail
from transforms.entity_tables import NAME_LABELS, PERSON_LABEL

ID_VERSION = "newsflow-entity-v1"
ID_HEX_DIGITS = 16
LINK_SHARE = 0.9
CONTEXT_MIN_SCORE = 1.0
CONTEXT_MARGIN = 2.0
# Added to a candidate's document count when sharing out its company: one article about someone
# says little about whom they are usually named with.
PROFILE_SMOOTHING = 3
PLACE_KIND = "place"
NAME_KIND = "name"

Key = tuple[str, str]


class _Named:
    """What `document_aggregates` reads of an entity: its text, label and canonical name."""

    text: str
    label: str
    canonical: str


@dataclass(frozen=True)
class EntityAggregate:
    """One named entity of one document: a canonical name and label, and how it was written.

    `seen` is any sortable text (an ISO date or timestamp) that `first_seen` and `last_seen`
    report the extremes of; it must be a property of the document for a catalogue built by a
    full refresh to equal one kept up to date.
    """

    doc_id: str
    canonical: str
    label: str
    aliases: tuple[tuple[str, int], ...]
    seen: str = ""

    @property
    def mentions(self) -> int:
        return sum(count for _, count in self.aliases)


@dataclass(frozen=True)
class CatalogueRow:
    """One entity of the catalogue (`CATALOGUE_COLUMNS` says what each field means)."""

    entity_id: str
    name: str
    label: str
    iso_alpha2: str | None
    iso_alpha3: str | None
    aliases: tuple[tuple[str, int], ...]
    documents: int
    mentions: int
    first_seen: str | None
    last_seen: str | None
    linked_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """The catalogue rows (sorted by id) and the `entity_id` of every document's entity."""

    rows: tuple[CatalogueRow, ...]
    resolution: Mapping[tuple[str, str, str], str]

    def entity_id(self, doc_id: str, canonical: str, label: str) -> str | None:
        """The id of a document's entity; `None` for labels outside the catalogue."""
        return self.resolution.get((doc_id, canonical, label))


CATALOGUE_COLUMNS = {
    "entity_id": "Stable id: first 16 hex digits of SHA-256 of the identity key.",
    "name": "Canonical name: the spelling most of its mentions resolve to.",
    "label": "One label for the entity, from curated knowledge or most of its documents.",
    "iso_alpha2": "ISO 3166-1 alpha-2 code of a country or territory (null otherwise).",
    "iso_alpha3": "ISO 3166-1 alpha-3 code (ISO 3166-3 for former states; null otherwise).",
    "aliases": "Every spelling seen, with its number of mentions, most frequent first.",
    "documents": "Number of documents that mention the entity.",
    "mentions": "Number of mentions across those documents.",
    "first_seen": "Earliest `seen` value of those documents.",
    "last_seen": "Latest `seen` value of those documents.",
    "linked_names": "Bare surnames of other documents linked to this entity.",
}


def document_aggregates(
    doc_id: str, entities: Iterable[_Named], seen: str = ""
) -> list[EntityAggregate]:
    """One aggregate per (canonical, label) of a document's named entities, sorted.

    Dates, amounts and other labels outside `NAME_LABELS` are not catalogue entities.
    """
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for entity in entities:
        if entity.label in NAME_LABELS:
            key = (entity.canonical, entity.label)
            spellings.setdefault(key, Counter())[entity.text] += 1
    return [
        EntityAggregate(doc_id, canonical, label, tuple(sorted(counts.items())), seen)
        for (canonical, label), counts in sorted(spellings.items())
    ]


@lru_cache(maxsize=131072)
def identity_key(canonical: str, label: str) -> Key:
    """(kind, key) that decides which catalogue entity a document's entity belongs to."""
    name = unicodedata.normalize("NFC", " ".join(canonical.split()))
    if label != PERSON_LABEL and country_entry(name) is not None:
        return PLACE_KIND, name.casefold()
    return NAME_KIND, name.casefold()


@lru_cache(maxsize=131072)
def entity_id(key: Key) -> str:
    """The stable id of an identity key."""
    digest = hashlib.sha256("\0".join((ID_VERSION, *key)).encode("utf-8")).hexdigest()
    return digest[:ID_HEX_DIGITS]


def update_catalogue(
    previous: Iterable[EntityAggregate], new: Iterable[EntityAggregate]
) -> Catalogue:
    """The catalogue after adding new documents' aggregates to the previous ones.

    A document given again (same id) counts once: its aggregates replace the earlier ones.
    """
    fresh = list(new)
    renewed = {aggregate.doc_id for aggregate in fresh}
    kept = [aggregate for aggregate in previous if aggregate.doc_id not in renewed]
    return build_catalogue(kept + fresh)


def build_catalogue(aggregates: Iterable[EntityAggregate]) -> Catalogue:
    """The catalogue of a set of documents' aggregates (order and duplicates do not matter)."""
    unique = {(a.doc_id, a.canonical, a.label): a for a in aggregates}
    ordered = [unique[k] for k in sorted(unique)]
    keys = {(a.canonical, a.label): identity_key(a.canonical, a.label) for a in ordered}
    groups: dict[Key, list[EntityAggregate]] = defaultdict(list)
    for aggregate in ordered:
        groups[keys[aggregate.canonical, aggregate.label]].append(aggregate)
    labels = {key: _label(members) for key, members in groups.items()}
    links = surname_links(groups, labels)
    merged: dict[Key, list[EntityAggregate]] = defaultdict(list)
    linked: dict[Key, set[str]] = defaultdict(set)
    resolution = {}
    for key, members in groups.items():
        for aggregate in members:
            target = links.get((key, aggregate.doc_id), key)
            merged[target].append(aggregate)
            if target != key:
                linked[target].add(aggregate.canonical)
            resolution[aggregate.doc_id, aggregate.canonical, aggregate.label] = entity_id(target)
    rows = [_row(key, members, labels[key], linked[key]) for key, members in merged.items()]
    return Catalogue(tuple(sorted(rows, key=lambda row: row.entity_id)), resolution)


def surname_links(
    groups: Mapping[Key, Sequence[EntityAggregate]], labels: Mapping[Key, str]
) -> dict[tuple[Key, str], Key]:
    """(bare surname key, document) -> the full-name key it is linked to, where unambiguous."""
    people = [key for key in groups if labels[key] == PERSON_LABEL and key[0] == NAME_KIND]
    by_surname: dict[str, list[Key]] = defaultdict(list)
    for key in people:
        words = key[1].split()
        if len(words) > 1 and _is_full_name(_name(groups[key])):
            by_surname[words[-1]].append(key)
    context = _Context(groups)
    links = {}
    for key in people:
        candidates = [c for c in by_surname.get(key[1], []) if is_tail(key[1], c[1])]
        if " " in key[1] or not candidates:
            continue
        dominant = _dominant(candidates, groups)
        for doc_id in sorted({a.doc_id for a in groups[key]}):
            target = dominant or context.best(doc_id, key, candidates)
            if target is not None:
                links[key, doc_id] = target
    return links


def _is_full_name(name: str) -> bool:
    """A name a surname can stand for: capitalised, not a list (`Blair and Brown`, `Gray, Brown`)."""
    return name[:1].isupper() and "," not in name and " and " not in name


def _dominant(
    candidates: Sequence[Key], groups: Mapping[Key, Sequence[EntityAggregate]]
) -> Key | None:
    """The one candidate, or the one holding `LINK_SHARE` of the candidates' documents."""
    documents = {key: len({a.doc_id for a in groups[key]}) for key in candidates}
    best = min(candidates, key=lambda key: (-documents[key], key))
    return best if documents[best] >= LINK_SHARE * sum(documents.values()) else None


class _Context:
    """Which entities each document names, how rare each is (idf), and each person's company."""

    def __init__(self, groups: Mapping[Key, Sequence[EntityAggregate]]) -> None:
        self.keys_of: dict[str, set[Key]] = defaultdict(set)
        for key, members in groups.items():
            for aggregate in members:
                self.keys_of[aggregate.doc_id].add(key)
        total = len(self.keys_of)
        self.docs_of = {key: {a.doc_id for a in members} for key, members in groups.items()}
        self.idf = {key: math.log(total / len(docs)) for key, docs in self.docs_of.items()}
        self._profiles: dict[Key, dict[Key, float]] = {}

    def best(self, doc_id: str, surname: Key, candidates: Sequence[Key]) -> Key | None:
        """The candidate this document's other entities clearly point to, if any."""
        here = self.keys_of[doc_id] - {surname}
        scores = {c: self._score(here - {c}, c) for c in candidates}
        ranked = sorted(candidates, key=lambda c: (-scores[c], c))
        best = ranked[0]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if scores[best] >= CONTEXT_MIN_SCORE and scores[best] >= CONTEXT_MARGIN * runner_up:
            return best
        return None

    def _score(self, keys: set[Key], candidate: Key) -> float:
        """Sum over the shared entities of their idf times the share of the candidate's
        documents that name them: `Labour Party` beside `Gordon Brown` counts, a `United
        Kingdom` named everywhere hardly does."""
        profile = self._profile(candidate)
        return sum(self.idf[key] * profile[key] for key in keys if key in profile)

    def _profile(self, candidate: Key) -> dict[Key, float]:
        if candidate not in self._profiles:
            docs = self.docs_of[candidate]
            counts: Counter[Key] = Counter(k for d in docs for k in self.keys_of[d])
            smoothed = len(docs) + PROFILE_SMOOTHING
            self._profiles[candidate] = {k: n / smoothed for k, n in counts.items()}
        return self._profiles[candidate]


def _label(members: Sequence[EntityAggregate]) -> str:
    """Curated knowledge first, else the label most documents give (then most mentions)."""
    curated = curated_label(_name(members))
    if curated is not None:
        return curated
    documents: Counter[str] = Counter(a.label for a in members)
    mentions: Counter[str] = Counter()
    for aggregate in members:
        mentions[aggregate.label] += aggregate.mentions
    return min(documents, key=lambda label: (-documents[label], -mentions[label], label))


def _name(members: Sequence[EntityAggregate]) -> str:
    """The canonical name most mentions resolve to (ties: the first in sort order)."""
    names: Counter[str] = Counter()
    for aggregate in members:
        names[aggregate.canonical] += aggregate.mentions
    return min(names, key=lambda name: (-names[name], name))


def _row(
    key: Key, members: Sequence[EntityAggregate], label: str, linked: set[str]
) -> CatalogueRow:
    name = _name([m for m in members if identity_key(m.canonical, m.label) == key] or members)
    codes = _codes(name) if key[0] == PLACE_KIND else None
    aliases: Counter[str] = Counter()
    for aggregate in members:
        aliases.update(dict(aggregate.aliases))
    seen = sorted(a.seen for a in members if a.seen)
    return CatalogueRow(
        entity_id=entity_id(key),
        name=name,
        label=label,
        iso_alpha2=codes[0] if codes else None,
        iso_alpha3=codes[1] if codes else None,
        aliases=tuple(sorted(aliases.items(), key=lambda item: (-item[1], item[0]))),
        documents=len({a.doc_id for a in members}),
        mentions=sum(aliases.values()),
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        linked_names=tuple(sorted(linked)),
    )


def _codes(name: str) -> tuple[str, str] | None:
    entry = country_entry(name)
    return None if entry is None else country_codes(entry.iso3)
