"""Word knowledge from a maintained data package, loaded once and cached.

`wordfreq` tells whether a word is common English (so a lone capitalised `Supreme` is not a name).
It ships its data inside the package: nothing is downloaded. Country names are in
`transforms.entity_countries`, the curated tables in `transforms.entity_data`.
"""

from __future__ import annotations

from functools import lru_cache

from transforms.entity_tables import COMMON_WORD_ZIPF


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """True when the lowercased word is frequent in general English text."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_WORD_ZIPF
