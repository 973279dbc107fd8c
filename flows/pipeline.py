"""The newsflow flow: ingest -> decode -> clean -> segment -> enrich -> validate -> publish."""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger
from prefect.futures import as_completed
from prefect.states import Completed, Failed, State

from flows import tables, tasks
from flows.expectations import audit_frames
from flows.nlp import model_version
from flows.processing import RunInfo
from flows.progress import Progress
from flows.schemas import TABLES
from flows.settings import Settings
from flows.validation import ValidationReport, validate_frames


@dataclass
class RunSummary:
    run_id: str
    documents: int = 0
    paragraphs: int = 0
    entities: int = 0
    rejected: int = 0
    quarantined_documents: int = 0
    fixes: dict[str, int] = field(default_factory=dict)
    critical_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report_path: str = ""


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@flow(name="newsflow", log_prints=False)
def newsflow_run(
    input_dir: Path = Path("seeds"), output_dir: Path = Path("data"), model: str | None = None
) -> State:
    """One run of the pipeline over every file under `input_dir`, publishing to `output_dir`."""
    settings = Settings()
    model = model or settings.spacy_model
    logger = get_run_logger()
    run = RunInfo(run_id=new_run_id(), started_at=datetime.now(UTC))
    candidates = tasks.discover_sources(input_dir)
    logger.info("run %s: %d files under %s", run.run_id, len(candidates), input_dir)

    progress = Progress(total_documents=len(candidates))
    batches = chunks(candidates, settings.batch_size)
    futures = {
        tasks.process_batch.submit(tasks.read_batch.submit(input_dir, batch), model, run): i
        for i, batch in enumerate(batches)
    }
    for future in as_completed(list(futures)):
        result = future.result()
        tasks.stage_batch(result, output_dir, run.run_id, futures[future])
        progress.add(result)
        logger.info("progress: %s", progress.line())

    staged = {name: tables.read_staged(output_dir, run.run_id, name) for name in TABLES}
    report = validate_frames(audit_frames(staged), output_dir, run_name=run.run_id)
    summary = summarise(run, staged, report)
    publishable = withhold_failing(staged, report, output_dir, run.run_id)
    metadata = {"newsflow.run_id": run.run_id, "newsflow.spacy_model": model_version(model)}
    tasks.publish(publishable, output_dir, run.run_id, run.started_at.date().isoformat(), metadata)
    shutil.rmtree(tables.staging_dir(output_dir, run.run_id), ignore_errors=True)
    log_summary(summary)
    if summary.critical_failures:
        return Failed(
            message="critical expectations failed: " + "; ".join(summary.critical_failures),
            data=summary,
        )
    return Completed(message=f"published {summary.documents} documents", data=summary)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def summarise(run: RunInfo, staged: dict[str, pa.Table], report: ValidationReport) -> RunSummary:
    fixes = Counter(fix for row in staged["documents"].column("fixes").to_pylist() for fix in row)
    return RunSummary(
        run_id=run.run_id,
        documents=staged["documents"].num_rows,
        paragraphs=staged["paragraphs"].num_rows,
        entities=staged["entities"].num_rows,
        rejected=staged["rejects"].num_rows,
        fixes=dict(fixes.most_common()),
        critical_failures=[o.name for o in report.critical_failures],
        warnings=[o.name for o in report.warnings],
        report_path=str(report.report_path),
    )


def withhold_failing(
    staged: dict[str, pa.Table], report: ValidationReport, output_dir: Path, run_id: str
) -> dict[str, pa.Table]:
    """Drop the documents that failed a critical expectation from what gets published."""
    failing = set().union(*(o.failing_doc_ids for o in report.critical_failures))
    if not failing:
        return staged
    keep = {}
    for name, table in staged.items():
        if "doc_id" not in table.column_names:
            keep[name] = table
            continue
        mask = pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(failing)))
        keep[name] = table.filter(pc.invert(mask))
    return keep


def log_summary(summary: RunSummary) -> None:
    logger = get_run_logger()
    logger.info(
        "run %s: %d documents, %d paragraphs, %d entities, %d rejected; report %s",
        summary.run_id, summary.documents, summary.paragraphs, summary.entities,
        summary.rejected, summary.report_path,
    )  # fmt: skip
    for name in summary.critical_failures:
        logger.error("critical expectation failed: %s", name)
    for name in summary.warnings:
        logger.warning("expectation warning: %s", name)
