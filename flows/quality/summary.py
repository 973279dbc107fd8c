"""What a run did, told three ways: a JSON record, a Prefect artifact and a terminal table."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa

from flows.quality.validation import ExpectationOutcome, ValidationReport
from flows.storage.files import write_json
from flows.storage.layout import report_index, run_record


@dataclass
class RunSummary:
    run_id: str
    started_at: str
    candidates: int = 0
    skipped_unchanged: int = 0
    documents: int = 0
    paragraphs: int = 0
    entities: int = 0
    rejected: int = 0
    quarantined_documents: int = 0
    fixes: dict[str, int] = field(default_factory=dict)
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    expectations: list[dict] = field(default_factory=list)
    report_path: str = ""
    quarantine_path: str = ""
    mirror: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.critical_failures)


def unchanged(summary: RunSummary, output_dir: Path) -> RunSummary:
    """A run that found nothing new: nothing validated or published, the report left as it was."""
    summary.report_path = str(report_index(output_dir))
    return summary


def summarise(
    summary: RunSummary, published: dict[str, pa.Table], withheld: dict[str, pa.Table],
    report: ValidationReport,
) -> RunSummary:  # fmt: skip
    """Fill in the counts and outcomes of a run from what it published and held back."""
    documents = published["documents"]
    summary.documents = documents.num_rows
    summary.paragraphs = published["paragraphs"].num_rows
    summary.entities = published["entities"].num_rows
    summary.rejected = published["rejects"].num_rows
    summary.quarantined_documents = withheld["documents"].num_rows + withheld["rejects"].num_rows
    fixes = Counter(f for row in documents.column("fixes").to_pylist() for f in row)
    summary.fixes = dict(sorted(fixes.items(), key=lambda kv: (-kv[1], kv[0])))
    summary.critical_failures = [o.name for o in report.critical_failures]
    summary.warnings = [o.name for o in report.warnings]
    summary.expectations = [outcome_record(o) for o in report.outcomes]
    summary.report_path = str(report.report_path)
    return summary


def outcome_record(outcome: ExpectationOutcome) -> dict:
    record = asdict(outcome)
    record["failing_owners"] = sorted(outcome.failing_owners)[:100]
    record["examples"] = [repr(e) for e in outcome.examples]
    return record


def record_run(summary: RunSummary, output_dir: Path) -> Path:
    """Keep the run's summary and expectation results as JSON next to the report."""
    return write_json(asdict(summary), run_record(output_dir, summary.run_id))


def terminal_table(summary: RunSummary) -> str:
    """A compact summary for the terminal: counts, repairs and failed expectations."""
    lines = [
        f"run {summary.run_id}",
        f"  files seen {summary.candidates:>8}   unchanged (skipped) {summary.skipped_unchanged:>8}",
        f"  documents  {summary.documents:>8}   paragraphs {summary.paragraphs:>8}"
        f"   entities {summary.entities:>8}",
        f"  rejected   {summary.rejected:>8}   quarantined {summary.quarantined_documents:>7}",
    ]
    lines += [f"  repair {name:<28} {count:>6} documents" for name, count in summary.fixes.items()]
    failed = [e for e in summary.expectations if not e["success"]]
    passed = len(summary.expectations) - len(failed)
    if summary.expectations:
        lines.append(f"  expectations: {passed} passed, {len(failed)} failed")
    else:
        lines.append("  expectations: none run (nothing new to validate)")
    for e in failed:
        lines.append(
            f"  {e['severity'].upper():<8} {e['table']}.{e['expectation']}({e['column']}): "
            f"{e['unexpected_count']} unexpected"
        )
    if summary.quarantine_path:
        lines.append(f"  quarantine: {summary.quarantine_path}")
    lines.append(f"  report: {summary.report_path}")
    if summary.mirror:
        lines.append(f"  mirror: {summary.mirror}")
    return "\n".join(lines)


def repair_rows(summary: RunSummary) -> str:
    """One Markdown table row per encoding repair: how many published documents it was applied to."""
    rows = [f"| {name} | {count} |" for name, count in summary.fixes.items()]
    return "\n".join(rows) or "| none | 0 |"


def artifact_markdown(summary: RunSummary) -> str:
    """The run's Prefect artifact: counts, failures and a link to the report."""
    rows = (
        "\n".join(
            f"| {e['table']} | {e['expectation']} | {e['column']} | {e['severity']} | "
            f"{'passed' if e['success'] else 'FAILED'} | {e['unexpected_count']} |"
            for e in summary.expectations
            if not e["success"]
        )
        or "| | all expectations passed | | | | |"
    )
    mirrored = f"\nMirror: {summary.mirror}\n" if summary.mirror else ""
    return f"""# newsflow run {summary.run_id}

| documents | paragraphs | entities | rejected | quarantined | unchanged |
|---|---|---|---|---|---|
| {summary.documents} | {summary.paragraphs} | {summary.entities} | {summary.rejected} | {summary.quarantined_documents} | {summary.skipped_unchanged} |

## Encoding repairs

| repair | documents |
|---|---|
{repair_rows(summary)}

## Failed expectations

| table | expectation | column | severity | result | unexpected |
|---|---|---|---|---|---|
{rows}

Report: [{summary.report_path}](file://{summary.report_path})
{mirrored}"""
