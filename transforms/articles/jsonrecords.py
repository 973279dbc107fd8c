"""Articles from JSON and JSON Lines: one article per record, under the field names scrapers use.

A record is an article when one of `tables.TEXT_FIELDS` holds text (news-please's `maintext`,
newspaper's and trafilatura's `text`, feeds' `content`...); every other part is read from the
first of its alias fields that holds a value (`tables.*_FIELDS`, dotted names read nested
objects). Values such as `""`, `"None"` or `"null"` count as missing.

Keys. A record's key names it within its file and is appended to the file's path to make its
`source_path`: its position, `line=<n>` (1-based line of a JSON Lines file, the number a reject
names too) or `item=<n>` (1-based element of a JSON array). A JSON file holding one object is one
article and keeps the file's path. A record's own id (`tables.ID_FIELDS`) is kept beside it as
`record_id` but does not key it: scrapers repeat ids (a page fetched twice is appended twice),
and telling a repeat apart would mean remembering every id of a file, so memory would grow with
the file. Records already ingested are recognised by their bytes instead (`record_hash`),
wherever they sit in the file.

Streaming. `read_jsonl` consumes lines one at a time (`compression.iter_lines` frames a stream of
chunks), so a file of any length is read with flat memory; only the ids seen so far are kept
Its `skip` argument takes the record hashes already ingested: those
lines are not even parsed, which is how a grown file costs only its new lines.

What is refused, one `RecordReject` per line or record, the rest of the file going on: a line
that is not valid JSON (with its line number and the parser's message), a line or element that is
not an object, a record without text, a line too long to hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Any

from transforms.articles import tables
from transforms.articles.compression import MAX_LINE_BYTES, RawLine, chunked, iter_lines
from transforms.articles.dates import parse_date
from transforms.articles.html import extract_page, looks_like_html
from transforms.articles.model import ArticleRecord, RecordReject
from transforms.decoding import NotTextError, decode_bytes, decode_utf8_with_cp1252_fallback

Result = ArticleRecord | RecordReject


def record_hash(data: bytes) -> str:
    """Hex SHA-256 of one record's bytes (a JSON Lines line without its line break)."""
    return hashlib.sha256(data.strip()).hexdigest()


def read_jsonl(
    file_path: str, lines: Iterable[RawLine], skip: Container[str] = frozenset()
) -> Iterator[Result]:
    """One result per non-blank line: an article or the reason the line was refused.

    `skip` holds `record_hash` values already ingested from this file; those lines are passed
    over without being parsed.
    """
    for line in lines:
        if line.overlong:
            yield RecordReject(
                f"{file_path}#line={line.number}",
                f"line {line.number} is longer than {MAX_LINE_BYTES >> 20} MiB and was skipped",
                "",
                line.number,
            )
            continue
        data = line.data.removeprefix(b"\xef\xbb\xbf") if line.number == 1 else line.data
        if not data.strip():
            continue
        digest = record_hash(data)
        if digest in skip:
            continue
        yield _line_result(file_path, line.number, data, digest)


def _line_result(file_path: str, number: int, data: bytes, digest: str) -> Result:
    position = f"line={number}"
    text, fixes = _decode_line(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return RecordReject(
            f"{file_path}#{position}",
            f"line {number} is not valid JSON: {error.msg} (column {error.colno})",
            digest,
            number,
        )
    if not isinstance(value, dict):
        return RecordReject(
            f"{file_path}#{position}",
            f"line {number} is a JSON {_json_kind(value)}, not an article object",
            digest,
            number,
        )
    return record_from_mapping(
        value,
        file_path,
        position,
        fmt="jsonl",
        record_sha256=digest,
        n_bytes=len(data),
        fixes=fixes,
        line=number,
    )


def _decode_line(data: bytes) -> tuple[str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        return decode_utf8_with_cp1252_fallback(data), ("invalid_utf8_bytes",)


def read_json(file_path: str, raw: bytes) -> Iterator[Result]:
    """The articles of a JSON file: one object, an array of objects, or a container of them.

    A file that holds several JSON values one per line is read as JSON Lines.
    """
    try:
        decoded = decode_bytes(raw)
    except NotTextError as error:
        yield RecordReject(file_path, error.reason, hashlib.sha256(raw).hexdigest())
        return
    try:
        value = json.loads(decoded.text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from read_jsonl(file_path, iter_lines(chunked(raw)))
            return
        yield RecordReject(
            file_path,
            f"the file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            hashlib.sha256(raw).hexdigest(),
            error.lineno,
        )
        return
    yield from _json_value_results(file_path, value, raw, decoded.fixes)


def _json_value_results(
    file_path: str, value: Any, raw: bytes, fixes: tuple[str, ...]
) -> Iterator[Result]:
    items = _container_items(value)
    if items is None and isinstance(value, dict):
        yield record_from_mapping(
            value,
            file_path,
            None,
            fmt="json",
            record_sha256=hashlib.sha256(raw).hexdigest(),
            n_bytes=len(raw),
            fixes=fixes,
        )
        return
    if items is None:
        yield RecordReject(
            file_path,
            f"the file holds a JSON {_json_kind(value)}, not an article or a list of articles",
            hashlib.sha256(raw).hexdigest(),
        )
        return
    for index, item in enumerate(items, start=1):
        encoded = json.dumps(item, sort_keys=True, ensure_ascii=False).encode()
        digest = hashlib.sha256(encoded).hexdigest()
        if not isinstance(item, dict):
            yield RecordReject(
                f"{file_path}#item={index}",
                f"item {index} is a JSON {_json_kind(item)}, not an article object",
                digest,
            )
            continue
        yield record_from_mapping(
            item,
            file_path,
            f"item={index}",
            fmt="json",
            record_sha256=digest,
            n_bytes=len(encoded),
            fixes=fixes,
        )


def _container_items(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and _first_text(value, tables.TEXT_FIELDS) is None:
        for name in tables.CONTAINER_FIELDS:
            if isinstance(value.get(name), list):
                return value[name]
    return None


def record_from_mapping(
    record: Mapping[str, Any],
    file_path: str,
    position: str | None,
    *,
    fmt: str,
    record_sha256: str,
    n_bytes: int,
    fixes: tuple[str, ...] = (),
    line: int | None = None,
) -> Result:
    """An article from one JSON object, or the reason it holds none.

    `position` is the record's place in its file (`line=12`, `item=3`), `None` for a file that is
    one article.
    """
    key = position
    notes: tuple[str, ...] = ()
    source_path = f"{file_path}#{key}" if key else file_path
    text = _first_text(record, tables.TEXT_FIELDS)
    url = _first_text(record, tables.URL_FIELDS)
    if text is not None and looks_like_html(text):
        page = extract_page(text, url)
        text = page.text if page else None
        notes += ("html_in_text",)
    if text is None:
        fields = ", ".join(tables.TEXT_FIELDS)
        where = f"line {line}" if line else (f"record {key}" if key else "the record")
        return RecordReject(
            source_path,
            f"{where} has no article text (none of {fields} holds any)",
            record_sha256,
            line,
        )
    language = language_code(_first_text(record, tables.LANGUAGE_FIELDS))
    published = parse_date(
        _first_value(record, tables.DATE_FIELDS), (language, "en") if language else None
    )
    if published.note:
        notes += (published.note,)
    return ArticleRecord(
        source_path=source_path,
        format=fmt,
        text=text,
        record_sha256=record_sha256,
        n_bytes=n_bytes,
        key=key,
        record_id=_record_id(record),
        fixes=fixes,
        title=_first_text(record, tables.TITLE_FIELDS),
        published_at=published.value,
        url=url,
        authors=_authors(_first_value(record, tables.AUTHOR_FIELDS)),
        source=_first_text(record, tables.SOURCE_FIELDS),
        section=_first_text(record, tables.SECTION_FIELDS),
        language_hint=language,
        notes=notes,
    )


def _record_id(record: Mapping[str, Any]) -> str | None:
    value = _first_value(record, tables.ID_FIELDS)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def _first_value(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = _lookup(record, name)
        if _present(value):
            return value
    return None


def _first_text(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        text = _as_text(_lookup(record, name))
        if text is not None:
            return text
    return None


def _lookup(record: Mapping[str, Any], name: str) -> Any:
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip().casefold() not in tables.EMPTY_VALUES
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def _as_text(value: Any) -> str | None:
    """A string field's text; a list of strings (paragraphs, categories) joined by line breaks."""
    if isinstance(value, list):
        parts = [part.strip() for part in value if isinstance(part, str) and _present(part)]
        return "\n".join(parts) or None
    if isinstance(value, Mapping):
        return _as_text(value.get("name"))
    if isinstance(value, str) and _present(value):
        return value.strip()
    return None


def _authors(value: Any) -> tuple[str, ...]:
    """Author names from a list, a `{"name": ...}` object or a string (`A, B and C`)."""
    if isinstance(value, list):
        names = [name for item in value for name in _authors(item)]
    elif isinstance(value, Mapping):
        names = list(_authors(value.get("name")))
    elif isinstance(value, str) and _present(value):
        names = split_names(value)
    else:
        names = []
    return tuple(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))


def split_names(text: str) -> list[str]:
    """`A, B and C` / `A; B` / `A & B` as separate names."""
    for separator in (";", " & ", " and ", " und ", " et ", " y "):
        text = text.replace(separator, ",")
    return [name.strip() for name in text.split(",") if name.strip()]


def language_code(value: str | None) -> str | None:
    """`en`, `en-GB`, `en_US` -> `en`; anything that is not such a code -> `None`."""
    if not value:
        return None
    head = value.strip().replace("_", "-").split("-")[0].lower()
    return head if len(head) == 2 and head.isalpha() else None


def _json_kind(value: Any) -> str:
    kinds = {list: "array", dict: "object", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")


__all__ = [
    "language_code",
    "read_json",
    "read_jsonl",
    "record_from_mapping",
    "record_hash",
    "split_names",
]
