"""One writer at a time per output folder.

The lock is an advisory `flock` on `OUTPUT/.newsflow.lock`. The kernel releases it when the
holding process ends, however it ends, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flows.storage.layout import lock_file


class OutputLockedError(RuntimeError):
    """Another process is writing to the same output folder."""


@contextmanager
def output_lock(output_dir: Path, wait_seconds: float = 0.0, holder: str = "") -> Iterator[None]:
    """Hold the output folder's writer lock, waiting up to `wait_seconds` for it."""
    output_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_file(output_dir), "a+") as handle:
        _acquire(handle, output_dir, wait_seconds)
        handle.seek(0)
        handle.truncate()
        info = {"pid": os.getpid(), "since": datetime.now(UTC).isoformat(), "holder": holder}
        handle.write(json.dumps(info))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: IO[str], output_dir: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                raise OutputLockedError(
                    f"another newsflow process is writing to {output_dir} "
                    f"({handle.read().strip() or 'holder unknown'}); "
                    "wait for it to finish or set NEWSFLOW_LOCK_WAIT_SECONDS"
                ) from None
            time.sleep(0.2)
