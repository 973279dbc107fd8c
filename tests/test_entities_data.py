"""The curated entity tables: well-formed, consistent, and saying what they are meant to say."""

from __future__ import annotations

import pytest

from transforms.entity_countries import country_codes, country_entry, country_name
from transforms.entity_data import (
    DATA,
    alias_key,
    curated_country_names,
    gazetteer,
    organisation_aliases,
    read_table,
    titles,
)
from transforms.entity_labels import curated_label
from transforms.entity_tables import NAME_LABELS

TABLES = ["titles.tsv", "organisations.tsv", "country_names.tsv", "gazetteer.tsv", "label_cues.tsv"]


@pytest.mark.parametrize("name", TABLES)
def test_tables_have_every_column_filled_and_no_duplicate_keys(name: str) -> None:
    rows = read_table(name)
    assert rows
    columns = list(rows[0])
    required = [c for c in columns if c != "note"]
    assert all(row[c] for row in rows for c in required), name
    keys = [alias_key(row[columns[0]]) + "\t" + row.get("side", "") for row in rows]
    assert len(keys) == len(set(keys)), name


def test_tables_are_documented() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name in TABLES:
        assert name in readme


def test_labels_in_tables_are_ontonotes_name_labels() -> None:
    assert set(gazetteer().values()) <= NAME_LABELS
    assert {alias.label for alias in organisation_aliases().values()} <= NAME_LABELS
    assert {row["label"] for row in read_table("label_cues.tsv")} <= NAME_LABELS


def test_every_curated_country_has_iso_codes() -> None:
    for alias in curated_country_names().values():
        assert country_codes(alias.iso3) is not None, alias


def test_no_name_is_both_an_organisation_and_a_country() -> None:
    assert not set(organisation_aliases()) & set(curated_country_names())


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("EU", "European Union"),
        ("European Union", "European Union"),
        ("Labour", "Labour Party"),
        ("New Labour", "Labour Party"),
        ("Tory", "Conservative Party"),
        ("Tories", "Conservative Party"),
        ("Conservatives", "Conservative Party"),
        ("Conservative", "Conservative Party"),
        ("Lib Dems", "Liberal Democrats"),
        ("Lib Dem", "Liberal Democrats"),
        ("Nato", "NATO"),
        ("UN", "United Nations"),
        ("Fed", "Federal Reserve"),
        ("BoE", "Bank of England"),
        ("ECB", "European Central Bank"),
        ("Republicans", "Republican Party"),
    ],
)
def test_organisation_aliases(alias: str, canonical: str) -> None:
    assert organisation_aliases()[alias_key(alias)].canonical == canonical


def test_abbreviations_match_only_in_capitals() -> None:
    assert alias_key("who") not in organisation_aliases()
    assert alias_key("WHO") in organisation_aliases()
    assert country_entry("Us") is None
    assert country_name("US") == "United States"


@pytest.mark.parametrize(
    ("text", "canonical", "iso2"),
    [
        ("Turkey", "Turkey", "TR"),
        ("Türkiye", "Türkiye", "TR"),
        ("Burma", "Burma", "MM"),
        ("Myanmar", "Myanmar", "MM"),
        ("Czech Republic", "Czech Republic", "CZ"),
        ("Swaziland", "Swaziland", "SZ"),
        ("Gaza", "Gaza", "PS"),
        ("West Germany", "West Germany", "DE"),
        ("Soviet Union", "Soviet Union", "SU"),
        ("USSR", "Soviet Union", "SU"),
        ("Czechoslovakia", "Czechoslovakia", "CS"),
        ("America", "United States", "US"),
        ("the Netherlands", "Netherlands", "NL"),
        ("Holland", "Netherlands", "NL"),
        ("Britain", "United Kingdom", "GB"),
        ("Wales", "Wales", "GB"),
        ("Sri Lanka", "Sri Lanka", "LK"),
        ("Islamic Republic of Iran", "Iran", "IR"),
    ],
)
def test_countries_keep_the_name_of_their_time_with_modern_codes(
    text: str, canonical: str, iso2: str
) -> None:
    entry = country_entry(text)
    assert entry is not None
    assert entry.canonical == canonical
    assert country_codes(entry.iso3)[0] == iso2


@pytest.mark.parametrize(
    "text",
    [
        "Little Britain",
        "Tate Britain",
        "Longbridge",
        "New Zealand Rugby",
        "Alitalia",
        "Stade de France",
        "Bank of England",
        "New Mexico",
        "Mexico City",
        "Us",
    ],
)
def test_names_that_contain_a_country_are_not_that_country(text: str) -> None:
    assert country_entry(text) is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Yukos", "ORG"),
        ("Gazprom", "ORG"),
        ("BT", "ORG"),
        ("Manchester United", "ORG"),
        ("Bafta", "ORG"),
        ("Oscar", "EVENT"),
        ("Oscars", "EVENT"),
        ("iTunes", "PRODUCT"),
        ("Windows", "PRODUCT"),
        ("Euronext", "ORG"),
        ("Little Britain", "WORK_OF_ART"),
        ("Stade de France", "FAC"),
        ("EU", "ORG"),
        ("Mexico", "GPE"),
        ("Hezbollah", None),
    ],
)
def test_curated_labels(name: str, label: str | None) -> None:
    assert curated_label(name) == label


def test_titles_hold_honorifics_and_offices_but_not_royal_styles() -> None:
    assert {"Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Prime Minister", "President"} <= titles()
    assert not {"Prince", "Princess", "King", "Queen", "Pope"} & titles()
