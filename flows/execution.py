"""Where the processing tasks run: in the flow's process, a local process pool, or a Dask cluster.

NER is CPU-bound Python, so threads do not help; processes do. Each worker process loads the
spaCy model once (`flows.nlp.load_model` is cached per process) and then takes batch after batch.
A small input runs in the flow's own process: starting workers costs seconds, which one batch
never wins back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prefect.futures import PrefectFuture, as_completed
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from flows.nlp import load_model

Item = TypeVar("Item")
# Batches in flight per worker: one running, one queued, so a worker never waits for the flow to
# read its next batch; more would only hold more documents in memory.
BATCHES_IN_FLIGHT_PER_WORKER = 2


def local_workers(requested: int, batches: int) -> int:
    """Worker processes for a local run: `requested` (0 = one per core), at most one per batch."""
    cores = os.cpu_count() or 1
    return max(1, min(requested or cores, batches))


def task_runner(model: str, workers: int, dask_address: str | None) -> TaskRunner:
    """The task runner for processing batches: Dask when an address is given, else local."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers <= 1:
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=workers, initializer=load_model, initargs=(model,))


@contextmanager
def workers_share_the_api() -> Iterator[None]:
    """Point worker processes at the Prefect server this flow reports to.

    Without `PREFECT_API_URL`, Prefect starts a temporary server inside each process that needs
    one: every worker would start its own (seconds each) and its task runs would be invisible in
    the flow's. The temporary server already running for this flow is named explicitly instead,
    and workers inherit the setting.
    """
    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    if not server.running:
        yield
        return
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        yield


def in_flight_limit(runner: TaskRunner, workers: int) -> int:
    """How many batches to keep submitted at once (a Dask cluster reports its own thread count)."""
    client = getattr(runner, "client", None)  # a DaskTaskRunner connects here on first use
    if client is not None:
        workers = max(sum(client.nthreads().values()), 1)
    return workers * BATCHES_IN_FLIGHT_PER_WORKER


def completed_in_window(
    items: Iterable[Item], submit: Callable[[Item], PrefectFuture[Any]], limit: int
) -> Iterator[tuple[Item, Any]]:
    """Submit `items` keeping at most `limit` in flight; yield `(item, result)` as each finishes.

    Items are produced (read from disk) only when there is room, so memory holds `limit` batches
    at most however large the input is.
    """
    pending: dict[PrefectFuture[Any], Item] = {}
    for item in items:
        pending[submit(item)] = item
        while len(pending) >= limit:
            yield _first_completed(pending)
    while pending:
        yield _first_completed(pending)


def _first_completed(pending: dict[PrefectFuture[Any], Item]) -> tuple[Item, Any]:
    future = next(as_completed(list(pending)))
    return pending.pop(future), future.result()
