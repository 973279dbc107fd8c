"""Finding and reading the raw input files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flows.state import KnownSources
from transforms.identity import content_hash


@dataclass(frozen=True)
class RawSource:
    """One input file's bytes, named by its `/`-separated path relative to the input root.

    `previous_doc_id` is the published version of the same path that this one supersedes.
    """

    source_path: str
    raw: bytes
    previous_doc_id: str | None = None


def discover(input_dir: Path) -> list[str]:
    """Relative paths of every file under `input_dir`, in a stable order.

    Hidden files and folders (a name starting with `.`) are skipped. Every other file is a
    candidate: one that is not text is rejected with a reason later, never silently ignored.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    found = []
    for path in input_dir.rglob("*"):
        relative = path.relative_to(input_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            found.append(relative.as_posix())
    return sorted(found)


def find_new_sources(input_dir: Path, source_paths: list[str], known: KnownSources) -> list[str]:
    """The paths whose current content no earlier run has handled (new files, changed files).

    Only hashes are kept, not the bytes, so that a large input is never held in memory at once;
    `read_new_sources` reads each batch again when it is processed.
    """
    return [
        source_path
        for source_path in source_paths
        if not known.is_known(source_path, file_hash(input_dir / source_path))
    ]


# Hashes already computed in this process, by path, size and modification time: a run started by
# `newsflow run` hashes the input once while Prefect starts, and the flow then reuses them.
_known_hashes: dict[str, tuple[int, int, str]] = {}


def file_hash(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (remembered while its size and mtime do not change)."""
    stat = path.stat()
    remembered = _known_hashes.get(str(path))
    if remembered and remembered[:2] == (stat.st_size, stat.st_mtime_ns):
        return remembered[2]
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    _known_hashes[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
    return digest


def read_new_sources(
    input_dir: Path, source_paths: list[str], known: KnownSources
) -> list[RawSource]:
    """Read each named file, keeping only the versions no earlier run has handled.

    A file that changed back to a handled version since it was found new is skipped here.
    """
    new = []
    for source_path in source_paths:
        raw = (input_dir / source_path).read_bytes()
        if not known.is_known(source_path, content_hash(raw)):
            new.append(RawSource(source_path, raw, known.latest_doc_ids.get(source_path)))
    return new
