"""`newsflow validate`: check the published tables again and rebuild the report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flows import report, tables
from flows.expectations import audit_frames
from flows.schemas import TABLES
from flows.validation import validate_frames


def revalidate(output_dir: Path) -> report.RunSummary:
    """Validate every published table as a whole; nothing is moved or rewritten."""
    started = datetime.now(UTC)
    run_name = "validate-" + started.strftime("%Y%m%dT%H%M%SZ")
    published = {name: tables.read_published(output_dir, name) for name in TABLES}
    checks = validate_frames(audit_frames(published), output_dir, run_name=run_name)
    empty = {name: table.slice(0, 0) for name, table in published.items()}
    summary = report.summarise(
        report.RunSummary(run_name, started.isoformat()), published, empty, checks
    )
    report.record_run(summary, output_dir)
    return summary
