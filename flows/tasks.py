"""Prefect tasks. Each works on a batch of documents; only failures of I/O are retried.

No task caches its results: every input is new by construction (the output records what was
done), and hashing batches of raw bytes to build cache keys would only cost time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows import sources, state, tables, workers
from flows.progress import BatchCounts
from flows.runs import RunInfo
from flows.state import KnownSources

RETRY_DELAYS = [1, 5, 15]
IO_RETRIES = {"retries": 3, "retry_delay_seconds": RETRY_DELAYS, "cache_policy": NO_CACHE}


@dataclass(frozen=True)
class Batch:
    """The files one processing task reads, numbered in the run's order."""

    index: int
    input_dir: Path
    versions: list[sources.SourceVersion]


def failed_on_io(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a batch only when reading its files or writing its staging files failed."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


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


@task(
    name="process",
    retries=3,
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=failed_on_io,
    cache_policy=NO_CACHE,
)
def process_batch(batch: Batch, model_name: str, run: RunInfo, output_dir: Path) -> BatchCounts:
    """Read, decode, clean, split, NER and sentiment for one batch, and stage its rows.

    The text work runs on a local worker process when the run has some, else right here (on a
    Dask worker, say). Only the rows' counts go back to the flow: the rows are in the staging
    area, where validation reads them.
    """
    raw = sources.read_sources(batch.input_dir, batch.versions)
    result = workers.process(raw, model_name, run)
    tables.stage_batch(result, output_dir, run.run_id, batch.index)
    return BatchCounts.of(result)


@task(name="publish", **IO_RETRIES)
def publish(plan: tables.PublishPlan, output_dir: Path) -> None:
    tables.commit(plan, output_dir)
