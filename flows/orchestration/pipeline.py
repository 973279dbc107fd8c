"""The newsflow flow: ingest -> decode -> clean -> segment -> enrich -> validate -> publish."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.futures import PrefectFuture
from prefect.states import Completed, Failed, State

from flows.contract.runs import RunInfo, model_version, new_run_id
from flows.contract.settings import Settings, resolve_settings
from flows.contract.tables import Tables
from flows.intake.planner import Batch
from flows.orchestration import execution, tasks
from flows.orchestration.progress import Progress
from flows.processing.workers import local_workers
from flows.quality import quarantine
from flows.quality import summary as run_summary
from flows.quality.expectations import audit_frames
from flows.quality.validation import Checkpoints, prepare_in_background, validate_frames
from flows.storage import layout, mirror, publish
from flows.storage.lock import output_lock


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
    settings = resolve_settings(
        spacy_model=model, dask_address=dask_address, publish_uri=publish_uri
    )
    publish_uri = settings.publish_uri
    if publish_uri and (problem := mirror.uri_problem(publish_uri)):
        return Failed(message=problem)
    run = RunInfo(run_id=new_run_id(), started_at=datetime.now(UTC))
    with output_lock(output_dir, settings.lock_wait_seconds, holder=f"run {run.run_id}"):
        recover_interrupted(output_dir)
        summary = run_summary.RunSummary(run.run_id, run.started_at.isoformat())
        staged, checkpoints = ingest(input_dir, output_dir, run, settings, full_refresh, summary)
        if publish.nothing_to_publish(staged, output_dir, full_refresh):
            # Nothing to validate or publish; compaction may be due after a roll-forward.
            compact(output_dir, settings.compact_min_files)
            return finish(run_summary.unchanged(summary, output_dir), output_dir, publish_uri)
        checks = validate_frames(
            audit_frames(staged), output_dir, run.run_id, settings, checkpoints
        )
        published, withheld = quarantine.split_failing(staged, checks)
        metadata = {
            "newsflow.run_id": run.run_id,
            "newsflow.spacy_model": model_version(settings.spacy_model),
        }
        plan = publish.plan_publish(
            published, withheld, output_dir, run.run_id, run.started_at.date().isoformat(),
            metadata, replace_existing=full_refresh, withheld_because=quarantine.reasons(checks),
        )  # fmt: skip
        tasks.publish_plan(plan, output_dir)
        compact(output_dir, settings.compact_min_files)
        summary = run_summary.summarise(summary, published, withheld, checks)
        return finish(summary, output_dir, publish_uri)


def ingest(
    input_dir: Path, output_dir: Path, run: RunInfo, settings: Settings, full_refresh: bool,
    summary: run_summary.RunSummary,
) -> tuple[Tables, Future[Checkpoints] | None]:  # fmt: skip
    """Read, decode, clean, segment and enrich every new file.

    Returns the staged tables, and the validation checkpoints being prepared meanwhile when there
    was anything new.
    """
    logger = get_run_logger()
    plan = tasks.plan_run(input_dir, output_dir, settings.batch_size, full_refresh)
    summary.candidates = len(plan.candidates)
    summary.skipped_unchanged = plan.unchanged
    checkpoints = prepare_in_background(output_dir, settings) if plan.new else None
    local = local_workers(settings.workers, len(plan.batches))
    dask_address = settings.dask_address
    logger.info(
        "run %s: %d files under %s, %d new or changed, %d unchanged; %s",
        run.run_id, len(plan.candidates), input_dir, len(plan.new), plan.unchanged,
        f"Dask scheduler {dask_address}" if dask_address else f"{local} local worker(s)",
    )  # fmt: skip
    progress = Progress(total_documents=len(plan.new))
    model = settings.spacy_model
    with execution.processing_runner(model, local, dask_address) as runner:

        def submit(batch: Batch) -> PrefectFuture:
            parameters = {"raw": tasks.read_batch(batch), "model_name": model, "run": run}
            return runner.submit(tasks.process_batch, parameters)

        limit = execution.in_flight_limit(runner, local)
        for batch, rows in execution.completed_in_window(plan.batches, submit, limit):
            progress.add(tasks.stage_batch(rows, output_dir, run.run_id, batch.index))
            logger.info("progress: %s", progress.line())
    return publish.read_staged(output_dir, run.run_id), checkpoints


def recover_interrupted(output_dir: Path) -> None:
    rolled_forward = publish.recover(output_dir)
    if rolled_forward:
        get_run_logger().warning(
            "finished publishing interrupted runs: %s", ", ".join(rolled_forward)
        )


def compact(output_dir: Path, min_files: int) -> None:
    plan = publish.plan_compaction(output_dir, min_files, f"compact-{new_run_id()}")
    if plan.moves:
        publish.commit(plan, output_dir)
        get_run_logger().info("compacted %d partitions", len(plan.moves))


def finish(summary: run_summary.RunSummary, output_dir: Path, publish_uri: str | None) -> State:
    """Record the run, mirror the output, show the run, and return its final state."""
    if summary.quarantined_documents:
        quarantined = layout.quarantined_run_dir(output_dir.resolve(), summary.run_id)
        summary.quarantine_path = str(quarantined)
    run_summary.record_run(summary, output_dir)
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
        markdown=run_summary.artifact_markdown(summary),
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


def critical_message(summary: run_summary.RunSummary) -> str:
    return "critical expectations failed: " + "; ".join(summary.critical_failures)
