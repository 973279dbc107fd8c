"""`make serve`: a local Prefect server on 127.0.0.1 and `newsflow serve` against it.

Usage: `python -m flows.local_server [--port PORT] SERVE_ARGS...`, where SERVE_ARGS go to
`newsflow serve` (for example `--interval 3600` or `--cron '0 6 * * *' --timezone Europe/London`).
Ctrl-C or SIGTERM stops the serve process first (it pauses its schedule through the server), then
the server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 4200
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


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def serve_command(serve_args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "flows.cli", "serve", *serve_args]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.local_server", description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="Prefect server port")
    args, serve_args = parser.parse_known_args(argv)
    if not port_is_free(args.port):
        print(
            f"serve: port {HOST}:{args.port} is in use; choose another with --port", file=sys.stderr
        )
        return 2
    # SIGTERM ends this process the way Ctrl-C does, so the `finally` clauses below run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = start_server(args.port)
    try:
        return serve_until_stopped(args.port, server, serve_args)
    finally:
        stop(server)


def serve_until_stopped(port: int, server: subprocess.Popen[bytes], serve_args: list[str]) -> int:
    url = api_url(port)
    wait_until_healthy(url, server)
    print(f"Prefect server at {url} (UI: http://{HOST}:{port})", flush=True)
    serving = subprocess.Popen(
        serve_command(serve_args),
        env={**os.environ, "PREFECT_API_URL": url},
        start_new_session=True,
    )
    try:
        return serving.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(serving)


if __name__ == "__main__":
    sys.exit(main())
