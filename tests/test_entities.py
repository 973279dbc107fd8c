"""Rules of entity post-processing, one group per rule, plus golden documents and properties."""

from __future__ import annotations

import json
from dataclasses import fields
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.entities import Entity, Mention, entity_tones, resolve_entities, without_overlaps
from transforms.entity_countries import country_name, is_country_name
from transforms.entity_labels import decide_labels, document_evidence
from transforms.entity_lexicon import is_common_word
from transforms.entity_names import (
    abbreviates,
    acronym_definitions,
    capitalised_forms,
    find_unrecognised_occurrences,
    is_all_capitals,
    is_fragment,
    is_sentence_initial,
    person_name_forms,
    without_non_names,
)
from transforms.entity_people import PersonNames
from transforms.entity_spans import trim_span
from transforms.sentences import split_sentences
from transforms.sentiment import ParagraphSentiment, SentenceTone, default_model

GOLDEN = Path(__file__).parent / "golden" / "entities.jsonl"


def mention(paragraph: str, text: str, label: str, index: int = 0, occurrence: int = 0) -> Mention:
    """The `occurrence`-th appearance of `text` in `paragraph` as a mention."""
    start = -1
    for _ in range(occurrence + 1):
        start = paragraph.index(text, start + 1)
    return Mention(index, start, start + len(text), text, label)


def trimmed(paragraph: str, text: str, label: str = "ORG") -> str | None:
    start = paragraph.index(text)
    span = trim_span(paragraph, start, start + len(text), label)
    return None if span is None else paragraph[span[0] : span[1]]


def paragraph_sentiment(compound: float, sentences: tuple[SentenceTone, ...]) -> ParagraphSentiment:
    """A ParagraphSentiment with the given compound and sentences, other columns neutral."""
    values: dict[str, object] = {f.name: 0.0 for f in fields(ParagraphSentiment)}
    values.update(compound=compound, label="neutral", sentences=sentences)
    return ParagraphSentiment(**values)


# --- span rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "label", "expected"),
    [
        ("Bashar Al-Assad's regime", "Bashar Al-Assad's", "PERSON", "Bashar Al-Assad"),
        ("Bashar Al-Assad\u2019s regime", "Bashar Al-Assad\u2019s", "PERSON", "Bashar Al-Assad"),
        ("the Jones' house", "Jones'", "PERSON", "Jones"),
        (
            "seized by Hayat Tahrir al-Sham (HTS).",
            "Hayat Tahrir al-Sham (HTS",
            "ORG",
            "Hayat Tahrir al-Sham",
        ),
        ("seized by (HTS) fighters", "(HTS", "ORG", "HTS"),
        ("seized by HTS) fighters", "HTS)", "ORG", "HTS"),
        ("Mladost (L) won", "Mladost (L)", "ORG", "Mladost (L)"),
        ("the \u201cGuardian\u201d said", "\u201cGuardian\u201d", "ORG", "Guardian"),
        ('he said "Reuters" was', '"Reuters', "ORG", "Reuters"),
        ('the "Quds Force" unit', 'Quds Force"', "ORG", "Quds Force"),
        ("- NATO.", "- NATO.", "ORG", "NATO"),
        ("in the U.S. today", "U.S.", "GPE", "U.S."),
        ("Acme Corp. said", "Acme Corp.", "ORG", "Acme Corp."),
        (
            "joined the Department of Defense",
            "the Department of Defense",
            "ORG",
            "Department of Defense",
        ),
        ("Kent 108-3 all out", "Kent 108-3", "ORG", "Kent"),
        ("Israel 2 Wales 1", "Israel 2", "GPE", "Israel"),
        ("on Channel 4 tonight", "Channel 4", "ORG", "Channel 4"),
        ("Guangdong province said", "Guangdong province", "GPE", "Guangdong"),
        ("Interfax news agency said", "Interfax news agency", "ORG", "Interfax"),
        ("over two years", "two years", "DATE", "two years"),
        ("CRICKET - SRI LANKA WIN", "CRICKET - SRI LANKA", "GPE", "SRI LANKA"),
        (
            "Lithuania \u2013 Danius Gleveckas",
            "Lithuania \u2013 Danius Gleveckas",
            "PERSON",
            "Danius Gleveckas",
        ),
        ("the Al-Sharaa family", "Al-Sharaa", "PERSON", "Al-Sharaa"),
        ("the last decade", "the last decade", "DATE", "the last decade"),
    ],
)
def test_trim_span(paragraph: str, text: str, label: str, expected: str) -> None:
    assert trimmed(paragraph, text, label) == expected


@pytest.mark.parametrize("text", ["'s", "((", "\u2019s", " ", "--", "''"])
def test_trim_span_leaves_nothing_of_debris(text: str) -> None:
    assert trimmed(f"x {text} y", text) is None


def test_trim_span_only_shrinks() -> None:
    paragraph = "Iran's (IRGC) and the \u201cUS\u201d"
    for start in range(len(paragraph)):
        for end in range(start + 1, len(paragraph) + 1):
            span = trim_span(paragraph, start, end, "ORG")
            assert span is None or start <= span[0] < span[1] <= end


# --- overlaps and non-names -------------------------------------------------------------------


def test_without_overlaps_keeps_the_first_given() -> None:
    first, overlapping, other_paragraph = (
        Mention(0, 0, 10, "x" * 10, "ORG"),
        Mention(0, 5, 12, "x" * 7, "PERSON"),
        Mention(1, 5, 12, "x" * 7, "PERSON"),
    )
    assert without_overlaps([first, overlapping, other_paragraph]) == [first, other_paragraph]


def test_lone_common_word_glued_to_a_capitalised_word_is_dropped() -> None:
    paragraph = "In December, Iran\u2019s Supreme Leader Ali Khamenei spoke."
    names = [mention(paragraph, "Iran", "GPE"), mention(paragraph, "Supreme", "ORG")]
    assert [m.text for m in without_non_names([paragraph], names)] == ["Iran"]


def test_sentence_initial_common_word_is_dropped_but_a_name_is_kept() -> None:
    paragraph = "Defence was weak. Nestle said so."
    names = [mention(paragraph, "Defence", "ORG"), mention(paragraph, "Nestle", "ORG")]
    assert [m.text for m in without_non_names([paragraph], names)] == ["Nestle"]


def test_common_word_used_as_a_name_elsewhere_is_kept_everywhere() -> None:
    paragraphs = ["Congress met.", "He told Congress that."]
    names = [
        mention(paragraphs[0], "Congress", "ORG"),
        mention(paragraphs[1], "Congress", "ORG", 1),
    ]
    assert len(without_non_names(paragraphs, names)) == 2


def test_common_word_checks_spare_people_and_countries() -> None:
    paragraph = "Brown met Chad."
    names = [mention(paragraph, "Brown", "PERSON"), mention(paragraph, "Chad", "ORG")]
    assert len(without_non_names([paragraph], names)) == 2


def test_sentence_initial_and_fragment() -> None:
    assert is_sentence_initial("Iran left.", 0)
    assert is_sentence_initial('He left. "Iran said', 10)
    assert not is_sentence_initial("He said Iran", 8)
    paragraph = "the Supreme Leader and Tehran"
    start = paragraph.index("Supreme")
    assert is_fragment(paragraph, start, start + 7, set())
    tehran = paragraph.index("Tehran")
    assert not is_fragment(paragraph, tehran, tehran + 6, set())


def test_common_words_come_from_the_frequency_list() -> None:
    assert is_common_word("Supreme")
    assert is_common_word("Defence")
    assert not is_common_word("Hezbollah")


# --- acronyms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "name", "expected"),
    [
        ("IRGC", "Islamic Revolutionary Guard Corps", True),
        ("HTS", "Hayat Tahrir al-Sham", True),
        ("OSCE", "Organisation for Security and Cooperation in Europe", True),
        ("NATO", "North Atlantic Treaty Organization", True),
        ("RGC", "Islamic Revolutionary Guard Corps", False),
        ("IRGCX", "Islamic Revolutionary Guard Corps", False),
        ("I", "Iran", False),
    ],
)
def test_abbreviates(acronym: str, name: str, expected: bool) -> None:
    assert abbreviates(acronym, name) is expected


def test_acronym_definitions_read_full_name_then_bracket() -> None:
    paragraphs = ["The Islamic Revolutionary Guard Corps (IRGC) and Barack Obama (BO) left."]
    names = [
        mention(paragraphs[0], "Islamic Revolutionary Guard Corps", "ORG"),
        mention(paragraphs[0], "Barack Obama", "PERSON"),
    ]
    assert acronym_definitions(paragraphs, names) == {"IRGC": "Islamic Revolutionary Guard Corps"}


# --- labels, people, occurrences --------------------------------------------------------------


def test_labels_majority_then_first_seen() -> None:
    paragraphs = ["Foo met Foo.", "Foo saw Bar and Bar."]
    names = [
        Mention(0, 0, 3, "Foo", "ORG"),
        Mention(0, 8, 11, "Foo", "PERSON"),
        Mention(1, 0, 3, "Foo", "PERSON"),
        Mention(1, 8, 11, "Bar", "ORG"),
        Mention(1, 16, 19, "Bar", "GPE"),
    ]
    labels = decide_labels(document_evidence(paragraphs, names), {})
    assert labels == {"Foo": "PERSON", "Bar": "ORG"}


def test_labels_make_exact_country_names_places_and_acronyms_follow() -> None:
    paragraphs = ["Mexico Quds Force QF"]
    names = [Mention(0, 0, 6, "Mexico", "ORG"), Mention(0, 7, 17, "Quds Force", "PRODUCT")]
    names.append(Mention(0, 18, 20, "QF", "ORG"))
    labels = decide_labels(document_evidence(paragraphs, names), {"QF": "Quds Force"})
    assert labels == {"Mexico": "GPE", "Quds Force": "PRODUCT", "QF": "PRODUCT"}


def test_person_name_forms_are_capitalised_tails() -> None:
    labels = {"Bashar Al-Assad": "PERSON", "Quds Force": "ORG", "Madonna": "PERSON"}
    assert person_name_forms(labels) == {"Al-Assad", "Assad", "Bashar"}


def test_fullest_person_name() -> None:
    people = PersonNames(["Bashar Al-Assad", "Assad", "Ali Khamenei", "Khamenei"])
    assert people.fullest("Assad") == "Bashar Al-Assad"
    assert people.fullest("Al-Assad") == "Bashar Al-Assad"
    assert people.fullest("Bashar") == "Bashar Al-Assad"
    assert people.fullest("Khamenei") == "Ali Khamenei"
    assert people.fullest("Ali") == "Ali Khamenei"
    assert people.fullest("Tabler") == "Tabler"


def test_ambiguous_surname_keeps_its_own_name() -> None:
    assert PersonNames(["George Bush", "Laura Bush"]).fullest("Bush") == "Bush"


def test_unrecognised_occurrences_respect_words_case_and_existing_mentions() -> None:
    paragraphs = ["Iran and Iranian forces; iran; Iran's allies.", "Tehran and Iran"]
    existing = [Mention(1, 0, 6, "Tehran", "GPE")]
    found = find_unrecognised_occurrences(paragraphs, existing, {"Iran": "GPE", "Tehran": "GPE"})
    possessive = paragraphs[0].index("Iran's")
    assert [(m.paragraph_index, m.start_char) for m in found] == [(0, 0), (0, possessive), (1, 11)]
    assert all(paragraphs[m.paragraph_index][m.start_char : m.end_char] == m.text for m in found)


def test_unrecognised_occurrences_skip_doubtful_places() -> None:
    paragraphs = ["Price rose.", "Alan Price met Price Waterhouse staff.", "Later, Price spoke."]
    found = find_unrecognised_occurrences(paragraphs, [], {"Price": "PERSON"})
    assert [(m.paragraph_index, m.start_char) for m in found] == [(2, 7)]


def test_names_in_capitals_are_found_as_whole_words() -> None:
    paragraphs = ["SOCCER - KENT BEAT ESSEX IN KENTUCKY", "Kent beat Essex.", "KENT is big."]
    labels = {"Kent": "ORG", "Essex": "ORG"}
    capitalised = capitalised_forms(labels)
    assert capitalised == {"KENT": "Kent", "ESSEX": "Essex"}
    found = find_unrecognised_occurrences(paragraphs, [], labels | {"KENT": "ORG", "ESSEX": "ORG"})
    assert sorted((m.paragraph_index, m.start_char, m.text) for m in found) == [
        (0, 9, "KENT"),
        (0, 19, "ESSEX"),
        (1, 0, "Kent"),
        (1, 10, "Essex"),
        (2, 0, "KENT"),
    ]
    assert is_all_capitals(paragraphs[0])
    assert not is_all_capitals(paragraphs[2])


def test_headline_mentions_take_the_canonical_name() -> None:
    paragraphs = ["IRAN LEAVES SYRIA", "Iran left Syria, said Hayat Tahrir al-Sham."]
    mentions = [
        mention(paragraphs[1], "Iran", "GPE", 1),
        mention(paragraphs[1], "Syria", "GPE", 1),
        mention(paragraphs[1], "Hayat Tahrir al-Sham", "ORG", 1),
    ]
    entities = resolve_entities(paragraphs, mentions)
    assert [(e.paragraph_index, e.text, e.canonical) for e in entities][:2] == [
        (0, "IRAN", "Iran"),
        (0, "SYRIA", "Syria"),
    ]


# --- countries and canonical names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US", "United States"),
        ("U.S.", "United States"),
        ("United States", "United States"),
        ("USA", "United States"),
        ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("Mexico", "Mexico"),
        ("Persia", "Persia"),
        ("Turkey", "Turkey"),
        ("Burma", "Burma"),
        ("Bank of England", None),
        ("England", "England"),
        ("Us", None),
        ("Alitalia", None),
        ("Little Britain", None),
        ("Stade de France", None),
        ("Longbridge", None),
        ("New Mexico", None),
        ("Mexico City", None),
        ("Hezbollah", None),
    ],
)
def test_country_name(text: str, expected: str | None) -> None:
    assert country_name(text) == expected


def test_is_country_name_is_strict() -> None:
    assert is_country_name("Sri Lanka")
    assert is_country_name("mexico")
    assert is_country_name("US")
    assert not is_country_name("Us")
    assert not is_country_name("Todd Martin")


def test_resolve_entities_gives_one_canonical_name_per_entity() -> None:
    paragraphs = [
        "The Islamic Revolutionary Guard Corps (IRGC) left Syria, US officials said.",
        "IRGC units and U.S. envoys met Bashar Al-Assad. Assad's aides said Britain agreed.",
    ]
    mentions = [
        mention(paragraphs[0], "The Islamic Revolutionary Guard Corps", "ORG"),
        mention(paragraphs[0], "Syria", "GPE"),
        mention(paragraphs[0], "US", "GPE"),
        mention(paragraphs[1], "U.S.", "GPE", 1),
        mention(paragraphs[1], "Bashar Al-Assad", "PERSON", 1),
        mention(paragraphs[1], "Assad's", "PERSON", 1),
        mention(paragraphs[1], "Britain", "GPE", 1),
    ]
    canonical = {e.text: e.canonical for e in resolve_entities(paragraphs, mentions)}
    assert canonical == {
        "Islamic Revolutionary Guard Corps": "Islamic Revolutionary Guard Corps",
        "IRGC": "Islamic Revolutionary Guard Corps",
        "Syria": "Syria",
        "US": "United States",
        "U.S.": "United States",
        "Bashar Al-Assad": "Bashar Al-Assad",
        "Assad": "Bashar Al-Assad",
        "Britain": "United Kingdom",
    }


def test_resolve_entities_ignores_mentions_outside_the_document() -> None:
    mentions = [Mention(3, 0, 4, "Iran", "GPE"), Mention(0, -5, 99, "?", "GPE")]
    assert resolve_entities(["Iran"], mentions) == [Entity(0, 0, 4, "Iran", "GPE", "Iran")]


# --- golden documents -------------------------------------------------------------------------


def golden_cases() -> list[dict]:
    with GOLDEN.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("case", golden_cases(), ids=lambda case: case["name"])
def test_golden_document(case: dict) -> None:
    paragraphs = case["paragraphs"]
    mentions = [mention(paragraphs[i], text, label, i) for i, text, label in case["mentions"]]
    entities = resolve_entities(paragraphs, mentions)
    assert [[e.paragraph_index, e.text, e.label, e.canonical] for e in entities] == case["expected"]
    assert all(paragraphs[e.paragraph_index][e.start_char : e.end_char] == e.text for e in entities)


# --- entity tone ------------------------------------------------------------------------------


def test_entity_tones_average_the_sentences_that_mention_the_entity() -> None:
    # paragraph 0: "Assad fell. Iran was sad. Assad and Assad fled."
    # paragraph 1: "Bashar Al-Assad is gone."
    sentiments = [
        paragraph_sentiment(
            0.0, (SentenceTone(0, 11, -0.5), SentenceTone(12, 25, -0.9), SentenceTone(26, 47, 0.2))
        ),
        paragraph_sentiment(0.4, (SentenceTone(0, 24, 0.4),)),
    ]
    entities = [
        Entity(0, 0, 5, "Assad", "PERSON", "Bashar Al-Assad"),
        Entity(0, 12, 16, "Iran", "GPE", "Iran"),
        Entity(0, 26, 31, "Assad", "PERSON", "Bashar Al-Assad"),
        Entity(0, 36, 41, "Assad", "PERSON", "Bashar Al-Assad"),
        Entity(1, 0, 15, "Bashar Al-Assad", "PERSON", "Bashar Al-Assad"),
    ]
    tones = {(t.canonical, t.label): t for t in entity_tones(entities, sentiments)}
    assad = tones[("Bashar Al-Assad", "PERSON")]
    assert assad.mentions == 4
    assert assad.mean_sentiment == pytest.approx((-0.5 + 0.2 + 0.4) / 3)
    assert assad.first_paragraph == 0
    assert assad.sentences == 3
    assert assad.negative_share == pytest.approx(1 / 3)
    assert tones[("Iran", "GPE")].mean_sentiment == pytest.approx(-0.9)
    assert (tones[("Iran", "GPE")].sentences, tones[("Iran", "GPE")].negative_share) == (1, 1.0)
    assert [t.canonical for t in entity_tones(entities, sentiments)] == ["Bashar Al-Assad", "Iran"]


def test_entity_tones_fall_back_to_the_paragraph_score() -> None:
    sentiments = [paragraph_sentiment(0.3, ())]
    tones = entity_tones([Entity(0, 0, 4, "Iran", "GPE", "Iran")], sentiments)
    assert [(t.mentions, t.mean_sentiment, t.first_paragraph) for t in tones] == [(1, 0.3, 0)]


def test_entity_tones_negative_share_uses_the_label_threshold() -> None:
    # Three sentences: exactly at the negative threshold, just above it, and a fallback paragraph.
    threshold = default_model().negative_threshold
    sentiments = [
        paragraph_sentiment(0.0, (SentenceTone(0, 10, threshold), SentenceTone(11, 20, -0.01))),
        paragraph_sentiment(threshold - 0.1, ()),
    ]
    entities = [
        Entity(0, 0, 4, "Iran", "GPE", "Iran"),
        Entity(0, 11, 15, "Iran", "GPE", "Iran"),
        Entity(1, 0, 4, "Iran", "GPE", "Iran"),
    ]
    (tone,) = entity_tones(entities, sentiments)
    assert (tone.mentions, tone.sentences) == (3, 3)
    assert tone.negative_share == pytest.approx(2 / 3)


def test_entity_tones_keep_labels_apart_and_handle_no_entities() -> None:
    sentiments = [paragraph_sentiment(0.1, (SentenceTone(0, 20, 0.1),))]
    entities = [
        Entity(0, 0, 6, "Jordan", "GPE", "Jordan"),
        Entity(0, 10, 16, "Jordan", "PERSON", "Jordan"),
    ]
    assert {t.label for t in entity_tones(entities, sentiments)} == {"GPE", "PERSON"}
    assert entity_tones([], sentiments) == []


# --- properties over generated paragraphs and messy mentions -----------------------------------

WORDS = [
    "Iran", "Iran's", "Assad", "Bashar", "Al-Assad", "(IRGC)", "IRGC", "U.S.", "US", "the", "The",
    "Supreme", "Leader", "said", "\u201cwar\u201d", "'s", "\u2019s", "(", ")", '"', "-", "2", "108-3",
    "province", "Hayat", "Tahrir", "al-Sham", "(HTS", "HTS)", ".", ",", "Britain", "Kent",
    "76%", "$500m", "£398m", "euros", "per", "cent", "Mr", "Sir", "Blair", "Tony", "Labour",
    "Ex-Labour", "Norwich", "1", "0", "v", "Yukos", "shares", "in", "Bros.", "However",
]  # fmt: skip
LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "CARDINAL", "PRODUCT", "MONEY", "PERCENT"]

paragraph_text = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join),
    st.text(max_size=80),
)


@st.composite
def documents(draw) -> tuple[list[str], list[Mention]]:
    """Paragraphs and messy mentions: overlapping, out of range, text not matching offsets."""
    paragraphs = draw(st.lists(paragraph_text, min_size=1, max_size=4))
    mentions = []
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(-1, len(paragraphs)))
        length = len(paragraphs[index]) if 0 <= index < len(paragraphs) else 10
        start = draw(st.integers(-2, length + 2))
        end = draw(st.integers(start - 1, length + 3))
        text = draw(st.one_of(st.just(""), st.sampled_from(WORDS)))
        if 0 <= index < len(paragraphs) and draw(st.booleans()):
            text = paragraphs[index][max(start, 0) : max(end, 0)]
        mentions.append(Mention(index, start, end, text, draw(st.sampled_from(LABELS))))
    return paragraphs, mentions


def split_sentence_pieces(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(s, e) for s, e in split_sentences(paragraph) if s < end and start < e]


@settings(max_examples=200, deadline=None)
@given(documents())
def test_entities_have_exact_offsets_and_never_overlap(document) -> None:
    paragraphs, mentions = document
    entities = resolve_entities(paragraphs, mentions)
    for entity in entities:
        paragraph = paragraphs[entity.paragraph_index]
        assert 0 <= entity.start_char < entity.end_char <= len(paragraph)
        assert entity.text == paragraph[entity.start_char : entity.end_char]
        assert not entity.text.endswith(("'s", "\u2019s"))
        assert entity.canonical
        assert len(split_sentence_pieces(paragraph, entity.start_char, entity.end_char)) == 1
    by_paragraph: dict[int, list[Entity]] = {}
    for entity in entities:
        by_paragraph.setdefault(entity.paragraph_index, []).append(entity)
    for group in by_paragraph.values():
        spans = sorted((e.start_char, e.end_char) for e in group)
        assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))


@settings(max_examples=100, deadline=None)
@given(documents())
def test_resolving_twice_changes_nothing(document) -> None:
    paragraphs, mentions = document
    once = resolve_entities(paragraphs, mentions)
    again = resolve_entities(
        paragraphs,
        [Mention(e.paragraph_index, e.start_char, e.end_char, e.text, e.label) for e in once],
    )
    assert [(e.paragraph_index, e.start_char, e.end_char) for e in again] == [
        (e.paragraph_index, e.start_char, e.end_char) for e in once
    ]
