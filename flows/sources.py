"""Finding and reading the raw input files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RawSource:
    """One input file's bytes, named by its `/`-separated path relative to the input root."""

    source_path: str
    raw: bytes


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


def read_sources(input_dir: Path, source_paths: list[str]) -> list[RawSource]:
    """Read the bytes of each named file."""
    return [RawSource(p, (input_dir / p).read_bytes()) for p in source_paths]
