"""`make serve`: a local Prefect server on 127.0.0.1 and `newsflow serve` against it.

Usage: `python -m flows.commands.local_serve [--port PORT] SERVE_ARGS...`, where SERVE_ARGS go to
`newsflow serve` (for example `--interval 3600` or `--cron '0 6 * * *' --timezone Europe/London`).
Ctrl-C or SIGTERM stops the serve process first (it pauses its schedule through the server), then
the server.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence

from flows.prefect_server.process import (
    HOST,
    api_url,
    port_is_free,
    start_server,
    stop,
    wait_until_healthy,
)

DEFAULT_PORT = 4200


def serve_command(serve_args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "flows.commands.cli", "serve", *serve_args]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.commands.local_serve", description=__doc__
    )
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
