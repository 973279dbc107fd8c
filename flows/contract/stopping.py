"""A request to stop a run (Ctrl-C, SIGTERM), acted on where stopping is safe.

A Python signal handler that raises runs between any two bytecodes of the main thread, even inside
the lock handling of `threading` (leaving a lock half-released), and a signal delivered to another
thread reaches the main thread only when it next runs Python code. So once a run has begun, a
signal only records the request; the run checks it while it waits for its batches, while it hashes
input files and between its phases, and raises `KeyboardInterrupt` there. Before the run has
begun, and at a second signal, the interrupt is raised at once.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_requested = threading.Event()
_reason: list[str] = []
_gentle = threading.Event()


def request_stop(reason: str) -> None:
    if _requested.is_set() or not _gentle.is_set():
        raise KeyboardInterrupt(reason)
    _reason.append(reason)
    _requested.set()


def stop_if_requested() -> None:
    """Raise `KeyboardInterrupt` if a stop was requested; call where stopping is safe."""
    if _requested.is_set():
        raise KeyboardInterrupt(_reason[0] if _reason else "stop requested")


def stop_requested() -> bool:
    return _requested.is_set()


@contextmanager
def stops_gently() -> Iterator[None]:
    """Within the block (a run under way), signals are recorded and checked at safe points."""
    _gentle.set()
    try:
        yield
    finally:
        _gentle.clear()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM request a stop (see the module docstring)."""

    def handle(signum: int, frame: object) -> None:
        request_stop(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _requested.clear()
        _reason.clear()
