"""Results and standings lines: the names in them are teams, whatever place they are named after.

News wires print sport as tables, one line a row: results (`Norwich 1 Wolverhampton 0`), scores
(`Middlesex 199 and 426, Hampshire 232 and 109-5`), standings (`Luton 4 1 0 3 4 10 3`) and
fixtures (`BOSTON AT OAKLAND`). A small model calls most of those names places or misses them;
the shape of the line says they are teams (organisations). Country names in such rows are
national teams and stay places (the label rules see to that). Names in brackets are players
(`(P. Simmons 4-38)`), and a name with an initial (`M. Waugh`) is a person: neither is a team.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_WORD = r"[A-Z][\w'&\-]*\.?"
_PHRASE = rf"{_WORD}(?:\s+(?:{_WORD}|of|de|la|del))*?"
_SCORE = r"\d{1,3}(?:-\d{1,3})?"
_VENUE = r"(?:[A-Z][^:]{0,40}:\s+)?"
_RESULT = re.compile(rf"^{_VENUE}(?P<a>{_PHRASE})\s+{_SCORE}\s+(?P<b>{_PHRASE})\s+{_SCORE}(?!\S)")
_STANDING = re.compile(rf"^(?P<a>{_PHRASE})(?:\s+-?(?:\d+|\.\d+|\d+\.\d+|\d+/\d+)){{3,}}\s*$")
_FIXTURE = re.compile(rf"^(?P<a>{_PHRASE})\s+(?:AT|at|v|vs\.?)\s+(?P<b>{_PHRASE})\s*\.?$")
_SEGMENT_TEAM = re.compile(rf"\s*(?P<a>{_PHRASE})\s+{_SCORE}(?:\s+and\s+{_SCORE})?\b")
_INITIAL = re.compile(r"^[A-Z]\.")
_MAX_ROW_LENGTH = 200


def team_spans(paragraph: str) -> list[Span]:
    """Spans of the team names in a results, scores, standings or fixtures line."""
    if len(paragraph) > _MAX_ROW_LENGTH or not any(
        char.isdigit() or char == "A" for char in paragraph
    ):
        return []
    for pattern in (_RESULT, _FIXTURE, _STANDING):
        found = pattern.match(paragraph)
        if found is not None:
            return _names(found, ("a", "b"))
    return _score_segments(paragraph)


def _names(found: re.Match[str], groups: tuple[str, ...]) -> list[Span]:
    spans = []
    for group in groups:
        if group in found.groupdict() and found.group(group) is not None:
            span = found.span(group)
            if not _INITIAL.match(found.group(group)):
                spans.append(span)
    return spans


def _score_segments(paragraph: str) -> list[Span]:
    """`Venue: Team 199 and 426 (players...), Team 232`: each top-level segment opens with a team."""
    body = re.match(_VENUE, paragraph)
    start = body.end() if body else 0
    spans = []
    for segment_start, segment_end in _top_level_segments(paragraph, start):
        found = _SEGMENT_TEAM.match(paragraph, segment_start, segment_end)
        if found is not None and not _INITIAL.match(found.group("a")):
            spans.append(found.span("a"))
    return spans if len(spans) >= 2 else []


def _top_level_segments(text: str, start: int) -> list[Span]:
    """Pieces of `text[start:]` split at commas and semicolons outside brackets."""
    segments, depth, begin = [], 0, start
    for index in range(start, len(text)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char in ",;" and depth == 0:
            segments.append((begin, index))
            begin = index + 1
    segments.append((begin, len(text)))
    return segments
