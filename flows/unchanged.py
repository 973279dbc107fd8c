"""A `newsflow run` over unchanged input, answered without starting Prefect.

Without `PREFECT_API_URL`, every `newsflow run` starts a temporary Prefect server for its flow
run, which costs 10-20 s: more than everything else a re-run over unchanged input does. When no
Prefect server is configured, every input file is already published (same path and SHA-256), no
interrupted run waits to be finished and every table has files, the command records the run and
prints its summary itself: the flow would validate and publish nothing either. With a Prefect
server, and in served deployments, the flow runs as always (and skips validation and publishing
the same way), so those runs show in Prefect's UI.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from flows import mirror, report, sources, state, tables
from flows.lock import OutputLockedError, output_lock
from flows.runs import new_run_id


def record_if_unchanged(
    input_dir: Path, output_dir: Path, publish_uri: str | None = None
) -> report.RunSummary | None:
    """Record and return the summary of a run with nothing to do; None when the flow must run.

    With `publish_uri`, the mirror is brought up to date too (it may have missed the end of an
    earlier run); an `OSError` says it could not be.
    """
    if os.environ.get("PREFECT_API_URL") or not tables.tables_dir(output_dir).is_dir():
        return None
    started = datetime.now(UTC)
    try:
        # No wait: if another run is writing, the flow waits for it (NEWSFLOW_LOCK_WAIT_SECONDS).
        with output_lock(output_dir, holder="newsflow run"):
            candidates = unchanged_candidates(input_dir, output_dir)
            if candidates is None:
                return None
            # Only the staging or temporary files of a run killed before publishing can be left.
            tables.recover(output_dir)
            summary = report.RunSummary(
                new_run_id(),
                started.isoformat(),
                candidates=len(candidates),
                skipped_unchanged=len(candidates),
            )
            report.record_run(report.unchanged(summary, output_dir), output_dir)
            if publish_uri:
                summary.mirror = mirror_or_explain(output_dir, publish_uri)
            return summary
    except OutputLockedError:
        return None


def unchanged_candidates(input_dir: Path, output_dir: Path) -> list[str] | None:
    """Every input file when all are published and nothing is pending; else None."""
    if any(tables.journal_dir(output_dir).glob("*.json")):
        return None
    if not all(tables.published_files(output_dir, name) for name in tables.PUBLISH_ORDER):
        return None
    candidates = sources.discover(input_dir)
    known = state.load_known_sources(output_dir)
    return None if sources.find_new_sources(input_dir, candidates, known) else candidates


def mirror_or_explain(output_dir: Path, publish_uri: str) -> str:
    try:
        return mirror.mirror_output(output_dir, publish_uri).line()
    except OSError as error:
        raise OSError(
            "nothing new to publish, but " + mirror.failure_message(publish_uri, error)
        ) from error
