"""The newsflow flow: ingest -> decode -> clean -> segment -> enrich -> validate -> publish."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.states import Completed, Failed, State

from flows import execution, mirror, quarantine, report, sources, tables, tasks
from flows.expectations import audit_frames
from flows.lock import output_lock
from flows.progress import Progress
from flows.runs import RunInfo, model_version, new_run_id
from flows.schemas import TABLES
from flows.settings import Settings
from flows.state import KnownSources
from flows.validation import Checkpoints, prepare_in_background, validate_frames


@flow(name="newsflow", log_prints=False)
def newsflow_run(
    input_dir: Path = Path("seeds"),
    output_dir: Path = Path("data"),
    model: str | None = None,
    full_refresh: bool = False,
    dask_address: str | None = None,
    publish_uri: str | None = None,
) -> State:
    """One run over every new or changed file under `input_dir`, published to `output_dir`.

    The processing runs on the Dask scheduler at `dask_address` when one is given (or set as
    `NEWSFLOW_DASK_ADDRESS`), else on this machine's cores. With `publish_uri` (or
    `NEWSFLOW_PUBLISH_URI`), what is published is mirrored there at the end of the run.
    """
    settings = Settings()
    model = model or settings.spacy_model
    dask_address = dask_address or settings.dask_address
    publish_uri = publish_uri or settings.publish_uri
    if publish_uri and (problem := mirror.uri_problem(publish_uri)):
        return Failed(message=problem)
    run = RunInfo(run_id=new_run_id(), started_at=datetime.now(UTC))
    with output_lock(output_dir, settings.lock_wait_seconds, holder=f"run {run.run_id}"):
        recover_interrupted(output_dir)
        summary = report.RunSummary(run.run_id, run.started_at.isoformat())
        staged, checkpoints = ingest(
            input_dir, output_dir, model, run, settings, full_refresh, summary, dask_address
        )
        if tables.nothing_to_publish(staged, output_dir, full_refresh):
            # Nothing to validate or publish; compaction may be due after a roll-forward.
            compact(output_dir, settings.compact_min_files)
            return finish(report.unchanged(summary, output_dir), output_dir, publish_uri)
        checks = validate_frames(audit_frames(staged), output_dir, run.run_id, checkpoints)
        published, withheld = quarantine.split_failing(staged, checks)
        metadata = {"newsflow.run_id": run.run_id, "newsflow.spacy_model": model_version(model)}
        plan = tables.plan_publish(
            published, withheld, output_dir, run.run_id, run.started_at.date().isoformat(),
            metadata, replace_existing=full_refresh, withheld_because=quarantine.reasons(checks),
        )  # fmt: skip
        tasks.publish(plan, output_dir)
        compact(output_dir, settings.compact_min_files)
        summary = report.summarise(summary, published, withheld, checks)
        return finish(summary, output_dir, publish_uri)


def ingest(
    input_dir: Path, output_dir: Path, model: str, run: RunInfo, settings: Settings,
    full_refresh: bool, summary: report.RunSummary, dask_address: str | None,
) -> tuple[dict[str, pa.Table], Future[Checkpoints] | None]:  # fmt: skip
    """Read, decode, clean, segment and enrich every new file.

    Returns the staged tables, and the validation checkpoints being prepared meanwhile when there
    was anything new.
    """
    logger = get_run_logger()
    known: KnownSources = tasks.load_known_sources(output_dir, full_refresh)
    candidates = tasks.discover_sources(input_dir)
    new = sources.with_copies_together(tasks.find_new_sources(input_dir, candidates, known))
    summary.candidates = len(candidates)
    summary.skipped_unchanged = len(candidates) - len(new)
    checkpoints = prepare_in_background(output_dir) if new else None
    batches = [
        tasks.Batch(index, input_dir, versions)
        for index, versions in enumerate(sources.in_batches(new, settings.batch_size))
    ]
    local = execution.local_workers(settings.workers, len(batches))
    logger.info(
        "run %s: %d files under %s, %d new or changed, %d unchanged; %s",
        run.run_id, len(candidates), input_dir, len(new), summary.skipped_unchanged,
        f"Dask scheduler {dask_address}" if dask_address else f"{local} local worker(s)",
    )  # fmt: skip
    progress = Progress(total_documents=len(new))
    with execution.processing_runner(model, local, dask_address) as runner:

        def submit(batch: tasks.Batch) -> PrefectFuture:
            parameters = {"raw": tasks.read_batch(batch), "model_name": model, "run": run}
            return runner.submit(tasks.process_batch, parameters)

        limit = execution.in_flight_limit(runner, local)
        for batch, rows in execution.completed_in_window(batches, submit, limit):
            progress.add(tasks.stage_batch(rows, output_dir, run.run_id, batch.index))
            logger.info("progress: %s", progress.line())
    staged = {name: tables.read_staged(output_dir, run.run_id, name) for name in TABLES}
    return staged, checkpoints


def recover_interrupted(output_dir: Path) -> None:
    rolled_forward = tables.recover(output_dir)
    if rolled_forward:
        get_run_logger().warning(
            "finished publishing interrupted runs: %s", ", ".join(rolled_forward)
        )


def compact(output_dir: Path, min_files: int) -> None:
    plan = tables.plan_compaction(output_dir, min_files, f"compact-{new_run_id()}")
    if plan.moves:
        tables.commit(plan, output_dir)
        get_run_logger().info("compacted %d partitions", len(plan.moves))


def finish(summary: report.RunSummary, output_dir: Path, publish_uri: str | None) -> State:
    """Record the run, mirror the output, show the run, and return its final state."""
    if summary.quarantined_documents:
        summary.quarantine_path = str(tables.quarantine_dir(output_dir).resolve() / summary.run_id)
    report.record_run(summary, output_dir)
    problems = [critical_message(summary)] if summary.failed else []
    if publish_uri:
        try:
            summary.mirror = tasks.mirror_output(output_dir, publish_uri).line()
        except Exception as error:
            problems.append(
                "published to the output folder, but " + mirror.failure_message(publish_uri, error)
            )
    create_markdown_artifact(
        key="newsflow-run-report",
        markdown=report.artifact_markdown(summary),
        description=f"newsflow run {summary.run_id}",
    )
    get_run_logger().info(
        "run %s: %d documents published, %d quarantined, %d rejected; report %s",
        summary.run_id, summary.documents, summary.quarantined_documents, summary.rejected,
        summary.report_path,
    )  # fmt: skip
    if problems:
        return Failed(message="; ".join(problems), data=summary)
    return Completed(message=f"published {summary.documents} documents", data=summary)


def critical_message(summary: report.RunSummary) -> str:
    return "critical expectations failed: " + "; ".join(summary.critical_failures)
