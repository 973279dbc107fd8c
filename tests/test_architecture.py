"""The structure stays as README "Architecture" draws it: layers, one writer, one settings object.

The import layers themselves are checked by import-linter (`make lint`, `[tool.importlinter]` in
pyproject.toml); these tests check what an import graph cannot see.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from flows.storage.files import partial_path, write_bytes
from flows.storage.publish import recover
from tests.helpers import ROOT

FLOWS = ROOT / "flows"
# Calls that write a file in place. Under OUTPUT every file goes through `flows.storage.files`.
IN_PLACE_WRITES = re.compile(
    r"\.write_text\(|\.write_bytes\(|pq\.write_table\(|open\([^)]*[\"'][wa]b?\+?[\"']"
)
WRITERS = {
    FLOWS / "storage" / "files.py",  # the one atomic writer
    FLOWS / "storage" / "lock.py",  # the lock file is opened, never replaced
    FLOWS / "contract" / "readme.py",  # writes README.md in the repository, not under OUTPUT
}


def sources_of(package: Path) -> list[Path]:
    return sorted(package.rglob("*.py"))


@pytest.mark.parametrize("path", sources_of(FLOWS), ids=lambda p: str(p.relative_to(ROOT)))
def test_files_are_written_only_through_the_atomic_writer(path: Path):
    if path in WRITERS:
        return
    assert not IN_PLACE_WRITES.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sources_of(FLOWS), ids=lambda p: str(p.relative_to(ROOT)))
def test_settings_are_built_in_one_place(path: Path):
    """Settings are resolved once per command or flow run and passed down."""
    if path == FLOWS / "contract" / "settings.py":
        return
    assert not re.findall(r"\bSettings\(", path.read_text(encoding="utf-8"))


def test_recovery_removes_every_temporary_file_a_writer_can_leave(tmp_path: Path):
    """A writer killed mid-write leaves its temporary file: a table, a report page, a journal."""
    output = tmp_path / "out"
    finished = write_bytes(output / "validation" / "index.html", b"<html></html>")
    places = [
        "tables/documents/ingest_date=2026-01-01/part-r1.parquet",
        "validation/validations/newsflow/page.html",
        "validation/static/vendor/jquery.min.js",
        "quarantine/r1/reasons.json",
        "_journal/r1.json",
    ]
    left = [partial_path(output / place) for place in places]
    for partial in left:
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(b"half a file")

    recover(output)

    assert [p for p in left if p.exists()] == []
    assert finished.read_bytes() == b"<html></html>"


def test_the_flows_process_imports_neither_spacy_nor_the_text_transforms():
    """The flow's process stays light: the text work runs in workers (or on Dask)."""
    probe = (
        "import sys; import flows.commands.cli, flows.orchestration.pipeline; "
        "heavy = [m for m in ('spacy', 'transforms.cleaning', 'transforms.entities') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
