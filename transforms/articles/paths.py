"""Metadata from a file's path: a configurable pattern, and hive-style `key=value` folders.

Corpora are often laid out by outlet and section, and the path is then the only place that says
so. Two conventions are read:

* hive-style folders, always: `source=bbc/section=sport/2024-03-05.txt` gives `source` `bbc` and
  `section` `sport` (the same layout Spark, DuckDB and Polars write);
* patterns, when configured (`NEWSFLOW_PATH_PATTERN`, several separated by `,`, the first that
  matches wins). A pattern is a path with `{field}` placeholders and `*` wildcards, matched
  against the end of the file's path, so `{source}/{section}/{name}` reads the last two folders
  and `{source}_{section}_{n}.txt` reads a flat folder's file names (`bbc_sport_042.txt`:
  source `bbc`, section `sport`).
  A placeholder matches within one path segment, as little as it can. Fields used: `source`,
  `section`, `language`, and a date as `{date}` (ISO `2024-03-05` or `20240305`) or
  `{year}`/`{month}`/`{day}`; other names (`{name}`, `{n}`) only match. The path is matched
  without a compression suffix (`.gz`).

The path comes last: a record's or page's own metadata, then the text, win over it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from transforms.articles.compression import inner_name

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}|(\*)")
_HIVE_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.+)$")
PATH_FIELDS = ("source", "section", "language")


@dataclass(frozen=True)
class PathFields:
    """What a path says about its articles (each `None` when it says nothing)."""

    source: str | None = None
    section: str | None = None
    language: str | None = None
    published_at: datetime | None = None


class PathPatternError(ValueError):
    """A pattern that cannot be used, with the reason."""


@dataclass(frozen=True)
class PathPattern:
    """A compiled path pattern (see the module's documentation)."""

    pattern: str
    regex: re.Pattern[str]

    @classmethod
    def parse(cls, pattern: str) -> PathPattern:
        pattern = pattern.strip().strip("/")
        if not pattern:
            raise PathPatternError("a path pattern cannot be empty")
        return cls(pattern, _compile(pattern))

    def match(self, source_path: str) -> dict[str, str] | None:
        """The placeholders' values for `source_path`, or `None` when it does not match."""
        found = self.regex.search(inner_name(source_path.split("#", 1)[0]))
        return found.groupdict() if found else None


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    names: set[str] = set()
    position = 0
    for placeholder in _PLACEHOLDER.finditer(pattern):
        parts.append(re.escape(pattern[position : placeholder.start()]))
        name = placeholder.group(1)
        if name is None:
            parts.append("[^/]*?")
        elif name in names:
            raise PathPatternError(f"placeholder {{{name}}} appears twice in {pattern!r}")
        else:
            names.add(name)
            parts.append(f"(?P<{name}>[^/]+?)")
        position = placeholder.end()
    parts.append(re.escape(pattern[position:]))
    return re.compile("(?:^|/)" + "".join(parts) + "$")


def parse_patterns(setting: str | None) -> tuple[PathPattern, ...]:
    """Patterns from a setting's value: several separated by `,`; none for an empty value."""
    if not setting:
        return ()
    return tuple(PathPattern.parse(part) for part in setting.split(",") if part.strip())


def path_fields(source_path: str, patterns: Sequence[PathPattern] = ()) -> PathFields:
    """Source, section, language and date from hive folders and the first matching pattern.

    A pattern's value wins over a hive folder's for the same field.
    """
    values = _hive_values(source_path)
    for pattern in patterns:
        matched = pattern.match(source_path)
        if matched is not None:
            values.update({k: _unhived(k, v) for k, v in matched.items() if v})
            break
    return PathFields(
        source=values.get("source"),
        section=values.get("section"),
        language=_language(values.get("language")),
        published_at=_date(values),
    )


def _hive_values(source_path: str) -> dict[str, str]:
    folders = source_path.split("#", 1)[0].split("/")[:-1]
    return {
        match.group(1): match.group(2)
        for folder in folders
        if (match := _HIVE_SEGMENT.match(folder))
    }


def _unhived(name: str, value: str) -> str:
    """A placeholder that caught a whole hive folder (`section=sport`) keeps only its value."""
    return value.removeprefix(f"{name}=")


def _language(value: str | None) -> str | None:
    if value and len(value) == 2 and value.isalpha():
        return value.lower()
    return None


def _date(values: dict[str, str]) -> datetime | None:
    text = values.get("date")
    if text is None and all(values.get(k) for k in ("year", "month", "day")):
        text = f"{values['year']}-{int(values['month']):02d}-{int(values['day']):02d}"
    if text is None:
        return None
    digits = text.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return datetime.strptime(digits, "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        return None
