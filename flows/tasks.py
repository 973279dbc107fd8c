"""Prefect tasks. Each works on a batch of documents; only the I/O tasks retry."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from prefect import task

from flows import sources, tables
from flows.nlp import load_model
from flows.processing import RunInfo, process_sources

IO_RETRIES = {"retries": 3, "retry_delay_seconds": [1, 5, 15]}


@task(name="discover", **IO_RETRIES)
def discover_sources(input_dir: Path) -> list[str]:
    return sources.discover(input_dir)


@task(name="read", **IO_RETRIES)
def read_batch(input_dir: Path, source_paths: list[str]) -> list[sources.RawSource]:
    return sources.read_sources(input_dir, source_paths)


@task(name="process")
def process_batch(
    raw: list[sources.RawSource], model_name: str, run: RunInfo
) -> dict[str, pa.Table]:
    """Decode, clean, split, NER and sentiment for one batch of documents."""
    return process_sources(raw, load_model(model_name), run)


@task(name="stage", **IO_RETRIES)
def stage_batch(result: dict[str, pa.Table], output_dir: Path, run_id: str, batch: int) -> None:
    tables.stage_batch(result, output_dir, run_id, batch)


@task(name="publish", **IO_RETRIES)
def publish(
    staged: dict[str, pa.Table], output_dir: Path, run_id: str, day: str, metadata: dict[str, str]
) -> list[Path]:
    return tables.publish_run(staged, output_dir, run_id, day, metadata)
