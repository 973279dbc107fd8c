"""What each paragraph of an article is: its title, a byline, a date line, or body text.

Roles (stable names, `paragraphs.role`):

| role   | paragraph                                                                    |
|--------|------------------------------------------------------------------------------|
| title  | the headline: paragraph 0, from the record's or page's title, or by the      |
|        | headline rule below for text that carries none                               |
| byline | `By Jane Smith`, `By Jane Smith and Tom Aird, Reuters`, `Von Anna Weber`...  |
|        | (its names, less a wire agency's, are the authors when nothing else names    |
|        | them)                                                                        |
| date   | a line that is only a date, possibly labelled: `Published: 5 March 2024`,    |
|        | `Updated 10:32 GMT, 5 March 2024`, `5 марта 2024`                            |
| body   | everything else: the article's text                                          |

The headline rule (plain text, and any record without a title field): the first paragraph is the
title when the document has another paragraph after it, and the first one is short
(`tables.HEADLINE_MAX_CHARS` characters, `HEADLINE_MAX_WORDS` words), is not a byline or a date
line, starts with a letter, digit, quote mark or currency sign, and does not end like a sentence of running text
(with `.`, `,`, `;` or `:`; `?`, `!`, `...` and a final abbreviation such as `U.S.` are
headline endings). In the BBC corpus it picks the first line of every article.

Bylines and date lines are looked for only among the first `FRONT_MATTER` paragraphs after the
title, where the layout puts them; further down the same words are body text.

A dateline at the head of the first body paragraph (`WASHINGTON, March 5, 2024 (Reuters) -`,
`BERLIN (dpa) --`) stays in the text; `find_dateline` reads its place, date and agency.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from transforms.articles import tables
from transforms.articles.dates import parse_date
from transforms.articles.jsonrecords import split_names

TITLE = "title"
BYLINE = "byline"
DATE = "date"
BODY = "body"
ROLES = (TITLE, BYLINE, DATE, BODY)
FRONT_MATTER = 3

# Besides letters and digits, a headline may open with a quote mark or a currency sign.
_HEADLINE_OPENERS = frozenset("\"'\u2018\u201c\u00ab\u201e\u300c$\u00a3\u20ac\u00a5")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")
_NAME_WORD = re.compile(r"^[\w.'\u2019-]+$")
# A date line names a year (a date without one is refused anyway: it would need today's year).
_HAS_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d\d\b")
_DATE_LINE_MAX_WORDS = 10
_DATE_LABEL = re.compile(
    r"^(?:" + "|".join(re.escape(label) for label in tables.DATE_LINE_LABELS) + r")\s*:?\s*",
    re.IGNORECASE,
)
_AGENCY = "|".join(re.escape(a) for a in tables.WIRE_AGENCIES)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z\u00c0-\u00de .'\u2019-]{1,40}?)"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?))?"
    r"(?:,\s*(?P<date>[^()\u2013\u2014]{3,40}?))?"
    r"\s*(?:\((?P<agency>" + _AGENCY + r")\))?"
    r"\s*(?:-{1,2}|\u2013|\u2014)\s+"
)


@dataclass(frozen=True)
class Dateline:
    """The place, date (if it has one with a year) and wire agency of a story's dateline."""

    place: str
    published_at: datetime | None
    agency: str | None


def looks_like_headline(first: str) -> bool:
    """Whether a first paragraph reads as a headline (see the module's rule)."""
    text = first.strip()
    if not text or len(text) > tables.HEADLINE_MAX_CHARS:
        return False
    if len(text.split()) > tables.HEADLINE_MAX_WORDS:
        return False
    if not (text[0].isalnum() or text[0] in _HEADLINE_OPENERS):
        return False
    if text.endswith(tables.HEADLINE_BAD_ENDINGS) and not _allowed_final_period(text):
        return False
    return not (is_byline(text) or is_date_line(text))


def _allowed_final_period(text: str) -> bool:
    return text.endswith("...") or bool(_ABBREVIATION_END.search(text))


def is_byline(text: str) -> bool:
    """`By Jane Smith`, `By Jane Smith and Tom Aird, Reuters`: an opener, then names only."""
    return byline_names(text) is not None


def byline_names(text: str) -> list[str] | None:
    """The names of a byline, or `None` when `text` is not one."""
    text = " ".join(text.split())
    if len(text) > tables.BYLINE_MAX_CHARS:
        return None
    opener, _, rest = text.partition(" ")
    if opener.casefold().rstrip(":") not in tables.BYLINE_OPENERS or not rest:
        return None
    agencies = {agency.casefold() for agency in tables.WIRE_AGENCIES}
    names = [name for name in split_names(rest) if name.casefold() not in agencies]
    if not names or not all(_is_name(name) for name in names):
        return None
    return names


def _is_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    return all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper()


def is_date_line(text: str, languages: tuple[str, ...] | None = None) -> bool:
    """Whether `text` is only a date (optionally labelled `Published:`, `Updated`...)."""
    return date_line_value(text, languages) is not None


def date_line_value(text: str, languages: tuple[str, ...] | None = None) -> datetime | None:
    """The date a date line gives, or `None` when `text` is not a date line."""
    text = " ".join(text.split())
    if len(text) > tables.DATE_LINE_MAX_CHARS or len(text.split()) > _DATE_LINE_MAX_WORDS:
        return None
    if not _HAS_YEAR.search(text):
        return None
    return parse_date(_DATE_LABEL.sub("", text, count=1), languages).value


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, if any (an upper-case place, then a dash)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip()
    if len(place) < 2 or not any(c.isalpha() for c in place):
        return None
    date_text = match.group("date")
    published = parse_date(date_text).value if date_text else None
    return Dateline(place.title(), published, match.group("agency"))


def assign_roles(
    paragraphs: Sequence[str], has_title: bool, languages: tuple[str, ...] | None = None
) -> list[str]:
    """The role of each paragraph; `has_title` says paragraph 0 is the title (known or found)."""
    roles = [BODY] * len(paragraphs)
    start = 0
    if has_title and paragraphs:
        roles[0] = TITLE
        start = 1
    for index in range(start, min(start + FRONT_MATTER, len(paragraphs))):
        text = paragraphs[index]
        if is_byline(text):
            roles[index] = BYLINE
        elif is_date_line(text, languages):
            roles[index] = DATE
    return roles


def title_by_rule(paragraphs: Sequence[str]) -> bool:
    """Whether the first paragraph is the title by the headline rule."""
    return len(paragraphs) >= 2 and looks_like_headline(paragraphs[0])
