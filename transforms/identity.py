"""Ids of source versions: the same path and bytes always give the same ids."""

from __future__ import annotations

import hashlib


def content_hash(raw: bytes) -> str:
    """Hex SHA-256 of a file's raw bytes."""
    return hashlib.sha256(raw).hexdigest()


def document_id(source_path: str, content_sha256: str) -> str:
    """Id of one version of one source: the same path and bytes always give the same id.

    >>> document_id("world/summit.txt", content_hash(b"Leaders meet"))
    '39f9aa531152395ff4129206'
    """
    return hashlib.sha256(f"{source_path}\0{content_sha256}".encode()).hexdigest()[:24]
