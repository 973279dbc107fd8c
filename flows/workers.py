"""Local worker processes for the CPU-bound part of a batch: NER, sentiment and entity rules.

NER is Python and numpy under the GIL, so threads do not help; processes do. Each worker loads
the spaCy model and the lexicons once, when it starts, and then takes batch after batch. Workers
import neither Prefect nor Great Expectations: they start in a few seconds and stay small.

`newsflow run` starts the pool before the flow, while Prefect's temporary server starts, and has
it begin on the first batches the run will hand out (`prestart`): what a batch yields depends on
its bytes alone (the run's own columns are added afterwards, `processing.stamp`), so the work
done early is the work the run asks for. Otherwise the flow starts a pool itself. The Prefect task
that hands a batch to a worker runs in the flow's process, so every batch is still a task run with
its own state and retries.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from flows import sources, state
from flows.runs import RunInfo
from flows.settings import Settings
from flows.sources import RawSource

# Batches in flight per worker: one running, one queued, so a worker never waits for the flow to
# read its next batch; more would only hold more documents in memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# Workers yield the processor to the flow and its Prefect server, whose work is short but on the
# critical path (starting up, handing out batches, recording states); they use all the rest.
WORKER_NICENESS = 5

Tables = dict[str, pa.Table]
BatchKey = tuple[tuple[str, bytes, str | None], ...]


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
# Batches begun before the flow asked for them, by their content (see `prestart`); none are
# begun once the flow has asked for its first.
_early: dict[BatchKey, Future[Tables]] = {}
_flow_has_asked = False


def warm_up(model: str) -> None:
    """Load in a new worker everything a batch needs, so that the first batch is not slower."""
    os.nice(WORKER_NICENESS)
    from flows.nlp import load_model
    from transforms.entities import resolve_entities
    from transforms.mentions import Mention
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
    global _pool, _spec, _flow_has_asked
    for future in _early.values():
        future.cancel()
    _early.clear()
    _flow_has_asked = False
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool, _spec = None, None


@contextmanager
def local_pool(spec: PoolSpec) -> Iterator[None]:
    """Workers for the block (the pool started early for `spec`, or a new one); stopped after.

    Stopping them before validation gives their memory back for it.
    """
    start(spec)
    try:
        yield
    finally:
        shutdown()


def process(raw: Sequence[RawSource], model: str, run: RunInfo) -> Tables:
    """One batch's tables: from a local worker when a pool runs, else made here (on Dask, say)."""
    from flows.processing import stamp

    global _flow_has_asked
    with _lock:
        _flow_has_asked = True
        early = _early.pop(batch_key(raw), None)
        pool = _pool
    if early is not None and not early.cancelled():
        return stamp(early.result(), run)
    if pool is None:
        return stamp(process_here(list(raw), model), run)
    return stamp(pool.submit(process_here, list(raw), model).result(), run)


def process_here(raw: list[RawSource], model: str) -> Tables:
    """Process one batch in this process (the model is loaded on first use, then kept)."""
    from flows.nlp import load_model
    from flows.processing import process_sources

    return process_sources(raw, load_model(model))


def batch_key(raw: Sequence[RawSource]) -> BatchKey:
    return tuple((r.source_path, r.raw, r.previous_doc_id) for r in raw)


def prestart(
    input_dir: Path, output_dir: Path, model: str, settings: Settings, full_refresh: bool
) -> None:
    """Start the workers a coming run will want, and its first batches, before the run starts.

    `newsflow run` calls this in the background while Prefect starts its temporary server, so
    that the workers' start-up (model and lexicons: seconds) and the first batches overlap the
    server's start-up. The run finds the new files again and takes the early results of the
    batches that came out the same; the file hashes computed here are remembered, so the run
    does not hash the files twice. Any error is left for the run to meet and report (an
    unreadable input or output folder, say).
    """
    try:
        known = state.KnownSources() if full_refresh else state.load_known_sources(output_dir)
        new = sources.with_copies_together(
            sources.find_new_sources(input_dir, sources.discover(input_dir), known)
        )
        batches = sources.in_batches(new, settings.batch_size)
        local = local_workers(settings.workers, len(batches))
        if local <= 1:
            return
        pool = start(PoolSpec(model, local))
        for versions in batches[: local * BATCHES_IN_FLIGHT_PER_WORKER]:
            raw = sources.read_sources(input_dir, versions)
            with _lock:
                if _pool is not pool or _flow_has_asked:
                    return
                _early[batch_key(raw)] = pool.submit(process_here, raw, model)
    except Exception:
        return
