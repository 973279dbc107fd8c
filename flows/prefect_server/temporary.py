"""The temporary Prefect server of one `newsflow run`, started before anything else.

Without `PREFECT_API_URL`, Prefect starts a temporary server of its own when the flow is called:
after the command has imported Prefect, and while the run waits. Its start-up (importing the
server, opening its database: about ten seconds) then adds to every run. `newsflow run` instead
starts the same server, the way Prefect does, as its first step, so that the server starts while
the command imports Prefect and the local workers load the model. The run then reports to it
exactly as it would to Prefect's own temporary server, and it is stopped when the run ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

from flows.prefect_server.process import HOST, api_url, free_port, stop, wait_until_healthy

# What Prefect's own temporary server runs with (prefect.server.api.server.SubprocessASGIServer).
SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
STARTUP_SECONDS = 120.0


class TemporaryServer:
    """A Prefect API server on a free loopback port, started at once, ready when `url` is asked."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            uvicorn_command(self.port),
            env={**os.environ, **SERVER_ENVIRONMENT},
            preexec_fn=end_with_parent if sys.platform == "linux" else None,
        )
        print(
            f"newsflow: temporary Prefect server on {api_url(self.port)} "
            "(set PREFECT_API_URL to report to a running one)",
            file=sys.stderr,
            flush=True,
        )

    def url(self) -> str:
        """The API address, once the server answers (raises if it exits or never answers)."""
        wait_until_healthy(api_url(self.port), self.process, timeout=STARTUP_SECONDS)
        return api_url(self.port)

    def stop(self) -> None:
        stop(self.process)


def uvicorn_command(port: int) -> list[str]:
    prefect_parent = Path(find_spec("prefect").origin).parent.parent  # type: ignore[arg-type]
    return [
        sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_parent),
        "--factory", "prefect.server.api.server:create_app", "--host", HOST,
        "--port", str(port), "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip


def end_with_parent() -> None:
    """In the server's process, before it starts: ask Linux to stop it when its parent dies.

    A run killed with SIGKILL cannot stop its server; without this the server would live on.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def temporary_server_unless_configured() -> Iterator[TemporaryServer | None]:
    """A temporary server for the block, unless `PREFECT_API_URL` is set in the environment.

    (A server named in a Prefect profile is found only once Prefect is imported: the caller then
    stops this one unused.)
    """
    if configured_api_url():
        yield None
        return
    server = TemporaryServer()
    try:
        yield server
    finally:
        server.stop()


def configured_api_url() -> str | None:
    """The Prefect server named in the environment (`PREFECT_API_URL`), if any.

    A server named only in a Prefect profile is found once Prefect is imported.
    """
    return os.environ.get("PREFECT_API_URL") or None
