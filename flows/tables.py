"""Staging, publishing and compacting the output tables as Parquet.

Write, audit, publish: a run writes each processed batch to `OUTPUT/_staging/<run_id>/`, the
flow validates the staged data, and only then are the files moved into
`OUTPUT/tables/<table>/ingest_date=<day>/`.

Every file is written under a temporary name and renamed into place, so a reader sees a file
whole or not at all. Publishing is a *plan* (files to move, files to delete) written to
`OUTPUT/_journal/<run_id>.json` before any file moves; a run killed halfway through publishing is
rolled forward by the next one (`recover`), and a run killed before its journal was written left
nothing but staging files, which `recover` removes. Children are moved before parents
(`documents` last), so a document never appears before its paragraphs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.schemas import TABLES

PUBLISH_ORDER = ("rejects", "entities", "entity_sentiment", "paragraphs", "documents")
COMPRESSION = "zstd"


def tables_dir(output_dir: Path) -> Path:
    return output_dir / "tables"


def staging_dir(output_dir: Path, run_id: str) -> Path:
    return output_dir / "_staging" / run_id


def journal_dir(output_dir: Path) -> Path:
    return output_dir / "_journal"


def quarantine_dir(output_dir: Path) -> Path:
    return output_dir / "quarantine"


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp_path)`, then rename the result to `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def write_parquet(table: pa.Table, path: Path, metadata: dict[str, str] | None = None) -> Path:
    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    return write_atomically(path, lambda p: pq.write_table(table, p, compression=COMPRESSION))


def write_json(document: object, path: Path) -> Path:
    text = json.dumps(document, indent=2, default=str)
    return write_atomically(path, lambda p: p.write_text(text, encoding="utf-8"))


def stage_batch(tables: dict[str, pa.Table], output_dir: Path, run_id: str, batch: int) -> None:
    """Write one processed batch into the run's staging area."""
    for name, table in tables.items():
        write_parquet(table, staging_dir(output_dir, run_id) / name / f"batch-{batch:05d}.parquet")


def read_staged(output_dir: Path, run_id: str, name: str) -> pa.Table:
    files = sorted((staging_dir(output_dir, run_id) / name).glob("batch-*.parquet"))
    return read_files(files, name)


def read_files(files: Iterable[Path], name: str) -> pa.Table:
    schema = TABLES[name]
    tables = [pq.read_table(f, schema=schema) for f in files]
    return pa.concat_tables(tables) if tables else schema.empty_table()


def published_files(output_dir: Path, name: str) -> list[Path]:
    return sorted((tables_dir(output_dir) / name).rglob("*.parquet"))


def read_published(output_dir: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """A whole published table (without its partition column)."""
    table = read_files(published_files(output_dir, name), name)
    return table.select(columns) if columns else table


def nothing_to_publish(
    staged: dict[str, pa.Table], output_dir: Path, replace_existing: bool = False
) -> bool:
    """Whether a run found nothing new and every table already has files for readers.

    Such a run (a re-run over unchanged input) has nothing to validate or publish: validating
    empty tables with Great Expectations and rebuilding the report would cost more than the rest
    of the run and change nothing.
    """
    if replace_existing or any(table.num_rows for table in staged.values()):
        return False
    return all(published_files(output_dir, name) for name in PUBLISH_ORDER)


@dataclass
class PublishPlan:
    """Files to move into place (staged -> final) and files to delete, relative to OUTPUT."""

    run_id: str
    moves: list[tuple[str, str]] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)


def plan_publish(
    publishable: dict[str, pa.Table],
    withheld: dict[str, pa.Table],
    output_dir: Path,
    run_id: str,
    day: str,
    metadata: dict[str, str],
    replace_existing: bool = False,
    withheld_because: list[dict] | None = None,
) -> PublishPlan:
    """Write the run's final files into staging and return the plan that publishes them."""
    plan = PublishPlan(run_id)
    publish_dir = staging_dir(output_dir, run_id) / "publish"
    existing = {name: published_files(output_dir, name) for name in PUBLISH_ORDER}
    for name in PUBLISH_ORDER:
        table = publishable[name]
        if table.num_rows or not existing[name] or replace_existing:
            # An empty file is written only when a table would otherwise have none to read.
            staged = write_parquet(table, publish_dir / f"{name}.parquet", metadata)
            final = tables_dir(output_dir) / name / f"ingest_date={day}" / f"part-{run_id}.parquet"
            plan.moves.append(_relative((staged, final), output_dir))
    for name, table in withheld.items():
        if table.num_rows:
            staged = write_parquet(table, publish_dir / "quarantine" / f"{name}.parquet", metadata)
            final = quarantine_dir(output_dir) / run_id / f"{name}.parquet"
            plan.moves.append(_relative((staged, final), output_dir))
    if withheld_because:
        staged = write_json(withheld_because, publish_dir / "quarantine" / "reasons.json")
        final = quarantine_dir(output_dir) / run_id / "reasons.json"
        plan.moves.append(_relative((staged, final), output_dir))
    if replace_existing:
        plan.deletions = [str(p.relative_to(output_dir)) for f in existing.values() for p in f]
    return plan


def _relative(pair: tuple[Path, Path], root: Path) -> tuple[str, str]:
    return (str(pair[0].relative_to(root)), str(pair[1].relative_to(root)))


def commit(plan: PublishPlan, output_dir: Path) -> None:
    """Record the plan in the journal, then carry it out."""
    write_json(asdict(plan), journal_dir(output_dir) / f"{plan.run_id}.json")
    apply(plan, output_dir)


def apply(plan: PublishPlan, output_dir: Path) -> None:
    """Carry out a plan; safe to repeat after a crash at any point."""
    for source, target in plan.moves:
        source_path, target_path = output_dir / source, output_dir / target
        if source_path.exists():
            target_path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source_path, target_path)
    for deletion in plan.deletions:
        if deletion not in {target for _, target in plan.moves}:
            (output_dir / deletion).unlink(missing_ok=True)
    shutil.rmtree(staging_dir(output_dir, plan.run_id), ignore_errors=True)
    (journal_dir(output_dir) / f"{plan.run_id}.json").unlink(missing_ok=True)
    _remove_if_empty(output_dir / "_staging", journal_dir(output_dir))


def _remove_if_empty(*folders: Path) -> None:
    """Working folders that hold nothing between runs are not left for readers to wonder at."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def recover(output_dir: Path) -> list[str]:
    """Finish the publishing of interrupted runs and drop the staging of abandoned ones.

    Must be called with the output lock held. Returns the ids of the runs rolled forward.
    """
    rolled_forward = []
    for journal in sorted(journal_dir(output_dir).glob("*.json")):
        plan = PublishPlan(**json.loads(journal.read_text(encoding="utf-8")))
        plan.moves = [tuple(move) for move in plan.moves]
        apply(plan, output_dir)
        rolled_forward.append(plan.run_id)
    shutil.rmtree(output_dir / "_staging", ignore_errors=True)
    _remove_if_empty(journal_dir(output_dir))
    # A run killed inside `write_atomically` leaves its temporary file wherever it was writing:
    # the journal, a run record, a quarantine folder, not only the staging area.
    for partial in output_dir.rglob(".*.partial"):
        partial.unlink(missing_ok=True)
    return rolled_forward


def plan_compaction(output_dir: Path, min_files: int, compaction_id: str) -> PublishPlan:
    """Merge every partition holding `min_files` files or more of one table into one file."""
    plan = PublishPlan(compaction_id)
    for name in PUBLISH_ORDER:
        for partition in sorted({f.parent for f in published_files(output_dir, name)}):
            files = sorted(partition.glob("*.parquet"))
            if len(files) < min_files:
                continue
            merged = read_files(files, name)
            metadata = {"newsflow.compacted_from": str(len(files))}
            staged = staging_dir(output_dir, compaction_id) / name / f"{partition.name}.parquet"
            write_parquet(merged, staged, metadata)
            final = partition / f"part-{compaction_id}.parquet"
            plan.moves.append(_relative((staged, final), output_dir))
            plan.deletions += [str(f.relative_to(output_dir)) for f in files]
    return plan
