"""`newsflow validate`: check the published tables again and rebuild the report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flows.contract.settings import Settings
from flows.contract.tables import TABLES, no_rows_of
from flows.quality import summary as run_summary
from flows.quality.expectations import audit_frames
from flows.quality.validation import validate_frames
from flows.storage.publish import read_published


def revalidate(output_dir: Path, settings: Settings) -> run_summary.RunSummary:
    """Validate every published table as a whole; nothing is moved or rewritten."""
    started = datetime.now(UTC)
    run_name = "validate-" + started.strftime("%Y%m%dT%H%M%SZ")
    published = {name: read_published(output_dir, name) for name in TABLES}
    checks = validate_frames(audit_frames(published), output_dir, run_name, settings)
    summary = run_summary.summarise(
        run_summary.RunSummary(run_name, started.isoformat()), published, no_rows_of(published),
        checks,
    )  # fmt: skip
    run_summary.record_run(summary, output_dir)
    return summary
