"""Local worker processes for the CPU-bound part of a batch: NER, sentiment and entity rules.

NER is Python and numpy under the GIL, so threads do not help; processes do. Each worker loads
the spaCy model and the lexicons once, when it starts, and then takes batch after batch. Workers
import neither Prefect nor Great Expectations: they start in a few seconds and stay small.

A pool can be started before the flow (`newsflow run` does so while Prefect's temporary server
starts, so the two start-ups overlap) and is then reused by the flow; otherwise the flow starts
one itself. The Prefect task that hands a batch to a worker runs in the flow's process, so every
batch is still a task run with its own state and retries.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from flows import sources, state
from flows.runs import RunInfo
from flows.settings import Settings
from flows.sources import RawSource


@dataclass(frozen=True)
class PoolSpec:
    model: str
    workers: int


def batch_count(documents: int, batch_size: int) -> int:
    return math.ceil(documents / batch_size)


def local_workers(requested: int, batches: int) -> int:
    """Worker processes for a local run: `requested` (0 = one per core), at most one per batch."""
    cores = os.cpu_count() or 1
    return max(1, min(requested or cores, batches))


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_spec: PoolSpec | None = None


# Workers yield the processor to the flow and its Prefect server, whose work is short but on the
# critical path (starting up, handing out batches, recording states); they use all the rest.
WORKER_NICENESS = 5


def warm_up(model: str) -> None:
    """Load in a new worker everything a batch needs, so that the first batch is not slower."""
    from flows.nlp import load_model

    os.nice(WORKER_NICENESS)
    from transforms.entities import resolve_entities
    from transforms.entity_types import Mention
    from transforms.sentiment import score_paragraph

    load_model(model)
    resolve_entities(["Paris, France."], [Mention(0, 0, 5, "Paris", "GPE")])
    score_paragraph("A warm-up sentence.")


def start(spec: PoolSpec) -> ProcessPoolExecutor:
    """The running pool for `spec`, started now if there is none (or one for another spec)."""
    global _pool, _spec
    with _lock:
        if _pool is not None and _spec == spec:
            return _pool
        _shutdown_locked()
        context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(
            spec.workers, mp_context=context, initializer=warm_up, initargs=(spec.model,)
        )
        # Workers start on demand; asking each for a no-op starts them all now.
        for _ in range(spec.workers):
            _pool.submit(int)
        _spec = spec
        return _pool


def shutdown() -> None:
    with _lock:
        _shutdown_locked()


def _shutdown_locked() -> None:
    global _pool, _spec
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _spec = None, None


@contextmanager
def local_pool(spec: PoolSpec) -> Iterator[None]:
    """Workers for the block: the pool started earlier for `spec`, or a new one stopped after."""
    owned = _spec != spec
    start(spec)
    try:
        yield
    finally:
        if owned:
            shutdown()


def process(raw: Sequence[RawSource], model: str, run: RunInfo) -> dict[str, pa.Table]:
    """Process one batch in a local worker when a pool runs, else here (e.g. on a Dask worker)."""
    pool = _pool
    if pool is None:
        return process_here(list(raw), model, run)
    return pool.submit(process_here, list(raw), model, run).result()


def process_here(raw: list[RawSource], model: str, run: RunInfo) -> dict[str, pa.Table]:
    """Process one batch in this process (the model is loaded on first use, then kept)."""
    from flows.nlp import load_model
    from flows.processing import process_sources

    return process_sources(raw, load_model(model), run)


def prestart(
    input_dir: Path, output_dir: Path, model: str, settings: Settings, full_refresh: bool
) -> None:
    """Start the workers a coming run will want, before the run itself starts.

    `newsflow run` calls this in the background while Prefect starts its temporary server, so
    that the workers' start-up (model and lexicons: seconds) overlaps the server's. The run
    decides again for itself and reuses the pool when it wants the same one; the file hashes
    computed here are remembered, so the run does not hash the files twice. Any error is left
    for the run to meet and report (an unreadable input or output folder, say).
    """
    try:
        known = state.KnownSources() if full_refresh else state.load_known_sources(output_dir)
        new = sources.find_new_sources(input_dir, sources.discover(input_dir), known)
    except Exception:
        return
    local = local_workers(settings.workers, batch_count(len(new), settings.batch_size))
    if local > 1:
        start(PoolSpec(model, local))
