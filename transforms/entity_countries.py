"""Country and territory names: which strings name one, its canonical name and ISO codes.

A name is a country only when the whole mention is one of that country's names: a multi-word
name that merely contains a country (`Bank of England`, `Stade de France`, `Little Britain`,
`New Zealand Rugby`) or a word that contains one's letters (`Alitalia`, `Longbridge`) is not that
country. `country_converter`'s matching patterns find a country anywhere in a string, which is
what made those wrong merges, so only its short and official names are used here, matched
whole, plus the curated names of `data/entities/country_names.tsv` (abbreviations, common names
and the names states had in their time).

A country keeps the name the text uses when that name was the state's name of its time: Turkey,
Burma, the Czech Republic and Swaziland stay as written (news of 2004-05 never said Türkiye,
Myanmar, Czechia or Eswatini), and the ISO code carries the modern mapping so analysts can group.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from transforms.entity_data import (
    Alias,
    alias_key,
    converter_countries,
    curated_country_names,
    iso_codes,
)

_LEADING_ARTICLE = "the "


@lru_cache(maxsize=65536)
def country_entry(text: str) -> Alias | None:
    """The country or territory the whole of `text` names, or `None`.

    Curated names first (they set the canonical name of their time), then the converter's short
    and official names, which give its short name, except for states known under several names
    in time: those keep the name as written.
    """
    words = " ".join(text.split())
    if words[: len(_LEADING_ARTICLE)].casefold() == _LEADING_ARTICLE:
        words = words[len(_LEADING_ARTICLE) :]
    key = alias_key(words)
    curated = curated_country_names().get(key)
    if curated is not None:
        return curated
    found = _converter_names().get(key)
    if found is None:
        return None
    if found.iso3 in _renamed_states():
        return Alias(words, "GPE", found.iso3)
    return found


def country_name(text: str) -> str | None:
    """The canonical country name of `text` (`U.S.` -> `United States`), or `None`."""
    entry = country_entry(text)
    return None if entry is None else entry.canonical


def is_country_name(text: str) -> bool:
    """True when `text` as a whole names a country or territory; decides a mention's label."""
    return country_entry(text) is not None


def country_codes(iso3: str) -> tuple[str, str] | None:
    """ISO 3166-1 (alpha-2, alpha-3) for a curated or converter alpha-3 code."""
    return iso_codes().get(iso3)


@lru_cache(maxsize=1)
def _converter_names() -> dict[str, Alias]:
    """The converter's short and official names (matched whole), mapped to its short name."""
    names: dict[str, Alias] = {}
    for country in converter_countries():
        for name in (country.official_name, country.name):
            names[alias_key(name)] = Alias(country.name, "GPE", country.iso3)
    return names


@lru_cache(maxsize=1)
def _renamed_states() -> frozenset[str]:
    """States the curated table names in more than one way over time (Turkey and Türkiye)."""
    canonicals: dict[str, set[str]] = defaultdict(set)
    for alias in curated_country_names().values():
        canonicals[alias.iso3].add(alias.canonical)
    return frozenset(iso3 for iso3, names in canonicals.items() if len(names) > 1)
