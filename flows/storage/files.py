"""Writing files so that a reader sees each one whole or not at all, and reading tables back.

Every file newsflow writes under OUTPUT goes through `write_atomically`: the content is written to
a temporary name in the same folder (`.<name>.<random>.partial`) and renamed into place, which is
atomic within one file system. A process killed in between leaves only the temporary file, which
`remove_partial_files` deletes at the start of the next run.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.contract.tables import TABLES

COMPRESSION = "zstd"
PARTIAL_GLOB = ".*.partial"


def partial_path(path: Path) -> Path:
    """A temporary name for writing `path`, in its folder, matching `PARTIAL_GLOB`."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp_path)`, then rename the result to `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(path)
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def write_bytes(path: Path, content: bytes) -> Path:
    return write_atomically(path, lambda p: p.write_bytes(content))


def write_text(path: Path, text: str) -> Path:
    return write_atomically(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_json(document: object, path: Path) -> Path:
    return write_text(path, json.dumps(document, indent=2, default=str))


def write_parquet(table: pa.Table, path: Path, metadata: dict[str, str] | None = None) -> Path:
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    return write_atomically(path, lambda p: pq.write_table(table, p, compression=COMPRESSION))


def remove_partial_files(folder: Path) -> None:
    """Delete the temporary files a killed writer left anywhere under `folder`."""
    for partial in folder.rglob(PARTIAL_GLOB):
        partial.unlink(missing_ok=True)


def read_table_files(files: Iterable[Path], name: str) -> pa.Table:
    """Parquet files of one table, read with its declared schema, as one table."""
    schema = TABLES[name].schema
    tables = [pq.read_table(f, schema=schema) for f in files]
    return pa.concat_tables(tables) if tables else schema.empty_table()
