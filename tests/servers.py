"""A real Prefect server for tests that run `newsflow` as separate processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.prefect_server.process import (
    api_url,
    free_port,
    start_server,
    stop,
    wait_until_healthy,
)


def prefect_free_env(prefect_home: Path) -> dict[str, str]:
    """This environment without Prefect settings, an isolated PREFECT_HOME, no analytics."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_")}
    prefect_home.mkdir(parents=True, exist_ok=True)
    return {**env, "PREFECT_HOME": str(prefect_home), "DO_NOT_TRACK": "1"}


def tail(path: Path, lines: int = 60) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def running_prefect_server(workdir: Path) -> Iterator[str]:
    """`prefect server start` on a free loopback port for the block; yields its API URL."""
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = start_server(port, prefect_free_env(workdir / "prefect-home"), log.fileno())
        try:
            try:
                wait_until_healthy(api_url(port), server, timeout=120)
            except (RuntimeError, TimeoutError) as error:
                pytest.fail(f"{error}\n{tail(log_path)}")
            yield api_url(port)
        finally:
            stop(server)
