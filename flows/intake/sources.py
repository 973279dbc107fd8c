"""Finding, hashing and reading the raw input files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flows.storage.ledger import KnownSources
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


@dataclass(frozen=True)
class SourceVersion:
    """A file found new or changed: its path, its SHA-256 then, and the version it supersedes."""

    source_path: str
    content_sha256: str
    previous_doc_id: str | None = None


def find_new_sources(
    input_dir: Path, source_paths: list[str], known: KnownSources
) -> list[SourceVersion]:
    """The files whose current content no earlier run has handled (new files, changed files).

    Only hashes are kept, not the bytes, so that a large input is never held in memory at once;
    `read_sources` reads each batch again when it is processed.
    """
    found = []
    for source_path in source_paths:
        sha = file_hash(input_dir / source_path)
        if not known.is_known(source_path, sha):
            found.append(SourceVersion(source_path, sha, known.latest_doc_ids.get(source_path)))
    return found


def with_copies_together(versions: list[SourceVersion]) -> list[SourceVersion]:
    """The versions in their order, except that copies of one content follow its first file.

    Copies then fall into one batch, where their paragraphs go through NER once.
    """
    by_content: dict[str, list[SourceVersion]] = {}
    for version in versions:
        by_content.setdefault(version.content_sha256, []).append(version)
    return [version for copies in by_content.values() for version in copies]


def in_batches(versions: list[SourceVersion], size: int) -> list[list[SourceVersion]]:
    """The versions in consecutive batches of `size` (the last may be smaller)."""
    return [versions[start : start + size] for start in range(0, len(versions), size)]


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


def read_sources(input_dir: Path, versions: list[SourceVersion]) -> list[RawSource]:
    """The bytes of each version found new.

    A file that changed again since it was found is left for the next run, which will find its
    newest content; reading it now could publish a version no run saw as new.
    """
    read = []
    for version in versions:
        raw = (input_dir / version.source_path).read_bytes()
        if content_hash(raw) == version.content_sha256:
            read.append(RawSource(version.source_path, raw, version.previous_doc_id))
    return read
