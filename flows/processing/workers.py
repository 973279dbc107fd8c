"""Local worker processes for the CPU-bound part of a batch: NER, sentiment and entity rules.

NER is Python and numpy under the GIL, so threads do not help; processes do. Each worker loads
the spaCy model and the lexicons once, when it starts, and then takes batch after batch. Workers
import neither Prefect nor Great Expectations: they start in a few seconds and stay small.

`newsflow run` starts the pool before the flow, while Prefect's temporary server starts, and has
it begin on the first batches the run will hand out (`prestart`): what a batch yields depends on
its bytes alone (the run's own columns are added afterwards, `batches.stamp`), so the work done
early is the work the run asks for. Otherwise the flow starts a pool itself. The Prefect task that
hands a batch to a worker runs in the flow's process, so every batch is still a task run with its
own state and retries.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flows.contract.runs import RunInfo
from flows.contract.settings import Settings
from flows.contract.tables import Tables
from flows.intake.planner import plan_run
from flows.intake.sources import RawSource, read_sources

# Batches in flight per worker: one running, one queued, so a worker never waits for the flow to
# read its next batch; more would only hold more documents in memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2
# Workers yield the processor to the flow and its Prefect server, whose work is short but on the
# critical path (starting up, handing out batches, recording states); they use all the rest.
WORKER_NICENESS = 5

BatchKey = tuple[tuple[str, bytes, str | None], ...]


@dataclass(frozen=True)
class PoolSpec:
    model: str
    workers: int


def local_workers(requested: int, batches: int) -> int:
    """Worker processes for a local run: `requested` (0 = one per core), at most one per batch."""
    cores = os.cpu_count() or 1
    return max(1, min(requested or cores, batches))


def warm_up(model: str) -> None:
    """Load in a new worker everything a batch needs, so that the first batch is not slower."""
    os.nice(WORKER_NICENESS)
    from flows.processing.nlp import load_model
    from transforms.entities import resolve_entities
    from transforms.mentions import Mention
    from transforms.sentiment import score_paragraph

    load_model(model)
    resolve_entities(["Paris, France."], [Mention(0, 0, 5, "Paris", "GPE")])
    score_paragraph("A warm-up sentence.")


def process_here(raw: list[RawSource], model: str) -> Tables:
    """Process one batch in this process (the model is loaded on first use, then kept)."""
    from flows.processing.batches import process_sources
    from flows.processing.nlp import load_model

    return process_sources(raw, load_model(model))


def batch_key(raw: Sequence[RawSource]) -> BatchKey:
    return tuple((r.source_path, r.raw, r.previous_doc_id) for r in raw)


class LocalWorkers:
    """This process's pool of worker processes, and the batches it began before being asked.

    One instance serves the process (`POOL`): the command line starts it early, the flow's
    processing tasks hand it their batches, and the runner stops it before validation.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._spec: PoolSpec | None = None
        # Batches begun before the flow asked for them, by their content; none are begun once
        # the flow has asked for its first.
        self._early: dict[BatchKey, Future[Tables]] = {}
        self._flow_has_asked = False

    def start(self, spec: PoolSpec) -> ProcessPoolExecutor:
        """The running pool for `spec`, started now if there is none (or one for another spec)."""
        with self._lock:
            if self._pool is not None and self._spec == spec:
                return self._pool
            self._shutdown_locked()
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                spec.workers, mp_context=context, initializer=warm_up, initargs=(spec.model,)
            )
            # Workers start on demand; asking each for a no-op starts them all now.
            for _ in range(spec.workers):
                self._pool.submit(int)
            self._spec = spec
            return self._pool

    def shutdown(self) -> None:
        with self._lock:
            self._shutdown_locked()

    def _shutdown_locked(self) -> None:
        for future in self._early.values():
            future.cancel()
        self._early.clear()
        self._flow_has_asked = False
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._spec = None, None

    def begun_early(self) -> int:
        """How many batches were begun before the flow asked for them and are not yet taken."""
        with self._lock:
            return len(self._early)

    def begin_early(self, pool: ProcessPoolExecutor, raw: list[RawSource], model: str) -> bool:
        """Begin a batch before the flow asks for it; False once that is no longer worth it."""
        with self._lock:
            if self._pool is not pool or self._flow_has_asked:
                return False
            self._early[batch_key(raw)] = pool.submit(process_here, raw, model)
            return True

    def process(self, raw: Sequence[RawSource], model: str, run: RunInfo) -> Tables:
        """One batch's tables: from a worker when the pool runs, else made here (on Dask, say)."""
        from flows.processing.batches import stamp

        with self._lock:
            self._flow_has_asked = True
            early = self._early.pop(batch_key(raw), None)
            pool = self._pool
        if early is not None and not early.cancelled():
            return stamp(early.result(), run)
        if pool is None:
            return stamp(process_here(list(raw), model), run)
        return stamp(pool.submit(process_here, list(raw), model).result(), run)

    @contextmanager
    def running(self, spec: PoolSpec) -> Iterator[None]:
        """Workers for the block (the pool started early for `spec`, or a new one); stopped after.

        Stopping them before validation gives their memory back for it.
        """
        self.start(spec)
        try:
            yield
        finally:
            self.shutdown()


POOL = LocalWorkers()


def prestart(input_dir: Path, output_dir: Path, settings: Settings, full_refresh: bool) -> None:
    """Start the workers a coming run will want, and its first batches, before the run starts.

    `newsflow run` calls this in the background while Prefect starts its temporary server, so
    that the workers' start-up (model and lexicons: seconds) and the first batches overlap the
    server's start-up. The run plans its batches again and takes the early results of the batches
    that came out the same; the file hashes computed here are remembered, so the run does not
    hash the files twice. Any error is left for the run to meet and report (an unreadable input
    or output folder, say).
    """
    try:
        plan = plan_run(input_dir, output_dir, settings.batch_size, full_refresh)
        local = local_workers(settings.workers, len(plan.batches))
        if local <= 1:
            return
        pool = POOL.start(PoolSpec(settings.spacy_model, local))
        for batch in plan.batches[: local * BATCHES_IN_FLIGHT_PER_WORKER]:
            raw = read_sources(input_dir, batch.versions)
            if not POOL.begin_early(pool, raw, settings.spacy_model):
                return
    except Exception:
        return
