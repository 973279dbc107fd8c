"""The seed article through the real model and the entity rules: what analysts will group by."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.processing.nlp import find_mentions, load_model
from transforms.entities import Entity, entity_tones, resolve_entities
from transforms.sentiment import score_paragraph

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "iran-withdraws-from-syria.txt"


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


@pytest.fixture(scope="module")
def entities(paragraphs: list[str]) -> list[Entity]:
    mentions = find_mentions(load_model(), [paragraphs])[0]
    return resolve_entities(paragraphs, mentions)


def with_text(entities: list[Entity], text: str) -> list[Entity]:
    return [e for e in entities if e.text == text]


def test_offsets_are_exact(paragraphs: list[str], entities: list[Entity]) -> None:
    assert entities
    for e in entities:
        assert paragraphs[e.paragraph_index][e.start_char : e.end_char] == e.text


def test_barbara_leaf_is_a_person(entities: list[Entity]) -> None:
    assert {e.label for e in with_text(entities, "Barbara Leaf")} == {"PERSON"}


@pytest.mark.parametrize(
    ("acronym", "full_name"),
    [("IRGC", "Islamic Revolutionary Guard Corps"), ("HTS", "Hayat Tahrir al-Sham")],
)
def test_acronyms_take_the_full_name(entities: list[Entity], acronym: str, full_name: str) -> None:
    acronyms = with_text(entities, acronym)
    assert acronyms
    assert {e.canonical for e in acronyms} == {full_name}
    assert {e.canonical for e in with_text(entities, full_name)} == {full_name}


def test_hts_mentions_are_counted_everywhere(entities: list[Entity]) -> None:
    assert len(with_text(entities, "HTS")) == 3


def test_assad_is_bashar_al_assad(entities: list[Entity]) -> None:
    assad = with_text(entities, "Assad")
    assert len(assad) >= 4
    assert {(e.label, e.canonical) for e in assad} == {("PERSON", "Bashar Al-Assad")}


def test_khamenei_is_one_person_without_his_title(entities: list[Entity]) -> None:
    canonical = {e.canonical for e in entities if "Khamenei" in e.text}
    assert canonical == {"Ali Khamenei"}


def test_no_mention_ends_in_a_possessive(entities: list[Entity]) -> None:
    assert not [e.text for e in entities if e.text.endswith(("'s", "\u2019s"))]


def test_no_mention_has_unbalanced_brackets_or_edge_punctuation(entities: list[Entity]) -> None:
    for e in entities:
        assert e.text.count("(") == e.text.count(")"), e.text
        assert e.text[0].isalnum() and (e.text[-1].isalnum() or e.text[-1] in ".)"), e.text


def test_supreme_is_not_an_organisation(entities: list[Entity]) -> None:
    assert not [e for e in entities if e.label == "ORG" and e.text == "Supreme"]


def test_us_is_the_united_states(entities: list[Entity]) -> None:
    assert {e.canonical for e in with_text(entities, "US")} == {"United States"}


def test_one_label_per_canonical_name(entities: list[Entity]) -> None:
    labels: dict[str, set[str]] = {}
    for e in entities:
        labels.setdefault(e.canonical, set()).add(e.label)
    assert {name: found for name, found in labels.items() if len(found) > 1} == {}


def test_entity_tones_cover_every_entity(paragraphs: list[str], entities: list[Entity]) -> None:
    tones = entity_tones(entities, [score_paragraph(p) for p in paragraphs])
    assert sum(t.mentions for t in tones) == len(entities)
    assad = next(t for t in tones if t.canonical == "Bashar Al-Assad")
    assert assad.label == "PERSON"
    assert assad.first_paragraph == 0
    assert all(-1.0 <= t.mean_sentiment <= 1.0 for t in tones)
