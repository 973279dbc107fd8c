"""Staging and publishing the output tables as Parquet.

A run writes each batch to `OUTPUT/_staging/<run_id>/` first. Publishing merges a table's staged
batches into one file per run and moves it into `OUTPUT/tables/<table>/ingest_date=<day>/` with
an atomic rename, so a reader sees a file whole or not at all. Children are published before
parents (`documents` last), so a document row never appears before its paragraphs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.schemas import TABLES

PUBLISH_ORDER = ("rejects", "entities", "paragraphs", "documents")
COMPRESSION = "zstd"


def tables_dir(output_dir: Path) -> Path:
    return output_dir / "tables"


def staging_dir(output_dir: Path, run_id: str) -> Path:
    return output_dir / "_staging" / run_id


def write_parquet(table: pa.Table, path: Path, metadata: dict[str, str] | None = None) -> Path:
    """Write `table` to `path` through a temporary name, so `path` only ever holds a whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial, compression=COMPRESSION)
    os.replace(partial, path)
    return path


def stage_batch(tables: dict[str, pa.Table], output_dir: Path, run_id: str, batch: int) -> None:
    """Write one processed batch into the run's staging area."""
    for name, table in tables.items():
        write_parquet(table, staging_dir(output_dir, run_id) / name / f"batch-{batch:05d}.parquet")


def read_staged(output_dir: Path, run_id: str, name: str) -> pa.Table:
    files = sorted((staging_dir(output_dir, run_id) / name).glob("batch-*.parquet"))
    if not files:
        return TABLES[name].empty_table()
    return pa.concat_tables(pq.read_table(f, schema=TABLES[name]) for f in files)


def published_files(output_dir: Path, name: str) -> list[Path]:
    return sorted((tables_dir(output_dir) / name).rglob("*.parquet"))


def publish_run(
    staged: dict[str, pa.Table], output_dir: Path, run_id: str, day: str, metadata: dict[str, str]
) -> list[Path]:
    """Move a run's validated tables into the published layout; returns the files written."""
    written = []
    for name in PUBLISH_ORDER:
        table = staged[name]
        target = tables_dir(output_dir) / name / f"ingest_date={day}" / f"part-{run_id}.parquet"
        if table.num_rows or not published_files(output_dir, name):
            # An empty file is written only when the table has none yet, so that it is readable.
            written.append(write_parquet(table, target, metadata))
    return written
