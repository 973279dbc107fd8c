"""Prefect tasks. Each works on a batch of documents; only the I/O tasks retry.

No task caches its results: every input is new by construction (the output records what was
done), and hashing batches of raw bytes to build cache keys would only cost time.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE

from flows import sources, state, tables, workers
from flows.runs import RunInfo
from flows.state import KnownSources

IO_RETRIES = {"retries": 3, "retry_delay_seconds": [1, 5, 15], "cache_policy": NO_CACHE}


@task(name="discover", **IO_RETRIES)
def discover_sources(input_dir: Path) -> list[str]:
    return sources.discover(input_dir)


@task(name="load-state", **IO_RETRIES)
def load_known_sources(output_dir: Path, full_refresh: bool) -> KnownSources:
    return KnownSources() if full_refresh else state.load_known_sources(output_dir)


@task(name="find-new", **IO_RETRIES)
def find_new_sources(input_dir: Path, source_paths: list[str], known: KnownSources) -> list[str]:
    return sources.find_new_sources(input_dir, source_paths, known)


@task(name="read", **IO_RETRIES)
def read_batch(
    input_dir: Path, source_paths: list[str], known: KnownSources
) -> list[sources.RawSource]:
    return sources.read_new_sources(input_dir, source_paths, known)


@task(name="process", cache_policy=NO_CACHE)
def process_batch(
    raw: list[sources.RawSource], model_name: str, run: RunInfo
) -> dict[str, pa.Table]:
    """Decode, clean, split, NER and sentiment for one batch of documents.

    Runs on a local worker process when the run has some, else right here.
    """
    return workers.process(raw, model_name, run)


@task(name="stage", **IO_RETRIES)
def stage_batch(result: dict[str, pa.Table], output_dir: Path, run_id: str, batch: int) -> None:
    tables.stage_batch(result, output_dir, run_id, batch)


@task(name="publish", **IO_RETRIES)
def publish(plan: tables.PublishPlan, output_dir: Path) -> None:
    tables.commit(plan, output_dir)
