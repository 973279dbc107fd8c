"""Prefect tasks. Each works on a batch of documents; only the tasks that do I/O are retried.

No task caches its results: every input is new by construction (the output records what was
done), and hashing batches of raw bytes to build cache keys would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows import mirror, sources, state, tables, workers
from flows.progress import BatchCounts
from flows.runs import RunInfo
from flows.state import KnownSources
from flows.workers import Tables

RETRY_DELAYS = [1, 5, 15]
IO_RETRIES = {"retries": 3, "retry_delay_seconds": RETRY_DELAYS, "cache_policy": NO_CACHE}


@dataclass(frozen=True)
class Batch:
    """The files of one batch, numbered in the run's order."""

    index: int
    input_dir: Path
    versions: list[sources.SourceVersion]


@task(name="discover", **IO_RETRIES)
def discover_sources(input_dir: Path) -> list[str]:
    return sources.discover(input_dir)


@task(name="load-state", **IO_RETRIES)
def load_known_sources(output_dir: Path, full_refresh: bool) -> KnownSources:
    return KnownSources() if full_refresh else state.load_known_sources(output_dir)


@task(name="find-new", **IO_RETRIES)
def find_new_sources(
    input_dir: Path, source_paths: list[str], known: KnownSources
) -> list[sources.SourceVersion]:
    return sources.find_new_sources(input_dir, source_paths, known)


@task(name="read", **IO_RETRIES)
def read_batch(batch: Batch) -> list[sources.RawSource]:
    """The bytes of a batch's files, read where the flow runs: workers need no access to them."""
    return sources.read_sources(batch.input_dir, batch.versions)


@task(name="process", cache_policy=NO_CACHE)
def process_batch(raw: list[sources.RawSource], model_name: str, run: RunInfo) -> Tables:
    """Decode, clean, split, NER and sentiment for one batch: bytes in, rows out, no I/O.

    The work runs on a local worker process when the run has some, else where this task runs
    (the flow's process, or a Dask worker). It is not retried: an error in the text work would
    only happen again.
    """
    return workers.process(raw, model_name, run)


@task(name="stage", **IO_RETRIES)
def stage_batch(rows: Tables, output_dir: Path, run_id: str, index: int) -> BatchCounts:
    """Write a processed batch's rows to the run's staging area, where validation reads them."""
    tables.stage_batch(rows, output_dir, run_id, index)
    return BatchCounts.of(rows)


@task(name="publish", **IO_RETRIES)
def publish(plan: tables.PublishPlan, output_dir: Path) -> None:
    tables.commit(plan, output_dir)


@task(name="mirror", **IO_RETRIES)
def mirror_output(output_dir: Path, uri: str) -> mirror.MirrorResult:
    return mirror.mirror_output(output_dir, uri)
