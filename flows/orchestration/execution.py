"""Where the processing of batches runs: this process, local worker processes, or a Dask cluster.

Small inputs (one batch) run in the flow's own process: starting workers costs seconds that one
batch never wins back. Larger ones run on local worker processes (`flows.processing.workers`), one per core
unless `NEWSFLOW_WORKERS` says otherwise. With a Dask scheduler address, each batch's task runs
on the cluster's workers through prefect-dask, and each Dask worker loads the model once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from prefect.futures import PrefectFuture, as_completed
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.processing.workers import (
    BATCHES_IN_FLIGHT_PER_WORKER,
    POOL,
    PoolSpec,
)

Item = TypeVar("Item")


@contextmanager
def processing_runner(model: str, local: int, dask_address: str | None) -> Iterator[TaskRunner]:
    """The task runner for the processing tasks, with local workers running when they are used."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        POOL.shutdown()
        with _workers_share_the_api(), DaskTaskRunner(address=dask_address) as runner:
            yield runner
    elif local <= 1:
        POOL.shutdown()
        with ThreadPoolTaskRunner(max_workers=1) as runner:
            yield runner
    else:
        spec = PoolSpec(model, local)
        with POOL.running(spec), ThreadPoolTaskRunner(max_workers=local) as runner:
            yield runner


@contextmanager
def _workers_share_the_api() -> Iterator[None]:
    """Point Dask workers at the Prefect server this flow reports to.

    Without `PREFECT_API_URL`, Prefect starts a temporary server inside each process that needs
    one: every worker would start its own and its task runs would be invisible in the flow's.
    The temporary server already running for this flow is named explicitly instead, and the
    setting travels to the workers with each task. (A cluster on other machines needs a Prefect
    server they can reach: set `PREFECT_API_URL`.)
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


def in_flight_limit(runner: TaskRunner, local: int) -> int:
    """How many batches to keep submitted at once (a Dask cluster reports its own thread count)."""
    client = getattr(runner, "client", None)  # a DaskTaskRunner connects here on first use
    slots = max(sum(client.nthreads().values()), 1) if client is not None else local
    return slots * BATCHES_IN_FLIGHT_PER_WORKER


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
