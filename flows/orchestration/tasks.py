"""Prefect tasks. Each works on a batch of documents; only the tasks that do I/O are retried.

No task caches its results: every input is new by construction (the output records what was
done), and hashing batches of raw bytes to build cache keys would only cost time.
"""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.contract.runs import RunInfo
from flows.contract.tables import Tables
from flows.intake import planner, sources
from flows.orchestration.progress import BatchCounts
from flows.processing import workers
from flows.storage import mirror, publish

RETRY_DELAYS = [1, 5, 15]
IO_RETRIES = {"retries": 3, "retry_delay_seconds": RETRY_DELAYS, "cache_policy": NO_CACHE}


@task(name="plan", **IO_RETRIES)
def plan_run(
    input_dir: Path, output_dir: Path, batch_size: int, full_refresh: bool
) -> planner.RunPlan:
    """Find the new and changed files under the input folder and put them in batches."""
    return planner.plan_run(input_dir, output_dir, batch_size, full_refresh)


@task(name="read", **IO_RETRIES)
def read_batch(batch: planner.Batch) -> list[sources.RawSource]:
    """The bytes of a batch's files, read where the flow runs: workers need no access to them."""
    return sources.read_sources(batch.input_dir, batch.versions)


@task(name="process", cache_policy=NO_CACHE)
def process_batch(raw: list[sources.RawSource], model_name: str, run: RunInfo) -> Tables:
    """Decode, clean, split, NER and sentiment for one batch: bytes in, rows out, no I/O.

    The work runs on a local worker process when the run has some, else where this task runs
    (the flow's process, or a Dask worker). It is not retried: an error in the text work would
    only happen again.
    """
    # Through the module: Dask pickles this function by value, with the globals it names, and
    # a module travels by reference where the pool object itself could not travel at all.
    return workers.POOL.process(raw, model_name, run)


@task(name="stage", **IO_RETRIES)
def stage_batch(rows: Tables, output_dir: Path, run_id: str, index: int) -> BatchCounts:
    """Write a processed batch's rows to the run's staging area, where validation reads them."""
    publish.stage_batch(rows, output_dir, run_id, index)
    return BatchCounts.of(rows)


@task(name="publish", **IO_RETRIES)
def publish_plan(plan: publish.PublishPlan, output_dir: Path) -> None:
    publish.commit(plan, output_dir)


@task(name="mirror", **IO_RETRIES)
def mirror_output(output_dir: Path, uri: str) -> mirror.MirrorResult:
    return mirror.mirror_output(output_dir, uri)
