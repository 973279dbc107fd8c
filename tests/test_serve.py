"""Serving the flow on a schedule: the deployment it builds, and real runs on a real server."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest

from flows.commands.serve import DEPLOYMENT_NAME, build_deployment, build_schedule
from flows.prefect_server.process import stop
from tests.helpers import SEEDS
from tests.servers import prefect_free_env, running_prefect_server, tail

DEADLINE_SECONDS = 240
FULL_NAME = f"newsflow/{DEPLOYMENT_NAME}"


def test_cron_schedule_is_read_in_the_given_timezone(tmp_path: Path):
    schedule = build_schedule("0 6 * * *", None, "Europe/London")
    deployment = build_deployment(tmp_path / "in", tmp_path / "out", schedule)
    (only,) = deployment.schedules
    assert only.schedule.cron == "0 6 * * *"
    assert only.schedule.timezone == "Europe/London"


def test_deployment_runs_one_at_a_time_on_absolute_paths(monkeypatch, tmp_path: Path):
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy

    monkeypatch.chdir(tmp_path)
    deployment = build_deployment(Path("in"), Path("out"), build_schedule(None, 60, "UTC"))
    assert deployment.concurrency_limit == 1
    assert deployment.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert deployment.parameters == {
        "input_dir": str(tmp_path / "in"),
        "output_dir": str(tmp_path / "out"),
    }
    assert deployment.entrypoint == "flows.orchestration.pipeline.newsflow_run"
    assert deployment.schedules[0].schedule.interval.total_seconds() == 60


def test_invalid_schedules_are_refused():
    with pytest.raises(ValueError, match="Invalid timezone"):
        build_deployment(Path("in"), Path("out"), build_schedule("0 6 * * *", None, "Mars/Base"))
    with pytest.raises(ValueError, match="Invalid cron"):
        build_schedule("61 * * * *", None, "UTC")
    with pytest.raises(ValueError, match="positive"):
        build_schedule(None, 0, "UTC")


def test_serve_without_a_prefect_server_is_a_clear_error(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "flows.commands.cli", "serve", "--interval", "5"],
        env=prefect_free_env(tmp_path / "prefect-home"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "PREFECT_API_URL is not set" in result.stderr
    assert "prefect server start" in result.stderr


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[str]:
    """A real `prefect server start` on a free loopback port; yields its API URL."""
    with running_prefect_server(tmp_path) as url:
        yield url


@pytest.mark.slow
def test_served_flow_runs_on_schedule_without_overlap(prefect_server: str, tmp_path: Path):
    started = time.monotonic()
    shutil.copytree(SEEDS, tmp_path / "input")
    env = {**prefect_free_env(tmp_path / "prefect-home"), "PREFECT_API_URL": prefect_server}
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "2"
    log_path = tmp_path / "serve.log"
    # Relative paths from another working directory: the deployment must make them absolute.
    command = [
        sys.executable,
        "-m",
        "flows.commands.cli",
        "serve",
        "--input",
        "input",
        "--output",
        "output",
    ]
    with log_path.open("wb") as log:
        serving = subprocess.Popen(
            [*command, "--interval", "5"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            runs = wait_for_completed_runs(prefect_server, serving, log_path, started, count=2)
            assert_runs_did_not_overlap(runs)
            assert_overlapping_runs_were_cancelled(prefect_server)
            assert_tables_hold_every_seed(tmp_path / "output")
            serving.send_signal(signal.SIGTERM)
            assert serving.wait(60) == 0, tail(log_path)
            assert deployment(prefect_server).paused
        finally:
            stop(serving)
    print(f"served runs test took {time.monotonic() - started:.0f} s")


def wait_for_completed_runs(url: str, serving, log_path: Path, started: float, count: int):
    while time.monotonic() - started < DEADLINE_SECONDS:
        if serving.poll() is not None:
            pytest.fail(f"newsflow serve exited with {serving.returncode}\n{tail(log_path)}")
        runs = flow_runs(url, "COMPLETED")
        if len(runs) >= count:
            return runs
        time.sleep(3)
    pytest.fail(
        f"fewer than {count} completed scheduled runs after {DEADLINE_SECONDS} s; "
        f"states: {[run.state_name for run in flow_runs(url, None)]}\n{tail(log_path)}"
    )


def assert_runs_did_not_overlap(runs) -> None:
    assert all(run.auto_scheduled for run in runs)
    spans = sorted((run.start_time, run.end_time) for run in runs)
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start, f"runs overlapped: {spans}"


def assert_overlapping_runs_were_cancelled(url: str) -> None:
    # Runs take far longer than the 5 s interval, so some came due while another was running.
    cancelled = flow_runs(url, "CANCELLED")
    assert cancelled
    assert all("concurrency limit" in run.state.message for run in cancelled)


def assert_tables_hold_every_seed(output: Path) -> None:
    pattern = f"{output}/tables/documents/**/*.parquet"
    rows = duckdb.sql(
        f"select distinct source_path from read_parquet('{pattern}', "
        "hive_partitioning = true, union_by_name = true)"
    ).fetchall()
    seeds = {path.relative_to(SEEDS).as_posix() for path in SEEDS.rglob("*") if path.is_file()}
    assert {path for (path,) in rows} == seeds


def flow_runs(url: str, state: str | None):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.settings import PREFECT_API_URL, temporary_settings

    state_filter = FlowRunFilterState(type=FlowRunFilterStateType(any_=[state])) if state else None
    with temporary_settings({PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        return client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[DEPLOYMENT_NAME])),
            flow_run_filter=FlowRunFilter(state=state_filter),
        )


def deployment(url: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        return client.read_deployment_by_name(FULL_NAME)
