"""Curated entity knowledge, read from the tables in `transforms/data/entities/`.

The tables hold what no maintained package covers for news of the 2000s (see the folder's
README.md for formats and sources): titles written before names, organisation and party aliases,
country names of their time, and a gazetteer of names whose label a small model gets wrong.
Country names and ISO codes otherwise come from `country_converter`'s bundled table, read here as
plain text (no pandas). Everything is loaded once per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "entities"


@dataclass(frozen=True)
class Alias:
    """One way of writing a name, and the entity it stands for."""

    canonical: str
    label: str
    iso3: str = ""


@dataclass(frozen=True)
class Country:
    """A state of `country_converter`'s table: its short name and ISO 3166-1 codes."""

    name: str
    official_name: str
    iso2: str
    iso3: str


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table in the data folder; `#` lines are comments."""
    with (DATA / name).open(encoding="utf-8", newline="") as lines:
        content = [line for line in lines if not line.startswith("#")]
    return [
        {key: (value or "").strip() for key, value in row.items()}
        for row in csv.DictReader(content, delimiter="\t")
    ]


@lru_cache(maxsize=65536)
def alias_key(text: str) -> str:
    """How aliases are compared: white space collapsed, and case ignored unless all capitals.

    An alias in capitals (`US`, `WHO`, `EU`) is an abbreviation and matches only as written,
    so `Us` (a magazine) and `who` are not taken for it.
    """
    words = " ".join(text.split())
    return words if _is_abbreviation(words) else words.casefold()


def _is_abbreviation(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters) and len(letters) <= 6


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Titles and honorifics, without a final dot (`Mr`, `Prime Minister`, `Gen`)."""
    return frozenset(row["title"] for row in read_table("titles.tsv"))


@lru_cache(maxsize=1)
def person_roles() -> frozenset[str]:
    """One-word roles written before a person's name (`rapper`, `striker`), from the cue table.

    Capitalised at a sentence start (`Rapper Snoop Dogg`) they are cut like titles.
    """
    return frozenset(
        row["cue"]
        for row in read_table("label_cues.tsv")
        if row["side"] == "before"
        and row["label"] == "PERSON"
        and row["weight"] >= "2"
        and " " not in row["cue"]
    )


@lru_cache(maxsize=1)
def organisation_aliases() -> dict[str, Alias]:
    """Alias key -> the organisation or party it names, with the label every mention takes."""
    return {
        alias_key(row["alias"]): Alias(row["canonical"], row["label"])
        for row in read_table("organisations.tsv")
    }


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Name key (`alias_key`) -> the label all its mentions take."""
    return {alias_key(row["name"]): row["label"] for row in read_table("gazetteer.tsv")}


@lru_cache(maxsize=1)
def curated_country_names() -> dict[str, Alias]:
    """Alias key -> country or territory (canonical name of its time, ISO alpha-3)."""
    return {
        alias_key(row["name"]): Alias(row["canonical"], "GPE", row["iso3"])
        for row in read_table("country_names.tsv")
    }


@lru_cache(maxsize=1)
def converter_countries() -> tuple[Country, ...]:
    """Current states of `country_converter`'s bundled table, with their ISO codes."""
    import country_converter

    path = Path(country_converter.country_converter.COUNTRY_DATA_FILE)
    with path.open(encoding="utf-8", newline="") as lines:
        rows = list(csv.DictReader(lines, delimiter="\t"))
    return tuple(
        Country(
            row["name_short"], row["name_official"], _iso2(row["ISO2"], row["ISO3"]), row["ISO3"]
        )
        for row in rows
        if not row["obsolete"] and row["ISO3"]
    )


def _iso2(value: str, iso3: str) -> str:
    """The converter writes a few alpha-2 codes as patterns (`^GB$|^UK$` for GBR)."""
    if value.isalpha() and len(value) == 2:
        return value
    return {"GBR": "GB"}.get(iso3, "".join(char for char in value if char.isalpha())[:2])


@lru_cache(maxsize=1)
def iso_codes() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (alpha-2, alpha-3), for current states and the retired codes we use."""
    codes = {country.iso3: (country.iso2, country.iso3) for country in converter_countries()}
    # ISO 3166-3 codes of states of their time, and Kosovo's user-assigned code.
    codes |= {
        "SUN": ("SU", "SUN"),
        "DDR": ("DD", "DDR"),
        "CSK": ("CS", "CSK"),
        "YUG": ("YU", "YUG"),
        "SCG": ("CS", "SCG"),
        "XKX": ("XK", "XKX"),
    }
    return codes
