"""Serving the flow as a scheduled deployment against a Prefect server."""

from __future__ import annotations

from pathlib import Path


def serve_flow(
    input_dir: Path, output_dir: Path, cron: str | None, interval: float | None, timezone: str
) -> int:
    """Serve `newsflow_run` on the schedule until stopped; returns the exit status."""
    raise NotImplementedError("serving is not implemented yet")
