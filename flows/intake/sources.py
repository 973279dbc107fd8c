"""Finding, hashing and reading the raw input files, and nothing outside the input folder.

Links: a symbolic link to a file inside the input folder is read like a file, under the link's
own path. A link whose target is outside the input folder (or does not exist) is never read: it
becomes a `rejects` row that names it. A link to a folder is not followed; the folder's files
are found under their own paths when it is inside the input folder, and a link to a folder
outside it is rejected like a link to a file there.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from flows.storage.ledger import KnownSources
from transforms.identity import content_hash

LINK_OUTSIDE = (
    "a symbolic link to a place outside the input folder (or to nothing); newsflow reads nothing "
    "outside the input folder: copy the file in, or link to one inside"
)


class OutsideInputError(OSError):
    """A path that leads outside the input folder."""


@dataclass(frozen=True)
class Found:
    """A file under the input folder, by `/`-separated path relative to it.

    `problem` says why it must not or cannot be read (a link out of the input folder, say); such
    a file becomes a `rejects` row without being read.
    """

    source_path: str
    problem: str | None = None


@dataclass(frozen=True)
class RawSource:
    """One input file's bytes, named by its `/`-separated path relative to the input root.

    `previous_doc_id` is the published version of the same path that this one supersedes;
    `problem`, when set, is why the file was not read (its `raw` is then empty).
    """

    source_path: str
    raw: bytes
    previous_doc_id: str | None = None
    problem: str | None = None


def discover(input_dir: Path) -> list[Found]:
    """Every file under `input_dir`, in a stable order.

    Hidden files and folders (a name starting with `.`) are skipped. Every other file is a
    candidate: one that is not text is rejected with a reason later, never silently ignored.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    root = input_dir.resolve()
    found = []
    for path in input_dir.rglob("*"):
        relative = path.relative_to(input_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root) or not target.exists():
                found.append(Found(relative.as_posix(), LINK_OUTSIDE))
                continue
        if path.is_file():
            found.append(Found(relative.as_posix()))
    return sorted(found, key=lambda f: f.source_path)


@dataclass(frozen=True)
class SourceVersion:
    """A file found new or changed: its path, its SHA-256 then, and the version it supersedes.

    A file with a `problem` has no hash: it is not read.
    """

    source_path: str
    content_sha256: str | None
    previous_doc_id: str | None = None
    problem: str | None = None


def find_new_sources(
    input_dir: Path, candidates: list[Found], known: KnownSources
) -> list[SourceVersion]:
    """The files whose current content no earlier run has handled (new files, changed files).

    Only hashes are kept, not the bytes, so that a large input is never held in memory at once;
    `read_sources` reads each batch again when it is processed. A file with a problem is new
    until a run has rejected it.
    """
    found = []
    for candidate in candidates:
        path = candidate.source_path
        sha = None if candidate.problem else file_hash(input_dir, path)
        if not known.is_known(path, sha):
            previous = known.latest_doc_ids.get(path)
            found.append(SourceVersion(path, sha, previous, candidate.problem))
    return found


def with_copies_together(versions: list[SourceVersion]) -> list[SourceVersion]:
    """The versions in their order, except that copies of one content follow its first file.

    Copies then fall into one batch, where their paragraphs go through NER once.
    """
    by_content: dict[str | None, list[SourceVersion]] = {}
    for version in versions:
        by_content.setdefault(version.content_sha256, []).append(version)
    return [version for copies in by_content.values() for version in copies]


def in_batches(versions: list[SourceVersion], size: int) -> list[list[SourceVersion]]:
    """The versions in consecutive batches of `size` (the last may be smaller)."""
    return [versions[start : start + size] for start in range(0, len(versions), size)]


def open_inside(input_dir: Path, source_path: str) -> int:
    """A file descriptor of the file at `source_path`, read only, if it is inside `input_dir`.

    Links are resolved first and the file they lead to is opened without following links any
    further (`O_NOFOLLOW`), so a file swapped for a link after discovery is not read either.
    """
    root = input_dir.resolve()
    target = (input_dir / source_path).resolve()
    if not target.is_relative_to(root):
        raise OutsideInputError(f"{source_path} leads outside the input folder")
    return os.open(target, os.O_RDONLY | os.O_NOFOLLOW)


def read_inside(input_dir: Path, source_path: str) -> bytes:
    with os.fdopen(open_inside(input_dir, source_path), "rb") as handle:
        return handle.read()


# Hashes already computed in this process, by path, size and modification time: a run started by
# `newsflow run` hashes the input once while Prefect starts, and the flow then reuses them.
_known_hashes: dict[str, tuple[int, int, str]] = {}


def file_hash(input_dir: Path, source_path: str) -> str:
    """Hex SHA-256 of a file's bytes (remembered while its size and mtime do not change)."""
    with os.fdopen(open_inside(input_dir, source_path), "rb") as handle:
        stat = os.fstat(handle.fileno())
        key = str(input_dir / source_path)
        remembered = _known_hashes.get(key)
        if remembered and remembered[:2] == (stat.st_size, stat.st_mtime_ns):
            return remembered[2]
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    _known_hashes[key] = (stat.st_size, stat.st_mtime_ns, digest)
    return digest


def read_sources(input_dir: Path, versions: list[SourceVersion]) -> list[RawSource]:
    """The bytes of each version found new.

    A file that changed again since it was found is left for the next run, which will find its
    newest content; reading it now could publish a version no run saw as new. A file with a
    problem is not read: it travels with its problem, to be rejected.
    """
    read = []
    for version in versions:
        if version.problem:
            read.append(
                RawSource(version.source_path, b"", version.previous_doc_id, version.problem)
            )
            continue
        raw = read_inside(input_dir, version.source_path)
        if content_hash(raw) == version.content_sha256:
            read.append(RawSource(version.source_path, raw, version.previous_doc_id))
    return read
