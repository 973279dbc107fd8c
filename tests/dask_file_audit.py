"""A Dask worker preload that records the files and folders the worker touches under one folder.

    dask worker ADDRESS --preload tests/dask_file_audit.py

with `NEWSFLOW_AUDITED_DIR` set in the worker's environment. An audit hook (`sys.addaudithook`)
sees every `open`, listing, rename and removal the worker's Python code makes and keeps the paths
under that folder in `worker.audited_paths`, for a test to read with `client.run`. It only
observes: nothing the worker does changes.
"""

from __future__ import annotations

import os
import sys
from typing import Any

EVENTS = {"open", "os.listdir", "os.scandir", "os.rename", "os.remove", "os.mkdir"}


def dask_setup(worker: Any) -> None:
    audited = os.path.abspath(os.environ["NEWSFLOW_AUDITED_DIR"]) + os.sep
    worker.audited_paths = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event not in EVENTS or not args or not isinstance(args[0], str | bytes | os.PathLike):
            return
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(audited):
            worker.audited_paths.append(path)

    sys.addaudithook(hook)
