"""Publication dates from whatever a record, page or text gives, as UTC timestamps or nothing.

`published_at` is never guessed: a value that cannot be read is `None` with the note
`date_unparseable`, never the ingest time, and a reading that would need today's date (a relative
`yesterday`, a day and month without a year) is refused for the same reason, so that the same
input gives the same date on any day.

The order of attempts, strictest first: a `datetime`; a number (Unix seconds, or milliseconds
when too large for seconds); ISO 8601 (`2024-03-05`, `2024-03-05T10:32:00Z`, with an offset);
RFC 2822 as in feeds and e-mail (`Tue, 05 Mar 2024 10:32:00 GMT`); then `dateparser` for written
dates in any of its languages (`5 March 2024 10:32 GMT`, `5. März 2024`, `5 марта 2024`), with
day, month and year all required. A date and time without an offset is read as UTC
(note `date_without_timezone`); a date alone is midnight UTC. Years outside 1900-2100 are taken
for a mistake (note `date_out_of_range`).
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from transforms.articles.tables import DATE_LANGUAGES

MIN_YEAR = 1900
MAX_YEAR = 2100
# Timestamps above this are milliseconds (seconds this large are after the year 5000).
_MILLISECONDS_FROM = 100_000_000_000
_HAS_TIME = re.compile(r"\d[:h.]\d\d")
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
}


@dataclass(frozen=True)
class ParsedDate:
    """A date read as a UTC timestamp (or `None`) and the note naming a repair, if any."""

    value: datetime | None
    note: str | None = None


NO_DATE = ParsedDate(None)


def parse_date(value: Any, languages: tuple[str, ...] | None = None) -> ParsedDate:
    """Read `value` as a publication date in UTC; `NO_DATE` when nothing was given.

    `languages` (ISO 639-1 codes) are the ones `dateparser` tries for a written date; by default
    the common ones of `tables.DATE_LANGUAGES`.
    """
    if value is None or isinstance(value, bool):
        return NO_DATE
    if isinstance(value, datetime):
        return _checked(_as_utc(value), None if value.tzinfo else "date_without_timezone")
    if isinstance(value, int | float):
        return _from_timestamp(value)
    if not isinstance(value, str):
        return ParsedDate(None, "date_unparseable")
    text = " ".join(value.split())
    if not text:
        return NO_DATE
    for reader in (_from_iso, _from_rfc2822):
        parsed = reader(text)
        if parsed is not None:
            return parsed
    return _from_words(text, languages)


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _checked(value: datetime, note: str | None) -> ParsedDate:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return ParsedDate(None, "date_out_of_range")
    return ParsedDate(value, note)


def _from_timestamp(number: float) -> ParsedDate:
    seconds = number / 1000 if abs(number) >= _MILLISECONDS_FROM else number
    try:
        return _checked(datetime.fromtimestamp(seconds, UTC), None)
    except (OverflowError, OSError, ValueError):
        return ParsedDate(None, "date_out_of_range")


def _from_iso(text: str) -> ParsedDate | None:
    if not text[:4].isdigit():
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    naive_with_time = value.tzinfo is None and len(text) > len("2024-03-05")
    return _checked(_as_utc(value), "date_without_timezone" if naive_with_time else None)


def _from_rfc2822(text: str) -> ParsedDate | None:
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value is None:
        return None
    # parsedate_to_datetime reads `-0000` ("no zone known") as naive.
    return _checked(_as_utc(value), None if value.tzinfo else "date_without_timezone")


def _from_words(text: str, languages: tuple[str, ...] | None) -> ParsedDate:
    value = _dateparser().parse(
        text, languages=list(languages or DATE_LANGUAGES), settings=_DATEPARSER_SETTINGS
    )
    if value is None:
        return ParsedDate(None, "date_unparseable")
    naive_with_time = value.tzinfo is None and bool(_HAS_TIME.search(text))
    return _checked(_as_utc(value), "date_without_timezone" if naive_with_time else None)


@cache
def _dateparser() -> Any:
    """`dateparser` is imported on first use: it takes a second to load its language data."""
    import dateparser

    return dateparser
