"""Rule-based sentence splitting for cleaned paragraph text.

Sentiment is scored per sentence so that a long paragraph is not one saturated score, and entity
tone needs the sentence spans. A regular-expression splitter is enough for edited news prose and
costs a few microseconds per paragraph; a statistical splitter would cost as much as NER itself.

A boundary is sentence-final punctuation (`.`, `!`, `?`, `…`, possibly repeated and followed by
closing quotes or brackets), then whitespace, then something that can open a sentence (an
upper-case letter, a digit, an opening quote or bracket). A period does not end a sentence when
the word before it is a known abbreviation (`Mr.`, `Gen.`, `Jan.`, `Inc.`), a single letter (an
initial, or part of `U.S.`), or a dotted acronym. Decimals (`3.5`) never match because no
whitespace follows their period.
"""

from __future__ import annotations

import re

# Titles and honorifics are followed by a capitalised name, months by a day number.
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "rev",
        "fr",
        "sr",
        "jr",
        "st",
        "mt",
        "ft",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "pres",
        "supt",
        "insp",
        "det",
        "atty",
        "hon",
        "messrs",
        "mme",
        "mlle",
        "gov",
        "govt",
        "dept",
        "univ",
        "assn",
        "approx",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# Abbreviations that are only abbreviations before a number (`No. 10`, `Vol. 2`).
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "vols", "fig", "figs", "art", "pp", "p"})

_BOUNDARY = re.compile(
    r"""
    (?P<end>[.!?\u2026]+[\"'\u201d\u2019)\]]*)  # final punctuation and closing quotes
    \s+
    (?=[\"'\u201c\u2018(\[]*[A-Z0-9])              # the next sentence's first character
    """,
    re.VERBOSE,
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return `(start, end)` offsets of the sentences of `text`, in order, whitespace trimmed.

    The spans never overlap and every non-whitespace character of `text` lies in one of them;
    text without any non-whitespace character has no sentences.

    >>> text = "Mr. Smith met the U.S. envoy at 9 a.m. on Monday. Talks went well."
    >>> [text[start:end] for start, end in split_sentences(text)]
    ['Mr. Smith met the U.S. envoy at 9 a.m. on Monday.', 'Talks went well.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start("end"), match.group("end"), text[match.end()]):
            continue
        _append_trimmed(spans, text, start, match.end("end"))
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _is_abbreviation(text: str, end_index: int, punctuation: str, following: str) -> bool:
    """Whether a lone period at `end_index` closes an abbreviation rather than a sentence.

    Company suffixes (`Inc.`, `Corp.`) are not listed: mid-sentence they are followed by a
    lower-case verb, so before a capital they usually do end the sentence.
    """
    if punctuation != ".":
        return False
    word = _LAST_WORD.search(text[max(0, end_index - 24) : end_index])
    if word is None:
        return False
    token = word.group(1).lower()
    if "." in token:  # dotted acronyms and initials: U.S., a.m., J.R.R.
        return True
    if token in NUMBER_ABBREVIATIONS:
        return following.isdigit()
    return len(token) == 1 or token in ABBREVIATIONS


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append `text[start:end]` without surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
