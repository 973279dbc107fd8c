"""Every path under the output folder (OUTPUT), named once.

What readers use:

    OUTPUT/tables/<table>/<partition>=<value>/part-<id>.parquet   the published tables
    OUTPUT/quarantine/<run_id>/                                    rows held back, with reasons
    OUTPUT/validation/index.html                                   the validation report
    OUTPUT/validation/runs/<run_id>.json                           one summary per run

What the runs use between themselves (never mirrored):

    OUTPUT/.newsflow.lock               the writer lock
    OUTPUT/_staging/<run_id>/           a run's batches and final files before publishing
    OUTPUT/_journal/<run_id>.json       a publish in progress
    OUTPUT/_mirror/<key>.json           what the mirror at one URI holds
    OUTPUT/validation/_store/           Great Expectations' own store
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

TABLES = "tables"
QUARANTINE = "quarantine"
VALIDATION = "validation"
STAGING = "_staging"
JOURNAL = "_journal"
MIRROR = "_mirror"
LOCK = ".newsflow.lock"
GX_STORE = "_store"
RUN_RECORDS = "runs"
REPORT_INDEX = "index.html"

# The top-level folders a reader needs, in the order a mirror copies them.
PUBLISHED = (TABLES, QUARANTINE, VALIDATION)
# Folders inside the published ones that are working state, not for readers.
UNPUBLISHED = (f"{VALIDATION}/{GX_STORE}/",)
# Folders that hold files only while a run is writing; removed once empty.
WORKING = (STAGING, JOURNAL)
# Where a publish may move files to, and delete them from.
PUBLISH_TARGETS = (TABLES, QUARANTINE)
# Run ids and compaction ids name folders and files: letters, digits, `-`, `_`, `.` only.
SAFE_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


class OutsideOutputError(ValueError):
    """A path that would leave the output folder, or the part of it it must stay in."""


def inside(output_dir: Path, relative: str, *allowed: str) -> Path:
    """`output_dir / relative`, refusing any path that is not inside one of `allowed` there.

    `relative` must be a plain relative path (no `..`, not absolute), start with one of the
    `allowed` folders (relative to OUTPUT, `/`-separated), and still be inside it, and it inside
    OUTPUT, once links are followed: OUTPUT's own folders are not links to elsewhere.
    """
    path = PurePosixPath(relative)
    root = output_dir.resolve()
    if not path.is_absolute() and ".." not in path.parts and "\\" not in relative:
        for folder in allowed:
            if path.is_relative_to(folder) and path != PurePosixPath(folder):
                allowed_dir = (root / folder).resolve()
                resolved = (root / path).resolve()
                if allowed_dir.is_relative_to(root) and resolved.is_relative_to(allowed_dir):
                    return output_dir / path
    raise OutsideOutputError(f"{relative!r} is not inside {' or '.join(allowed)} of {output_dir}")


def check_id(run_id: str) -> str:
    """`run_id` if it is safe to use as a folder or file name, else `OutsideOutputError`."""
    if not SAFE_ID.fullmatch(run_id):
        raise OutsideOutputError(f"{run_id!r} is not a run id")
    return run_id


def tables_dir(output_dir: Path) -> Path:
    return output_dir / TABLES


def table_dir(output_dir: Path, table: str) -> Path:
    return tables_dir(output_dir) / table


def partition_dir(output_dir: Path, table: str, column: str, value: str) -> Path:
    return table_dir(output_dir, table) / f"{column}={value}"


def table_file(output_dir: Path, table: str, column: str, value: str, file_id: str) -> Path:
    return partition_dir(output_dir, table, column, value) / f"part-{file_id}.parquet"


def quarantine_dir(output_dir: Path) -> Path:
    return output_dir / QUARANTINE


def quarantined_run_dir(output_dir: Path, run_id: str) -> Path:
    return quarantine_dir(output_dir) / run_id


def staging_root(output_dir: Path) -> Path:
    return output_dir / STAGING


def staging_dir(output_dir: Path, run_id: str) -> Path:
    return staging_root(output_dir) / run_id


def staged_batch(output_dir: Path, run_id: str, table: str, batch: int) -> Path:
    return staging_dir(output_dir, run_id) / table / f"batch-{batch:05d}.parquet"


def staged_batches(output_dir: Path, run_id: str, table: str) -> list[Path]:
    return sorted((staging_dir(output_dir, run_id) / table).glob("batch-*.parquet"))


def publish_staging_dir(output_dir: Path, run_id: str) -> Path:
    """Where a run writes its final files before they move into place."""
    return staging_dir(output_dir, run_id) / "publish"


def journal_dir(output_dir: Path) -> Path:
    return output_dir / JOURNAL


def journal_file(output_dir: Path, run_id: str) -> Path:
    return journal_dir(output_dir) / f"{run_id}.json"


def journals(output_dir: Path) -> list[Path]:
    return sorted(journal_dir(output_dir).glob("*.json"))


def mirror_dir(output_dir: Path) -> Path:
    return output_dir / MIRROR


def lock_file(output_dir: Path) -> Path:
    return output_dir / LOCK


def validation_dir(output_dir: Path) -> Path:
    return output_dir / VALIDATION


def report_index(output_dir: Path) -> Path:
    return validation_dir(output_dir) / REPORT_INDEX


def gx_store_dir(output_dir: Path) -> Path:
    return validation_dir(output_dir) / GX_STORE


def run_record(output_dir: Path, run_id: str) -> Path:
    return validation_dir(output_dir) / RUN_RECORDS / f"{run_id}.json"
