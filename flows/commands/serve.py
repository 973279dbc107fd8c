"""Serving the flow as a scheduled deployment against a Prefect server."""

from __future__ import annotations

import sys
from pathlib import Path

from prefect import serve
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval, Schedule
from prefect.settings import PREFECT_API_URL
from pydantic import ValidationError

from flows.storage import mirror

DEPLOYMENT_NAME = "served"
# Runs never overlap. A run that comes due while another is running is cancelled rather than
# queued: the next run picks up its files anyway, and a queue would grow without bound whenever
# runs take longer than the interval.
ONE_RUN_AT_A_TIME = ConcurrencyLimitConfig(
    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
)


def serve_flow(
    input_dir: Path, output_dir: Path, cron: str | None, interval: float | None, timezone: str,
    publish_uri: str | None = None,
) -> int:  # fmt: skip
    """Serve `newsflow_run` on the schedule until stopped; returns the exit status."""
    problem = (
        server_problem()
        or input_problem(input_dir)
        or (publish_uri and mirror.uri_problem(publish_uri))
    )
    if problem:
        print(f"newsflow serve: {problem}", file=sys.stderr)
        return 2
    try:
        deployment = build_deployment(
            input_dir, output_dir, build_schedule(cron, interval, timezone), publish_uri
        )
    except ValueError as error:
        reason = error.errors()[0]["msg"] if isinstance(error, ValidationError) else error
        print(f"newsflow serve: invalid schedule: {reason}", file=sys.stderr)
        return 2
    # Returns on Ctrl-C or SIGTERM, after pausing the schedule and cancelling a run in progress.
    serve(deployment)
    return 0


def build_schedule(cron: str | None, interval: float | None, timezone: str) -> Schedule:
    """A cron schedule read in `timezone`, or a fixed interval in seconds."""
    if cron is not None:
        return Cron(cron, timezone=timezone)
    if interval is None or interval <= 0:
        raise ValueError("give --cron EXPR or a positive --interval SECONDS")
    return Interval(interval)


def build_deployment(
    input_dir: Path, output_dir: Path, schedule: Schedule, publish_uri: str | None = None
) -> RunnerDeployment:
    """The deployment of `newsflow_run` on `schedule`, at most one run at a time."""
    from flows.orchestration.pipeline import newsflow_run

    parameters = {"input_dir": str(input_dir.resolve()), "output_dir": str(output_dir.resolve())}
    if publish_uri:
        parameters["publish_uri"] = publish_uri

    return newsflow_run.to_deployment(
        name=DEPLOYMENT_NAME,
        schedule=schedule,
        concurrency_limit=ONE_RUN_AT_A_TIME,
        # Absolute paths, and the flow imported by module name: runs do not depend on the
        # directory the runner starts them in.
        parameters=parameters,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def server_problem() -> str | None:
    """Why the Prefect server at PREFECT_API_URL cannot take a schedule, or None."""
    url = PREFECT_API_URL.value()
    if not url:
        return (
            "PREFECT_API_URL is not set. A schedule needs a running Prefect server: start one "
            "with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    return f"the Prefect server at {url} is not reachable: {error}" if error else None


def input_problem(input_dir: Path) -> str | None:
    return None if input_dir.is_dir() else f"input folder {input_dir} does not exist"
