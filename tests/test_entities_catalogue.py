"""The entity catalogue: ids, labels, ISO codes, surname linking, and independence from order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.entities import Entity, Mention, resolve_entities
from transforms.entity_catalogue import (
    EntityAggregate,
    build_catalogue,
    document_aggregates,
    entity_id,
    identity_key,
    update_catalogue,
)
from transforms.entity_tables import NAME_LABELS


def aggregate(doc: str, canonical: str, label: str, *aliases: tuple[str, int]) -> EntityAggregate:
    return EntityAggregate(
        doc, canonical, label, tuple(aliases) or ((canonical, 1),), "2005-01-0" + doc[-1]
    )


def by_name(catalogue) -> dict:
    return {row.name: row for row in catalogue.rows}


def test_entity_id_is_a_fixed_function_of_the_identity_key() -> None:
    # Pinned: a change here changes every published id, and needs a new ID_VERSION.
    assert entity_id(("name", "tony blair")) == entity_id(identity_key(" Tony  Blair", "PERSON"))
    assert entity_id(("name", "tony blair")) == "bd403668cd06765d"
    assert len(entity_id(("place", "jordan"))) == 16


def test_identity_keeps_countries_apart_from_people_of_the_same_name() -> None:
    assert identity_key("Jordan", "GPE") != identity_key("Jordan", "PERSON")
    assert identity_key("Yukos", "PERSON") == identity_key("Yukos", "ORG")


def test_document_aggregates_count_spellings_and_skip_non_names() -> None:
    entities = [
        Entity(0, 0, 2, "EU", "ORG", "European Union"),
        Entity(0, 5, 7, "EU", "ORG", "European Union"),
        Entity(1, 0, 14, "European Union", "ORG", "European Union"),
        Entity(1, 20, 23, "76%", "PERCENT", "76%"),
    ]
    (only,) = document_aggregates("d1", entities, "2005-02-01")
    assert only == EntityAggregate(
        "d1", "European Union", "ORG", (("EU", 2), ("European Union", 1)), "2005-02-01"
    )
    assert only.mentions == 3


def test_catalogue_rows_and_iso_codes() -> None:
    catalogue = build_catalogue(
        [
            aggregate("d1", "United Kingdom", "GPE", ("UK", 3), ("Britain", 1)),
            aggregate("d2", "United Kingdom", "GPE", ("Britain", 2)),
            aggregate("d2", "Turkey", "GPE"),
            aggregate("d3", "Burma", "GPE"),
            aggregate("d3", "Yukos", "PERSON", ("Yukos", 4)),
            aggregate("d4", "Yukos", "ORG"),
        ]
    )
    rows = by_name(catalogue)
    uk = rows["United Kingdom"]
    assert (uk.iso_alpha2, uk.iso_alpha3, uk.documents, uk.mentions) == ("GB", "GBR", 2, 6)
    assert uk.aliases == (("Britain", 3), ("UK", 3))
    assert (uk.first_seen, uk.last_seen) == ("2005-01-01", "2005-01-02")
    assert (rows["Turkey"].iso_alpha3, rows["Burma"].iso_alpha3) == ("TUR", "MMR")
    assert rows["Yukos"].label == "ORG"  # curated: one label for every document
    assert rows["Yukos"].iso_alpha2 is None
    assert catalogue.entity_id("d3", "Yukos", "PERSON") == catalogue.entity_id("d4", "Yukos", "ORG")


def test_label_is_what_most_documents_say() -> None:
    catalogue = build_catalogue(
        [
            aggregate("d1", "Acme Widgets", "PERSON", ("Acme Widgets", 9)),
            aggregate("d2", "Acme Widgets", "ORG"),
            aggregate("d3", "Acme Widgets", "ORG"),
        ]
    )
    assert by_name(catalogue)["Acme Widgets"].label == "ORG"


def test_bare_surname_links_to_the_one_full_name() -> None:
    catalogue = build_catalogue(
        [
            aggregate("d1", "Tony Blair", "PERSON", ("Tony Blair", 1), ("Blair", 3)),
            aggregate("d2", "Tony Blair", "PERSON"),
            aggregate("d3", "Blair", "PERSON", ("Blair", 2)),
        ]
    )
    rows = by_name(catalogue)
    assert "Blair" not in rows
    assert rows["Tony Blair"].linked_names == ("Blair",)
    assert rows["Tony Blair"].documents == 3
    assert catalogue.entity_id("d3", "Blair", "PERSON") == rows["Tony Blair"].entity_id


def test_bare_surname_links_to_a_dominant_full_name() -> None:
    aggregates = [aggregate(f"a{i}", "Tony Blair", "PERSON") for i in range(10)]
    aggregates += [aggregate("c1", "Cherie Blair", "PERSON"), aggregate("x1", "Blair", "PERSON")]
    catalogue = build_catalogue(aggregates)
    assert (
        catalogue.entity_id("x1", "Blair", "PERSON") == by_name(catalogue)["Tony Blair"].entity_id
    )


def test_ambiguous_surname_stays_its_own_entity() -> None:
    aggregates = [aggregate(f"g{i}", "George Bush", "PERSON") for i in range(3)]
    aggregates += [aggregate(f"l{i}", "Laura Bush", "PERSON") for i in range(3)]
    aggregates += [aggregate("x1", "Bush", "PERSON")]
    catalogue = build_catalogue(aggregates)
    rows = by_name(catalogue)
    assert rows["Bush"].documents == 1
    assert catalogue.entity_id("x1", "Bush", "PERSON") == rows["Bush"].entity_id


def test_ambiguous_surname_is_linked_where_the_document_context_decides() -> None:
    aggregates = []
    for i in range(4):
        aggregates += [
            aggregate(f"g{i}", "Gordon Brown", "PERSON"),
            aggregate(f"g{i}", "Treasury", "ORG"),
            aggregate(f"g{i}", "Labour Party", "ORG"),
        ]
        aggregates += [
            aggregate(f"w{i}", "Wes Brown", "PERSON"),
            aggregate(f"w{i}", "Manchester United", "ORG"),
            aggregate(f"w{i}", "Old Trafford", "FAC"),
        ]
    aggregates += [
        aggregate("x1", "Brown", "PERSON"),
        aggregate("x1", "Treasury", "ORG"),
        aggregate("x1", "Labour Party", "ORG"),
        aggregate("x2", "Brown", "PERSON"),
        aggregate("x2", "Manchester United", "ORG"),
        aggregate("x2", "Old Trafford", "FAC"),
        aggregate("x3", "Brown", "PERSON"),
    ]
    # Other news, so that the shared names are rare ones as in a real corpus.
    aggregates += [aggregate(f"o{i}", "United Kingdom", "GPE") for i in range(30)]
    catalogue = build_catalogue(aggregates)
    rows = by_name(catalogue)
    assert catalogue.entity_id("x1", "Brown", "PERSON") == rows["Gordon Brown"].entity_id
    assert catalogue.entity_id("x2", "Brown", "PERSON") == rows["Wes Brown"].entity_id
    assert catalogue.entity_id("x3", "Brown", "PERSON") == rows["Brown"].entity_id


# --- properties ---------------------------------------------------------------------------

NAMES = ["Tony Blair", "Blair", "Cherie Blair", "Bush", "George Bush", "Laura Bush", "EU"]
NAMES += ["European Union", "United Kingdom", "Jordan", "Yukos", "Chelsea", "Brown"]
LABELS = ["PERSON", "ORG", "GPE"]


@st.composite
def corpora(draw) -> list[EntityAggregate]:
    documents = draw(st.integers(1, 12))
    found = []
    for doc in range(documents):
        names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
        for name in names:
            label = draw(st.sampled_from(LABELS))
            count = draw(st.integers(1, 4))
            seen = f"2005-0{draw(st.integers(1, 9))}"
            found.append(EntityAggregate(f"d{doc}", name, label, ((name, count),), seen))
    unique = {(a.doc_id, a.canonical, a.label): a for a in found}
    return list(unique.values())


@settings(max_examples=150, deadline=None)
@given(corpora(), st.randoms(use_true_random=False))
def test_catalogue_is_the_same_in_any_order_and_batching(aggregates, rng: random.Random) -> None:
    whole = build_catalogue(aggregates)
    shuffled = list(aggregates)
    rng.shuffle(shuffled)
    documents = sorted({a.doc_id for a in shuffled})
    cut = rng.randint(0, len(documents))
    first = [a for a in shuffled if a.doc_id in documents[:cut]]
    later = [a for a in shuffled if a.doc_id not in documents[:cut]]
    incremental = update_catalogue(build_catalogue_input(first), later)
    assert incremental == whole
    assert update_catalogue(aggregates, []) == whole
    assert update_catalogue(aggregates, first) == whole  # documents given again count once


def build_catalogue_input(aggregates: list[EntityAggregate]) -> list[EntityAggregate]:
    """What an earlier run published: the same aggregates (read back in another order)."""
    return sorted(aggregates, key=lambda a: (a.label, a.canonical, a.doc_id), reverse=True)


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_every_entity_resolves_to_a_catalogue_row_and_counts_add_up(aggregates) -> None:
    catalogue = build_catalogue(aggregates)
    ids = {row.entity_id for row in catalogue.rows}
    for a in aggregates:
        assert catalogue.entity_id(a.doc_id, a.canonical, a.label) in ids
    assert sum(row.mentions for row in catalogue.rows) == sum(a.mentions for a in aggregates)
    assert len(ids) == len(catalogue.rows)


# --- from documents to ids ------------------------------------------------------------------

WORDS = ["Tony", "Blair", "Mr", "said", "the", "EU", "Labour", "Tories", "Turkey", "US", "Us"]
WORDS += ["Yukos", "shares", "in", "rose", "5%", "$3m", ".", ",", "Brown", "Gordon", "Norwich", "1"]


@st.composite
def resolved_corpora(draw) -> list[tuple[str, list[Entity]]]:
    """Documents of generated words, with the model's mentions on random word spans."""
    documents = []
    for doc in range(draw(st.integers(1, 5))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
        paragraph = " ".join(words)
        starts = [i for i, char in enumerate(paragraph) if i == 0 or paragraph[i - 1] == " "]
        mentions = []
        for _ in range(draw(st.integers(0, 4))):
            first = draw(st.sampled_from(starts))
            length = draw(st.integers(1, 3))
            end = paragraph.find(" ", first)
            for _ in range(length - 1):
                end = paragraph.find(" ", end + 1) if end != -1 else -1
            end = len(paragraph) if end == -1 else end
            label = draw(st.sampled_from(["PERSON", "ORG", "GPE", "MONEY", "PERCENT"]))
            mentions.append(Mention(0, first, end, paragraph[first:end], label))
        documents.append((f"d{doc}", resolve_entities([paragraph], mentions)))
    return documents


@settings(max_examples=100, deadline=None)
@given(resolved_corpora())
def test_every_named_mention_gets_a_catalogue_id(documents) -> None:
    aggregates = [a for doc, entities in documents for a in document_aggregates(doc, entities)]
    catalogue = build_catalogue(aggregates)
    ids = {row.entity_id for row in catalogue.rows}
    for doc, entities in documents:
        for e in entities:
            found = catalogue.entity_id(doc, e.canonical, e.label)
            assert (found in ids) if e.label in NAME_LABELS else found is None
