"""Length of an article's text in words and characters, the same rule for every script.

A word is a run of letters, digits and joining marks (`\\w`, with an apostrophe or `-` inside it:
`don't`, `Nord-Stream`, `1,200`, `3.5` are one word each), except in scripts written without spaces between words:
each Han character, kana and Thai/Lao/Khmer/Myanmar letter run is counted as the text's own
units (Han and kana one word per character, as word processors count East Asian text; a Thai
run of letters counts as one word, a known undercount). Characters are Unicode code points of
the cleaned text, spaces included, paragraph breaks not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTERS = rf"(?:(?![{_HAN_KANA}])\w)+"
_WORD = re.compile(
    r"\d+(?:[.,]\d+)+"  # a number with a decimal or thousands separator: 3.5, 1,200
    rf"|[{_HAN_KANA}]"  # one Han or kana character
    rf"|{_LETTERS}(?:['\u2019-]{_LETTERS})*"
)


def word_count(text: str) -> int:
    """Words in `text` (see the module's rule)."""
    return sum(1 for _ in _WORD.finditer(text))


def char_count(paragraphs: Iterable[str]) -> int:
    """Characters of the paragraphs together, not counting the breaks between them."""
    return sum(len(p) for p in paragraphs)


def words_of(paragraphs: Iterable[str]) -> int:
    """Words of the paragraphs together."""
    return sum(word_count(p) for p in paragraphs)
