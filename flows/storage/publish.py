"""Staging, publishing and compacting the output tables as Parquet.

Write, audit, publish: a run writes each processed batch to `OUTPUT/_staging/<run_id>/`, the
flow validates the staged data, and only then are the files moved into
`OUTPUT/tables/<table>/ingest_date=<day>/`.

Every file is written atomically (`flows.storage.files`). Publishing is a *plan* (files to move,
files to delete) written to `OUTPUT/_journal/<run_id>.json` before any file moves; a run killed
halfway through publishing is rolled forward by the next one (`recover`), and a run killed before
its journal was written left nothing but staging and temporary files, which `recover` removes.
Children are moved before parents (`PUBLISH_ORDER`), so a document never appears before its
paragraphs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa

from flows.contract.tables import PUBLISH_ORDER, TABLES, Tables
from flows.storage import layout
from flows.storage.files import (
    read_table_files,
    remove_partial_files,
    write_json,
    write_parquet,
)


def stage_batch(tables: Tables, output_dir: Path, run_id: str, batch: int) -> None:
    """Write one processed batch into the run's staging area."""
    for name, table in tables.items():
        write_parquet(table, layout.staged_batch(output_dir, run_id, name, batch))


def read_staged(output_dir: Path, run_id: str) -> Tables:
    """Every table of the run's staged batches."""
    return {
        name: read_table_files(layout.staged_batches(output_dir, run_id, name), name)
        for name in TABLES
    }


def published_files(output_dir: Path, name: str) -> list[Path]:
    return sorted(layout.table_dir(output_dir, name).rglob("*.parquet"))


def every_table_has_files(output_dir: Path) -> bool:
    return all(published_files(output_dir, name) for name in TABLES)


def read_published(output_dir: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """A whole published table (without its partition column)."""
    table = read_table_files(published_files(output_dir, name), name)
    return table.select(columns) if columns else table


def nothing_to_publish(staged: Tables, output_dir: Path, replace_existing: bool = False) -> bool:
    """Whether a run found nothing new and every table already has files for readers.

    Such a run (a re-run over unchanged input) has nothing to validate or publish: validating
    empty tables with Great Expectations and rebuilding the report would cost more than the rest
    of the run and change nothing.
    """
    if replace_existing or any(table.num_rows for table in staged.values()):
        return False
    return every_table_has_files(output_dir)


@dataclass
class PublishPlan:
    """Files to move into place (staged -> final) and files to delete, relative to OUTPUT."""

    run_id: str
    moves: list[tuple[str, str]] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)


def plan_publish(
    publishable: Tables,
    withheld: Tables,
    output_dir: Path,
    run_id: str,
    day: str,
    metadata: dict[str, str],
    replace_existing: bool = False,
    withheld_because: list[dict] | None = None,
) -> PublishPlan:
    """Write the run's final files into staging and return the plan that publishes them."""
    plan = PublishPlan(run_id)
    publish_dir = layout.publish_staging_dir(output_dir, run_id)
    existing = {name: published_files(output_dir, name) for name in PUBLISH_ORDER}
    for name in PUBLISH_ORDER:
        table = publishable[name]
        if table.num_rows or not existing[name] or replace_existing:
            # An empty file is written only when a table would otherwise have none to read.
            staged = write_parquet(table, publish_dir / f"{name}.parquet", metadata)
            partition = TABLES[name].partition
            final = layout.table_file(output_dir, name, partition, day, run_id)
            plan.moves.append(_relative((staged, final), output_dir))
    quarantined = layout.quarantined_run_dir(output_dir, run_id)
    for name, table in withheld.items():
        if table.num_rows:
            staged = write_parquet(table, publish_dir / "quarantine" / f"{name}.parquet", metadata)
            plan.moves.append(_relative((staged, quarantined / f"{name}.parquet"), output_dir))
    if withheld_because:
        staged = write_json(withheld_because, publish_dir / "quarantine" / "reasons.json")
        plan.moves.append(_relative((staged, quarantined / "reasons.json"), output_dir))
    if replace_existing:
        plan.deletions = [str(p.relative_to(output_dir)) for f in existing.values() for p in f]
    return plan


def _relative(pair: tuple[Path, Path], root: Path) -> tuple[str, str]:
    return (str(pair[0].relative_to(root)), str(pair[1].relative_to(root)))


def commit(plan: PublishPlan, output_dir: Path) -> None:
    """Record the plan in the journal, then carry it out."""
    write_json(asdict(plan), layout.journal_file(output_dir, plan.run_id))
    apply(plan, output_dir)


def apply(plan: PublishPlan, output_dir: Path) -> None:
    """Carry out a plan; safe to repeat after a crash at any point.

    Every path is checked before anything moves: a plan may only move files from its own
    staging folder into `tables/` or `quarantine/`, and delete files in `tables/`
    (`UnsafeJournalError` otherwise).
    """
    moves, deletions = _checked(plan, output_dir)
    for source_path, target_path in moves:
        if source_path.exists():
            target_path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source_path, target_path)
    for deletion in deletions:
        if deletion not in {target for _, target in moves}:
            deletion.unlink(missing_ok=True)
    shutil.rmtree(layout.staging_dir(output_dir, plan.run_id), ignore_errors=True)
    layout.journal_file(output_dir, plan.run_id).unlink(missing_ok=True)
    _remove_empty_working_folders(output_dir)


def _remove_empty_working_folders(output_dir: Path) -> None:
    """Working folders that hold nothing between runs are not left for readers to wonder at."""
    for name in layout.WORKING:
        with contextlib.suppress(OSError):
            (output_dir / name).rmdir()


class UnsafeJournalError(RuntimeError):
    """A publish journal that names paths outside the output's own folders, or is not one."""


def _checked(plan: PublishPlan, output_dir: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The plan's paths, each checked to stay where a publish may touch (see `apply`)."""
    try:
        staging = f"{layout.STAGING}/{layout.check_id(plan.run_id)}"
        moves = [
            (
                layout.inside(output_dir, source, staging),
                layout.inside(output_dir, target, *layout.PUBLISH_TARGETS),
            )
            for source, target in plan.moves
        ]
        deletions = [layout.inside(output_dir, path, layout.TABLES) for path in plan.deletions]
    except layout.OutsideOutputError as error:
        raise UnsafeJournalError(
            f"the publish of run {plan.run_id!r} names a path outside the output's own folders "
            f"({error}); nothing of it was carried out"
        ) from error
    return moves, deletions


def read_journal(journal: Path) -> PublishPlan:
    """The plan recorded in `journal`, refusing anything that is not a journal newsflow wrote."""
    try:
        document = json.loads(journal.read_text(encoding="utf-8"))
        plan = PublishPlan(
            run_id=document["run_id"],
            moves=[(str(source), str(target)) for source, target in document["moves"]],
            deletions=[str(path) for path in document["deletions"]],
        )
    except (ValueError, KeyError, TypeError) as error:
        raise UnsafeJournalError(f"{journal} is not a publish journal: {error!r}") from error
    if plan.run_id != journal.stem:
        raise UnsafeJournalError(f"{journal} records the publish of another run ({plan.run_id!r})")
    return plan


def recover(output_dir: Path) -> list[str]:
    """Finish the publishing of interrupted runs and drop the staging of abandoned ones.

    Must be called with the output lock held. Returns the ids of the runs rolled forward. A
    journal that names paths outside the output's own folders raises `UnsafeJournalError`
    before anything is moved: a journal is trusted only as far as newsflow could have written it.
    """
    rolled_forward = []
    for journal in layout.journals(output_dir):
        plan = read_journal(journal)
        try:
            apply(plan, output_dir)
        except UnsafeJournalError as error:
            raise UnsafeJournalError(f"{error}: remove {journal} to go on") from error
        rolled_forward.append(plan.run_id)
    shutil.rmtree(layout.staging_root(output_dir), ignore_errors=True)
    _remove_empty_working_folders(output_dir)
    # A run killed inside a write leaves its temporary file wherever it was writing: the
    # journal, a run record, a report page, a quarantine folder, not only the staging area.
    remove_partial_files(output_dir)
    return rolled_forward


def plan_compaction(output_dir: Path, min_files: int, compaction_id: str) -> PublishPlan:
    """Merge every partition holding `min_files` files or more of one table into one file."""
    plan = PublishPlan(compaction_id)
    for name in PUBLISH_ORDER:
        for partition in sorted({f.parent for f in published_files(output_dir, name)}):
            files = sorted(partition.glob("*.parquet"))
            if len(files) < min_files:
                continue
            merged = read_table_files(files, name)
            metadata = {"newsflow.compacted_from": str(len(files))}
            staged = (
                layout.staging_dir(output_dir, compaction_id) / name / f"{partition.name}.parquet"
            )
            write_parquet(merged, staged, metadata)
            final = partition / f"part-{compaction_id}.parquet"
            plan.moves.append(_relative((staged, final), output_dir))
            plan.deletions += [str(f.relative_to(output_dir)) for f in files]
    return plan
