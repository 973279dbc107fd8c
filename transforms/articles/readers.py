"""Which reader a file goes to, and the readers for whole files (text, HTML, JSON).

Formats, by the file's name once a compression suffix (`.gz`) is set aside:

| suffix                 | format | articles                                             |
|------------------------|--------|------------------------------------------------------|
| `.html`, `.htm`, `.xhtml` | html | one per page (main text by trafilatura)             |
| `.json`                | json   | one per object: the file's object, or each element   |
|                        |        | of its array (or of its `articles`/`items`... list)  |
| `.jsonl`, `.ndjson`    | jsonl  | one per line, streamed                               |
| anything else          | txt    | one per file, as before (a file that is not text is  |
|                        |        | refused with the reason)                             |

Any of these may be gzip-compressed; compression is recognised by the gzip signature, so a
compressed file is read whatever its name. `read_articles` takes a whole file's bytes;
`stream_articles` takes a JSON Lines file as a stream of byte chunks (compressed or not) and
holds one line at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Iterator

from transforms.articles.compression import (
    CompressionError,
    chunked,
    gunzip,
    gunzip_chunks,
    inner_name,
    is_gzip,
    iter_lines,
)
from transforms.articles.dates import parse_date
from transforms.articles.html import NO_MAIN_TEXT, read_page
from transforms.articles.jsonrecords import language_code, read_json, read_jsonl
from transforms.articles.model import ArticleRecord, RecordReject
from transforms.decoding import NotTextError, decode_bytes

Result = ArticleRecord | RecordReject

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
STREAMED_FORMATS = frozenset({"jsonl"})


def article_format(source_path: str) -> str:
    """The format a file is read as, from its name without a compression suffix."""
    name = inner_name(source_path).rsplit("/", 1)[-1].lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    return FORMATS.get(suffix, "txt")


def is_streamed(source_path: str) -> bool:
    """Whether the flow should give this file to `stream_articles` rather than read it whole."""
    return article_format(source_path) in STREAMED_FORMATS


def read_articles(
    source_path: str, raw: bytes, skip: Container[str] = frozenset()
) -> Iterator[Result]:
    """Every article (or reject) of one file given whole; never raises for bad input.

    `skip` holds the `record_sha256` of records already ingested (JSON Lines only).
    """
    digest = hashlib.sha256(raw).hexdigest()
    if is_gzip(raw):
        try:
            raw = gunzip(raw)
        except CompressionError as error:
            yield RecordReject(source_path, error.reason, digest)
            return
    fmt = article_format(source_path)
    if fmt == "jsonl":
        yield from read_jsonl(source_path, iter_lines(chunked(raw)), skip)
    elif fmt == "json":
        yield from read_json(source_path, raw)
    elif fmt == "html":
        yield read_html(source_path, raw, digest)
    else:
        yield read_text(source_path, raw, digest)


def stream_articles(
    source_path: str, chunks: Iterable[bytes], skip: Container[str] = frozenset()
) -> Iterator[Result]:
    """The articles of a JSON Lines file read as a stream of chunks (gzip or not), line by line.

    Memory stays flat whatever the file's length: one chunk and one line at a time. A damaged
    gzip stream ends the file with a reject naming it, after the records read before the damage.
    """
    stream = iter(chunks)
    first = next(stream, b"")
    rest = _prepend(first, stream)
    data = gunzip_chunks(rest) if is_gzip(first) else rest
    try:
        yield from read_jsonl(source_path, iter_lines(data), skip)
    except CompressionError as error:
        yield RecordReject(source_path, error.reason, "")


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def read_text(source_path: str, raw: bytes, digest: str) -> Result:
    """A plain-text file: the whole text, its headline found later by the headline rule."""
    try:
        decoded = decode_bytes(raw)
    except NotTextError as error:
        return RecordReject(source_path, error.reason, digest)
    return ArticleRecord(
        source_path=source_path,
        format="txt",
        text=decoded.text,
        record_sha256=digest,
        n_bytes=len(raw),
        encoding=decoded.encoding,
        fixes=decoded.fixes,
    )


def read_html(source_path: str, raw: bytes, digest: str) -> Result:
    """An HTML page: its main text and metadata, or a reject when it has no main text."""
    try:
        page, encoding, fixes = read_page(raw)
    except NotTextError as error:
        return RecordReject(source_path, error.reason, digest)
    if page is None:
        return RecordReject(source_path, NO_MAIN_TEXT, digest)
    language = language_code(page.language)
    published = parse_date(page.published, (language, "en") if language else None)
    return ArticleRecord(
        source_path=source_path,
        format="html",
        text=page.text,
        record_sha256=digest,
        n_bytes=len(raw),
        encoding=encoding,
        fixes=fixes,
        title=page.title,
        published_at=published.value,
        url=page.url,
        authors=page.authors,
        source=page.source,
        section=page.section,
        language_hint=language,
        notes=(published.note,) if published.note else (),
    )
