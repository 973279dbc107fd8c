"""Gzip and line framing for inputs read whole or as a stream of byte chunks.

Compressed input is recognised by the gzip signature, not by the name alone (a `.gz` suffix is
only stripped to find the inner format). Decompression is bounded twice over: a stream is
inflated at most `PIECE_BYTES` at a time, so one highly compressible chunk cannot balloon in
memory, and a whole-file read stops at `max_bytes` (a "gzip bomb" is refused, not expanded).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import NamedTuple

GZIP_MAGIC = b"\x1f\x8b"
GZIP_SUFFIXES = (".gz", ".gzip")
PIECE_BYTES = 1 << 20
# A whole file (plain text, a page, a JSON document) is at most this large once decompressed;
# JSON Lines files are streamed and have no such bound.
MAX_DECOMPRESSED_BYTES = 256 << 20
# A JSON Lines line longer than this is refused (and skipped without being held in memory).
MAX_LINE_BYTES = 64 << 20
# zlib window bits for a gzip header and trailer.
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class CompressionError(ValueError):
    """The bytes claim to be gzip but cannot be read; `reason` says why for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_gzip(raw: bytes) -> bool:
    """Whether `raw` starts with the gzip signature."""
    return raw[:2] == GZIP_MAGIC


def inner_name(source_path: str) -> str:
    """The path without a compression suffix: `feed.jsonl.gz` -> `feed.jsonl`."""
    lowered = source_path.lower()
    for suffix in GZIP_SUFFIXES:
        if lowered.endswith(suffix):
            return source_path[: -len(suffix)]
    return source_path


def gunzip(raw: bytes, max_bytes: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress a whole gzip file (every member of it), refusing more than `max_bytes`."""
    out = bytearray()
    for piece in gunzip_chunks([raw]):
        out += piece
        if len(out) > max_bytes:
            raise CompressionError(
                f"the file expands to more than {max_bytes >> 20} MiB when decompressed; "
                "a file this large should be split or given as JSON Lines"
            )
    return bytes(out)


def gunzip_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decompress a stream of gzip bytes (one or more members), yielding pieces of bounded size."""
    inflater = zlib.decompressobj(_GZIP_WBITS)
    started = False
    for chunk in chunks:
        data = chunk
        while data:
            started = True
            try:
                piece = inflater.decompress(data, PIECE_BYTES)
            except zlib.error as error:
                raise CompressionError(f"the gzip data is damaged ({error})") from error
            if piece:
                yield piece
            if inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif inflater.eof:
                # Concatenated gzip members (as `cat a.gz b.gz` makes) form one stream.
                data = inflater.unused_data.lstrip(b"\0")
                inflater = zlib.decompressobj(_GZIP_WBITS)
                started = bool(data)
            else:
                data = b""
    if started and not inflater.eof:
        raise CompressionError("the gzip data ends early: the file was cut off")


class RawLine(NamedTuple):
    """One line of a stream: its 1-based number and bytes (without the line break).

    `overlong` marks a line longer than `MAX_LINE_BYTES`, whose bytes were skipped, not kept.
    """

    number: int
    data: bytes
    overlong: bool = False


def iter_lines(chunks: Iterable[bytes], max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[RawLine]:
    """Frame a stream of byte chunks into lines, holding at most one line in memory.

    A final line without a line break is a line too. `\\r\\n` line ends lose their `\\r`.
    """
    number = 1
    pending = bytearray()
    skipping = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            if skipping:
                yield RawLine(number, b"", overlong=True)
                skipping = False
            else:
                pending += chunk[start:end]
                yield RawLine(number, _without_cr(bytes(pending)))
            pending.clear()
            number += 1
            start = end + 1
        if not skipping:
            pending += chunk[start:]
            if len(pending) > max_line_bytes:
                pending.clear()
                skipping = True
    if skipping:
        yield RawLine(number, b"", overlong=True)
    elif pending:
        yield RawLine(number, _without_cr(bytes(pending)))


def _without_cr(line: bytes) -> bytes:
    return line[:-1] if line.endswith(b"\r") else line


def chunked(raw: bytes, size: int = PIECE_BYTES) -> Iterator[bytes]:
    """`raw` as a stream of chunks, for callers that hold a whole file already."""
    view = memoryview(raw)
    for start in range(0, len(raw), size):
        yield bytes(view[start : start + size])
