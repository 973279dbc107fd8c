"""Prefect server processes on loopback: started, waited for, stopped; and free ports for them."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

HOST = "127.0.0.1"
STARTUP_SECONDS = 90.0
STOP_SECONDS = 20.0


def api_url(port: int) -> str:
    return f"http://{HOST}:{port}/api"


def start_server(
    port: int, env: Mapping[str, str] | None = None, log: int | None = None
) -> subprocess.Popen[bytes]:
    """Start `prefect server start` on loopback in its own process group, scheduler on."""
    prefect = Path(sys.executable).with_name("prefect")
    command = [str(prefect), "server", "start", "--host", HOST, "--port", str(port)]
    # Explicit flags: the environment may switch these services off for one-off runs.
    command += ["--scheduler", "--late-runs", "--analytics-off"]
    return subprocess.Popen(
        command, env=dict(env or os.environ), stdout=log, stderr=log, start_new_session=True
    )


def wait_until_healthy(
    url: str, server: subprocess.Popen[bytes], timeout: float = STARTUP_SECONDS
) -> None:
    """Return once `url/health` answers; raise if the server exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the Prefect server at {url} was not healthy after {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process, then kill whatever is left of its process group.

    Only the leader gets SIGTERM so that it shuts down in order (`newsflow serve` cancels its run
    in progress and pauses its schedule); anything still alive after a grace period is killed.
    """
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def free_port() -> int:
    """A port on loopback that no one listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True
