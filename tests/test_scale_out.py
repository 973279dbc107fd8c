"""The same tables whether batches run in the flow's process, a local process pool or on Dask.

The Dask cluster is real: a `dask scheduler` and two `dask worker` processes on loopback, started
from this project's environment and stopped afterwards. The workers record the files they touch
(`tests/dask_file_audit.py`), so the test also sees that they need neither the input nor the
output folder: what runs there is text in, rows out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import polars as pl
import pytest

from flows.contract.tables import TABLES
from flows.prefect_server.process import stop
from tests.helpers import CLEAN_ARTICLES, SEEDS, comparable, read_table, summary_of, write_articles

pytestmark = pytest.mark.slow

DASK = str(Path(sys.executable).with_name("dask"))
FILE_AUDIT = Path(__file__).with_name("dask_file_audit.py")
STARTUP_SECONDS = 120


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and a few more articles: enough for several one-document batches."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root, dirs_exist_ok=True)
    return write_articles(root, CLEAN_ARTICLES)


def run_tables(output: Path) -> dict[str, pl.DataFrame]:
    return {name: comparable(name, read_table(output, name)) for name in TABLES}


def assert_same_tables(left: Path, right: Path, corpus: Path) -> None:
    expected, actual = run_tables(left), run_tables(right)
    for name in TABLES:
        assert actual[name].equals(expected[name]), name
    assert expected["documents"].height == files_in(corpus)


def files_in(corpus: Path) -> int:
    return sum(path.is_file() for path in corpus.rglob("*"))


@pytest.fixture(scope="module")
def in_process_run(prefect_server, corpus: Path, tmp_path_factory) -> Path:
    """The reference: one batch at a time in the flow's own process."""
    from flows.orchestration.pipeline import newsflow_run

    output = tmp_path_factory.mktemp("in-process")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEWSFLOW_WORKERS", "1")
        env.setenv("NEWSFLOW_BATCH_SIZE", "1")
        state = newsflow_run(input_dir=corpus, output_dir=output, return_state=True)
    assert state.is_completed(), state.message
    return output


def test_a_local_process_pool_gives_the_same_tables(
    run_flow, corpus: Path, in_process_run: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("NEWSFLOW_WORKERS", "2")
    monkeypatch.setenv("NEWSFLOW_BATCH_SIZE", "1")
    state = run_flow(corpus, tmp_path / "out")
    assert state.is_completed(), state.message
    assert_same_tables(in_process_run, tmp_path / "out", corpus)


def test_the_command_line_with_early_workers_gives_the_same_tables(
    corpus: Path, in_process_run: Path, tmp_path: Path
):
    """`newsflow run` starts its own Prefect server and its workers, which begin on the first
    batches before the flow asks for them."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), "NEWSFLOW_BATCH_SIZE": "1"}
    env |= {"NEWSFLOW_WORKERS": "2"}
    command = [sys.executable, "-m", "flows.commands.cli", "run", "--input", str(corpus)]
    done = subprocess.run(
        [*command, "--output", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "temporary Prefect server on http://127.0.0.1:" in done.stderr
    assert_same_tables(in_process_run, tmp_path / "out", corpus)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Dask scheduler and two single-threaded workers on loopback; yields the address."""
    workdir = tmp_path_factory.mktemp("dask")
    audited = {**os.environ, "NEWSFLOW_AUDITED_DIR": str(tmp_path_factory.getbasetemp())}
    scheduler_file = workdir / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []
    log = (workdir / "dask.log").open("wb")
    try:
        scheduler = [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0"]
        scheduler += ["--no-dashboard", "--scheduler-file", str(scheduler_file)]
        processes.append(start(scheduler, log))
        address = wait_for_address(scheduler_file, processes[0], workdir)
        for name in ("worker-1", "worker-2"):
            worker = [DASK, "worker", address, "--name", name, "--nthreads", "1"]
            worker += ["--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(workdir)]
            worker += ["--preload", str(FILE_AUDIT)]
            processes.append(start(worker, log, audited))
        wait_for_workers(address, 2, workdir)
        yield address
    finally:
        for process in reversed(processes):
            stop(process)
        log.close()


def start(command: list[str], log, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdout=log, stderr=log, env=env, start_new_session=True)


def wait_for_address(scheduler_file: Path, scheduler: subprocess.Popen[bytes], workdir) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            pytest.fail(f"dask scheduler exited: {dask_log(workdir)}")
        if scheduler_file.exists():
            try:
                return json.loads(scheduler_file.read_text())["address"]
            except (ValueError, KeyError):
                pass
        time.sleep(0.2)
    pytest.fail(f"no dask scheduler after {STARTUP_SECONDS} s: {dask_log(workdir)}")


def wait_for_workers(address: str, count: int, workdir: Path) -> None:
    from distributed import Client

    with Client(address, timeout=STARTUP_SECONDS) as client:
        try:
            client.wait_for_workers(count, timeout=STARTUP_SECONDS)
        except TimeoutError:
            pytest.fail(f"fewer than {count} dask workers: {dask_log(workdir)}")


def dask_log(workdir: Path) -> str:
    return (workdir / "dask.log").read_text(errors="replace")[-4000:]


def test_a_dask_cluster_gives_the_same_tables(
    run_flow, corpus: Path, in_process_run: Path, dask_cluster: str, tmp_path: Path, monkeypatch
):
    from distributed import Client

    monkeypatch.setenv("NEWSFLOW_BATCH_SIZE", "1")
    state = run_flow(corpus, tmp_path / "out", dask_address=dask_cluster)

    assert state.is_completed(), state.message
    assert summary_of(state).documents == files_in(corpus)
    assert_same_tables(in_process_run, tmp_path / "out", corpus)
    # The workers cannot import this test module: the probe travels by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with Client(dask_cluster) as client:
        models = client.run(loaded_models)
    assert len(models) == 2
    # Both workers took batches, and each loaded the model once however many it took.
    assert all(count == 1 for count in models.values()), models


def test_dask_workers_touch_neither_the_input_nor_the_output(
    run_flow, corpus: Path, dask_cluster: str, tmp_path: Path, monkeypatch
):
    """The flow reads each batch's files and stages the rows the workers send back, so a cluster
    on other machines needs no shared file system."""
    from distributed import Client

    monkeypatch.setenv("NEWSFLOW_BATCH_SIZE", "1")
    output = tmp_path / "out"
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with Client(dask_cluster) as client:
        client.run(forget_audited_paths)
        state = run_flow(corpus, output, dask_address=dask_cluster)
        assert state.is_completed(), state.message
        touched = client.run(audited_paths)
        # The audit is live: a file a worker does read under the audited folder is recorded.
        probe = next(corpus.rglob("*.txt"))
        client.run(read_bytes, str(probe))
        probed = client.run(audited_paths)
    assert len(touched) == 2
    shared = (str(corpus.resolve()), str(output.resolve()))
    assert [p for paths in touched.values() for p in paths if p.startswith(shared)] == []
    assert all(str(probe) in paths for paths in probed.values()), probed


def forget_audited_paths(dask_worker) -> None:
    dask_worker.audited_paths.clear()


def audited_paths(dask_worker) -> list[str]:
    return list(dask_worker.audited_paths)


def read_bytes(path: str) -> int:
    return len(Path(path).read_bytes())


def loaded_models() -> int:
    from flows.processing.nlp import loaded_models

    return loaded_models()
