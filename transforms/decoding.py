"""Turn raw bytes into text, recording which encoding the bytes were read as.

The order matters: a byte-order mark is the strongest evidence, strict UTF-8 the next (valid
UTF-8 is almost never an accident), and only then a legacy code page.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotTextError(ValueError):
    """The bytes are not text; `reason` says why in words a person can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    fixes: tuple[str, ...] = field(default=())


def decode_bytes(raw: bytes) -> Decoded:
    """Decode `raw`: BOM first, then strict UTF-8, then Windows-1252."""
    if not raw:
        raise NotTextError("the file is empty")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return Decoded(raw.decode(name), "utf-8" if name == "utf-8-sig" else name)
    if b"\x00" in raw:
        raise NotTextError("the file contains NUL bytes: it is binary, not text")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(raw.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(raw.decode("latin-1"), "latin-1")
