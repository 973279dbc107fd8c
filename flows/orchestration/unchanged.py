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

from datetime import UTC, datetime
from pathlib import Path

from flows.contract.runs import new_run_id
from flows.contract.settings import Settings
from flows.intake.planner import plan_run
from flows.prefect_server.temporary import configured_api_url
from flows.quality import summary as run_summary
from flows.storage import layout, mirror, publish
from flows.storage.lock import OutputLockedError, output_lock


def record_if_unchanged(
    input_dir: Path, output_dir: Path, settings: Settings
) -> run_summary.RunSummary | None:
    """Record and return the summary of a run with nothing to do; None when the flow must run.

    With a publish URI, the mirror is brought up to date too (it may have missed the end of an
    earlier run); an `OSError` says it could not be.
    """
    if configured_api_url() or not layout.tables_dir(output_dir).is_dir():
        return None
    started = datetime.now(UTC)
    try:
        # No wait: if another run is writing, the flow waits for it (NEWSFLOW_LOCK_WAIT_SECONDS).
        with output_lock(output_dir, holder="newsflow run"):
            candidates = unchanged_candidates(input_dir, output_dir, settings)
            if candidates is None:
                return None
            # Only the staging or temporary files of a run killed before publishing can be left.
            publish.recover(output_dir)
            summary = run_summary.RunSummary(
                new_run_id(),
                started.isoformat(),
                candidates=len(candidates),
                skipped_unchanged=len(candidates),
            )
            run_summary.record_run(run_summary.unchanged(summary, output_dir), output_dir)
            if settings.publish_uri:
                summary.mirror = mirror_or_explain(output_dir, settings.publish_uri)
            return summary
    except OutputLockedError:
        return None


def unchanged_candidates(input_dir: Path, output_dir: Path, settings: Settings) -> list[str] | None:
    """Every input file when all are published and nothing is pending; else None."""
    if layout.journals(output_dir) or not publish.every_table_has_files(output_dir):
        return None
    plan = plan_run(input_dir, output_dir, settings.batch_size, full_refresh=False)
    return None if plan.new else plan.candidates


def mirror_or_explain(output_dir: Path, publish_uri: str) -> str:
    try:
        return mirror.mirror_output(output_dir, publish_uri).line()
    except OSError as error:
        raise OSError(
            "nothing new to publish, but " + mirror.failure_message(publish_uri, error)
        ) from error
