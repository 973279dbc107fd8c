"""Word and country knowledge from maintained data packages, loaded once and cached.

`wordfreq` tells whether a word is common English (so a lone capitalised `Supreme` is not a name);
`country_converter` maps the many ways of writing a country (`US`, `U.S.`, `Britain`, `UK`) to one
short name. Both ship their data inside the package: nothing is downloaded.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from re import Pattern
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: the converter pulls in pandas
    import country_converter

from transforms.entity_tables import (
    COMMON_WORD_ZIPF,
    MAX_COUNTRY_NAME_LENGTH,
    NOT_COUNTRY_ALIASES,
)


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """True when the lowercased word is frequent in general English text."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_WORD_ZIPF


@lru_cache(maxsize=65536)
def country_name(text: str) -> str | None:
    """The short country name `text` stands for (`U.S.` -> `United States`), or `None`.

    Matching is the converter's (a pattern found in the text), with two guards so that a longer
    name is not taken for a country it merely contains (`Bank of England`, `New Mexico`): the
    match must start the text and reach its last word, and only one country may match.
    """
    key = text.strip()
    if not _could_be_country(key) or not _any_country_pattern().search(key):
        return None
    last_word_start = key.rfind(" ") + 1
    matches = {
        name
        for pattern, name in _country_patterns()
        if (found := pattern.search(key)) and found.start() == 0 and found.end() > last_word_start
    }
    return matches.pop() if len(matches) == 1 else None


@lru_cache(maxsize=65536)
def is_country_name(text: str) -> bool:
    """True when `text` is a country's own short or official name (`Mexico`, `Sri Lanka`).

    Strict on purpose: this decides the label of a mention, not just its canonical name.
    """
    return text.strip().casefold() in _exact_country_names()


@lru_cache(maxsize=1)
def _exact_country_names() -> frozenset[str]:
    data = _country_converter().data
    names = {*data["name_short"], *data["name_official"]}
    return frozenset(
        name.casefold() for name in names if name.casefold() not in NOT_COUNTRY_ALIASES
    )


def _could_be_country(text: str) -> bool:
    """Cheap screen before the converter's patterns: a few words, no digits, not excluded."""
    return (
        0 < len(text) <= MAX_COUNTRY_NAME_LENGTH
        and not any(char.isdigit() for char in text)
        and text.lower() not in NOT_COUNTRY_ALIASES
    )


@lru_cache(maxsize=1)
def _any_country_pattern() -> Pattern[str]:
    """All the converter's patterns as one, to turn most non-countries away in a single match."""
    return re.compile("|".join(f"(?:{p.pattern})" for p, _ in _country_patterns()), re.IGNORECASE)


@lru_cache(maxsize=1)
def _country_patterns() -> tuple[tuple[Pattern[str], str], ...]:
    converter = _country_converter()
    return tuple(zip(converter.regexes, converter.data["name_short"], strict=True))


def _country_converter() -> country_converter.CountryConverter:
    """Build the converter quietly; fall back to its own table read as text on newer pandas.

    country_converter 1.3 fails to build its default table under pandas 3 (a column read as
    missing values); reading the same bundled table with every cell as text avoids that.
    """
    import country_converter
    import pandas as pd

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    try:
        return country_converter.CountryConverter()
    except TypeError:
        table = pd.read_csv(
            country_converter.country_converter.COUNTRY_DATA_FILE,
            sep="\t",
            dtype=str,
            keep_default_na=False,
        )
        current = table[table["obsolete"] == ""]
        return country_converter.CountryConverter(country_data=current, include_obsolete=True)
