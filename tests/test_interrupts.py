"""A run stopped by Ctrl-C or SIGTERM ends within seconds and says what it left; a run killed with
SIGKILL leaves no worker behind.

Each run is a real `newsflow run` process with its own temporary Prefect server and two local
workers, stopped while it processes its batches (one is staged). Signals go to the whole process
group, as a terminal's Ctrl-C or `kill -TERM -- -PGID` send them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.helpers import ROOT, read_table, write_articles
from tests.servers import prefect_free_env, tail

pytestmark = pytest.mark.slow

# A bound that catches a hang (a run used to take minutes to stop), not a timing measurement.
STOP_SECONDS = 60
START_SECONDS = 300
ARTICLES = {
    f"wire/{n:02d}.txt": f"Story {n}\nOfficials in Geneva said on day {n} that talks on trade "
    f"between France and Germany would go on.\nMarkets in Paris rose {n} points.\n"
    for n in range(24)
}


def start_run(source: Path, output: Path, workdir: Path) -> tuple[subprocess.Popen[bytes], Path]:
    env = {
        **prefect_free_env(workdir / "prefect-home"),
        "NEWSFLOW_BATCH_SIZE": "1",
        "NEWSFLOW_WORKERS": "2",
    }
    log_path = workdir / f"run-{time.monotonic_ns()}.log"
    newsflow = str(Path(sys.executable).with_name("newsflow"))
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [newsflow, "run", "--input", str(source), "--output", str(output)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # As in a terminal: a background process would otherwise inherit SIGINT ignored.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    return process, log_path


def wait_until_processing(process: subprocess.Popen[bytes], output: Path, log_path: Path) -> None:
    """Until one batch is staged (and so the workers are busy with the next ones)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        staged = list((output / "_staging").glob("*/documents/batch-*.parquet"))
        if staged:
            return
        if process.poll() is not None:
            pytest.fail(f"the run ended before processing a batch\n{tail(log_path)}")
        time.sleep(0.1)
    pytest.fail(f"the run did not process a batch in {START_SECONDS} s\n{tail(log_path)}")


def descendants(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    return psutil.Process(process.pid).children(recursive=True)


def still_running(processes: list[psutil.Process]) -> list[int]:
    return [p.pid for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def wait_gone(processes: list[psutil.Process], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while still_running(processes) and time.monotonic() < deadline:
        time.sleep(0.2)
    return still_running(processes)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "in", ARTICLES)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_run_ends_at_once_and_says_nothing_was_published(
    signum: int, source: Path, tmp_path: Path
):
    output = tmp_path / "out"
    process, log_path = start_run(source, output, tmp_path)
    try:
        wait_until_processing(process, output, log_path)
        children = descendants(process)
        os.killpg(process.pid, signum)
        returncode = process.wait(STOP_SECONDS)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    log = log_path.read_text(errors="replace")

    assert returncode == 130, tail(log_path)
    assert (
        log.rstrip()
        .splitlines()[-1]
        .startswith("newsflow: stopped; nothing of this run was published")
    ), tail(log_path)
    assert "Traceback" not in log, tail(log_path)
    assert "Finished in state Crashed" in log, "the flow run is marked as it ended"
    assert wait_gone(children, 10) == [], "workers and the temporary server are gone"
    assert not list((output / "tables").rglob("*.parquet"))

    if signum == signal.SIGINT:
        again, again_log = start_run(source, output, tmp_path)
        assert again.wait(START_SECONDS) == 0, tail(again_log)
        assert read_table(output, "documents").height == len(ARTICLES)


def test_workers_end_when_the_run_is_killed(source: Path, tmp_path: Path):
    output = tmp_path / "out"
    process, log_path = start_run(source, output, tmp_path)
    try:
        wait_until_processing(process, output, log_path)
        workers = [p for p in descendants(process) if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2, tail(log_path)
        process.kill()  # the main process only, as the OOM killer would
        process.wait(STOP_SECONDS)
        assert wait_gone(workers, 10) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
