"""Span rules: trim a model's mention to the name itself.

Small NER models often glue neighbouring characters onto a name: a possessive (`Assad's`), half of a
bracketed acronym (`Hayat Tahrir al-Sham (HTS`), a quote, a score or date in a results table
(`Kent 108-3`), a leading article (`the Department of Defense`) or a trailing common noun
(`Guangdong province`). Names grouped by analysts must not depend on such debris, so every rule here
only ever shrinks a span `[start, end)` inside its paragraph; offsets therefore stay exact.
"""

from __future__ import annotations

import re

from transforms.entity_tables import (
    AMOUNT_CHARS,
    AMOUNT_LABELS,
    ARTICLE_STRIPPED_LABELS,
    BARE_NUMBER_STRIPPED_LABELS,
    BRACKET_PAIRS,
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    LEADING_ARTICLES,
    MAGNITUDE_WORDS,
    NAME_SHAPED_LABELS,
    PERCENT_WORDS,
    POSSESSIVE_SUFFIXES,
    QUOTE_CHARS,
)

Span = tuple[int, int]

_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z][a-z]{0,3}\.)$")
_SPACED_DASH = re.compile(r"\s[-\u2013\u2014]+\s")
_LAST_TOKEN = re.compile(r"\S+$")
_FIRST_TOKEN = re.compile(r"^\S+")
_OPENERS = {opening: closing for opening, closing in BRACKET_PAIRS}
_CLOSERS = {closing: opening for opening, closing in BRACKET_PAIRS}
_BRACKETS = frozenset(_OPENERS) | frozenset(_CLOSERS)


def trim_span(paragraph: str, start: int, end: int, label: str) -> Span | None:
    """Shrink `[start, end)` until no rule applies; `None` when nothing name-like is left."""
    span: Span = (start, end)
    while True:
        trimmed = _apply_rules_once(paragraph, span, label)
        if trimmed is None:
            return None
        if trimmed == span:
            return span if _is_mention(paragraph[span[0] : span[1]], label) else None
        span = trimmed


def _apply_rules_once(paragraph: str, span: Span, label: str) -> Span | None:
    for rule in _RULES:
        span = rule(paragraph, span, label)
        if span[0] >= span[1]:
            return None
    return span


def _cut_at_spaced_dash(paragraph: str, span: Span, label: str) -> Span:
    """A dash between spaces separates names (`CRICKET - SRI LANKA`); keep the longer side."""
    start, end = span
    if label not in NAME_SHAPED_LABELS:
        return span
    found = _SPACED_DASH.search(paragraph, start, end)
    if found is None:
        return span
    before, after = paragraph[start : found.start()], paragraph[found.end() : end]
    if _letters(before) >= _letters(after):
        return start, found.start()
    return found.end(), end


def _strip_whitespace(paragraph: str, span: Span, _label: str) -> Span:
    start, end = span
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and paragraph[end - 1].isspace():
        end -= 1
    return start, end


def _strip_possessive(paragraph: str, span: Span, _label: str) -> Span:
    start, end = span
    text = paragraph[start:end]
    for suffix in POSSESSIVE_SUFFIXES:
        if text.endswith(suffix):
            return start, end - len(suffix)
    return span


def _cut_unbalanced_brackets(paragraph: str, span: Span, _label: str) -> Span:
    """Cut at the first bracket without its partner: keep the side that holds more of the name."""
    start, end = span
    text = paragraph[start:end]
    position = _first_unbalanced_bracket(text)
    if position is None:
        return span
    before, after = text[:position], text[position + 1 :]
    if _letters(before) >= _letters(after):
        return start, start + position
    return start + position + 1, end


def _first_unbalanced_bracket(text: str) -> int | None:
    if _BRACKETS.isdisjoint(text):
        return None
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append(index)
        elif char in _CLOSERS:
            if not stack or text[stack[-1]] != _CLOSERS[char]:
                return index
            stack.pop()
    return stack[0] if stack else None


def _cut_unbalanced_quotes(paragraph: str, span: Span, _label: str) -> Span:
    """Strip quote marks at either end and cut at an unpaired double quote inside the span."""
    start, end = span
    while start < end and paragraph[start] in QUOTE_CHARS:
        start += 1
    while end > start and paragraph[end - 1] in QUOTE_CHARS:
        end -= 1
    text = paragraph[start:end]
    position = _first_unpaired_double_quote(text)
    if position is None:
        return start, end
    if _letters(text[:position]) >= _letters(text[position + 1 :]):
        return start, start + position
    return start + position + 1, end


def _first_unpaired_double_quote(text: str) -> int | None:
    curly_unpaired = text.count("\u201c") != text.count("\u201d")
    straight_unpaired = text.count('"') % 2 == 1
    if not (curly_unpaired or straight_unpaired):
        return None
    for index, char in enumerate(text):
        if (char == '"' and straight_unpaired) or (char in "\u201c\u201d" and curly_unpaired):
            return index
    return None


def _strip_edge_punctuation(paragraph: str, span: Span, label: str) -> Span:
    """Drop punctuation at either end, keeping closing brackets that pair and abbreviation dots.

    An amount keeps its currency and percent signs (`$500m`, `76%`).
    """
    start, end = span
    kept = AMOUNT_CHARS if label in AMOUNT_LABELS else frozenset()
    while (
        start < end
        and _is_stray(paragraph[start])
        and paragraph[start] not in _OPENERS
        and paragraph[start] not in kept
    ):
        start += 1
    while end > start and _is_stray(paragraph[end - 1]) and paragraph[end - 1] not in kept:
        char = paragraph[end - 1]
        if char in _CLOSERS and _CLOSERS[char] in paragraph[start : end - 1]:
            break
        if char == "." and _ABBREVIATION_END.search(paragraph[start:end]):
            break
        end -= 1
    return start, end


def _strip_leading_article(paragraph: str, span: Span, label: str) -> Span:
    start, end = span
    if label not in NAME_SHAPED_LABELS and label not in ARTICLE_STRIPPED_LABELS:
        return span
    first = _FIRST_TOKEN.match(paragraph[start:end])
    if first and first.group() in LEADING_ARTICLES and first.end() < end - start:
        return start + first.end(), end
    return span


def _strip_trailing_numbers(paragraph: str, span: Span, label: str) -> Span:
    """Drop a final token without letters: scores, dates and counts glued on in tables.

    Bare integers stay for labels whose names may end in one (`Channel 4`, `Apollo 13`).
    """
    start, end = span
    if label not in NAME_SHAPED_LABELS:
        return span
    text = paragraph[start:end]
    last = _LAST_TOKEN.search(text)
    if last is None or last.start() == 0 or _has_letter(last.group()):
        return span
    if last.group().isdigit() and label not in BARE_NUMBER_STRIPPED_LABELS:
        return span
    return start, start + last.start()


def _strip_trailing_lowercase_words(paragraph: str, span: Span, label: str) -> Span:
    """Names end in a capitalised word; a lowercase last word (`province`, `agency`) is not part."""
    start, end = span
    if label not in NAME_SHAPED_LABELS:
        return span
    text = paragraph[start:end]
    last = _LAST_TOKEN.search(text)
    if last is None or last.start() == 0:
        return span
    word = last.group()
    if word.isalpha() and word.islower():
        return start, start + last.start()
    return span


_CURRENCY_BEFORE = re.compile("(?:" + "|".join(re.escape(p) for p in CURRENCY_PREFIXES) + r")\s?$")
_NUMBER_AFTER = re.compile(
    r"\s+[\"\u201c]?(?:"
    + "|".join(re.escape(p) for p in CURRENCY_PREFIXES)
    + r")?\d[\d.,]*(?<![.,])"
)
_UNIT_AFTER = {
    "MONEY": re.compile(
        r"(?:(?<=\d)(?:" + "|".join(MAGNITUDE_WORDS) + r")\b)?"
        r"(?:\s(?:" + "|".join(MAGNITUDE_WORDS) + r")\b)?"
        r"(?:\s(?:" + "|".join(CURRENCY_WORDS) + r")\b)?"
    ),
    "PERCENT": re.compile(
        r"\s?%|\s(?:" + "|".join(re.escape(w) for w in PERCENT_WORDS if w != "%") + r")\b"
    ),
}


def amount_span(paragraph: str, span: Span, label: str) -> Span:
    """Grow an amount over the unit written next to it: `76` -> `76%`, `500m` -> `$500m`.

    The one rule that may widen a span, and only over the currency before the number and the
    magnitude, currency or percent words right after it, so the mention reads as written.
    """
    start, end = span
    if label not in AMOUNT_LABELS:
        return span
    if not any(char.isdigit() for char in paragraph[start:end]):
        number = _NUMBER_AFTER.match(paragraph, end)  # `as much as` | `3bn euros`
        if number is not None:
            end = number.end()
    text = paragraph[start:end]
    if text[:1].isdigit():
        before = _CURRENCY_BEFORE.search(paragraph, max(0, start - 4), start)
        if before is not None:
            start = before.start()
    for unit in (label, *(other for other in _UNIT_AFTER if other != label)):
        if text[-1:].isdigit() or (unit == "MONEY" and text[-1:].isalpha()):
            after = _UNIT_AFTER[unit].match(paragraph, end)
            if after is not None and after.end() > end:
                end = after.end()
                break
    return start, end


_CURRENCY_IN = re.compile(
    r"[$£€¥₹¢]|\d+p\b|\b(?:" + "|".join(CURRENCY_WORDS) + r")\b", re.IGNORECASE
)
_PERCENT_IN = re.compile(r"%|\b(?:per cent|percent|pct)\b", re.IGNORECASE)


def amount_label(text: str, label: str) -> str:
    """The label an amount's unit gives: MONEY with a currency, PERCENT with a percent sign.

    The model takes counts for money (`more than 6 million` DVDs) and percentages for money
    (`Thirty per cent`); an amount with neither unit is a number (CARDINAL).
    """
    if label not in AMOUNT_LABELS:
        return label
    if _PERCENT_IN.search(text):
        return "PERCENT"
    if _CURRENCY_IN.search(text):
        return "MONEY"
    return "CARDINAL"


def cut_at_sentence_boundary(span: Span, sentences: list[tuple[int, int]], text: str) -> Span:
    """A mention never crosses a sentence boundary: keep the sentence holding more of its letters.

    `sentences` are the paragraph's sentence spans (`transforms.sentences.split_sentences`);
    `Warner Bros. However` keeps `Warner Bros.`.
    """
    start, end = span
    pieces = [
        (max(start, s_start), min(end, s_end))
        for s_start, s_end in sentences
        if s_start < end and start < s_end
    ]
    if len(pieces) <= 1:
        return span
    return max(pieces, key=lambda piece: _letters(text[piece[0] : piece[1]]))


def _is_stray(char: str) -> bool:
    return not (char.isalnum() or char.isspace())


def _is_mention(text: str, label: str) -> bool:
    """Something is left: a name has a letter (`4 2` in a table is no team), others a digit."""
    if label in NAME_SHAPED_LABELS:
        return _has_letter(text)
    return any(char.isalnum() for char in text)


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


_RULES = (
    _strip_whitespace,
    _cut_at_spaced_dash,
    _strip_possessive,
    _cut_unbalanced_brackets,
    _cut_unbalanced_quotes,
    _strip_edge_punctuation,
    _strip_leading_article,
    _strip_trailing_numbers,
    _strip_trailing_lowercase_words,
)
