"""Crash safety: a `newsflow run` killed with SIGKILL, then run again, leaves exactly the tables of
a run that was never interrupted, and every table stays readable in between.

Every run is a real `newsflow run` process against one real Prefect server started for the
module (so that no process pays for starting its own). The runs are incremental: a first run
publishes two articles; then a changed article, a new one and a binary file (a reject) arrive, and
the run over them is the one killed. The expected tables come from an uninterrupted run over the
same history.

Most kills land at exact moments: `tests/kill_points.py` freezes the run (SIGSTOP) when it is
about to make the rename or deletion that defines the moment, and the test then kills the process
group with SIGKILL. The first kill needs no help: the test watches the staging folder and kills
the run from outside once a batch is staged.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from flows.contract.tables import TABLES
from tests.helpers import BINARY_BYTES, CLEAN_ARTICLES, ROOT, comparable, read_table, write_articles
from tests.servers import prefect_free_env, running_prefect_server, tail

pytestmark = pytest.mark.slow

RUN_SECONDS = 300.0
POLL_SECONDS = 0.05
CHANGED = "world/summit.txt"
ARRIVALS = {
    CHANGED: CLEAN_ARTICLES[CHANGED] + "A joint statement followed in the evening.\n",
    "science/probe.txt": "Probe Reaches Mars\nThe European probe reached Mars on Friday after a "
    "seven-month journey, the agency in Paris said.\nIts instruments will be switched on next "
    "week.\n",
}
BINARY = "scans/page.jpg"
# Folders that hold files only while a run is publishing.
STAGING_DIRS = ("_staging", "_journal")
# Small batches, so that a run stages several; NER in the flow's own process, so that stopping
# that process stops all of the run's work.
RUN_SETTINGS = {"NEWSFLOW_BATCH_SIZE": "1", "NEWSFLOW_WORKERS": "1"}
T = TypeVar("T")


@dataclass(frozen=True)
class Newsflow:
    """Starts `newsflow run` processes against one Prefect server, each logging to its own file."""

    api_url: str
    workdir: Path

    def env(self, settings: dict[str, str]) -> dict[str, str]:
        base = prefect_free_env(self.workdir / "prefect-home")
        base = {k: v for k, v in base.items() if not k.startswith("NEWSFLOW_")}
        return {
            **base,
            "PREFECT_API_URL": self.api_url,
            "PYTHONPATH": str(ROOT),
            **RUN_SETTINGS,
            **settings,
        }

    def start(
        self, source: Path, output: Path, point: str | None, settings: dict[str, str]
    ) -> tuple[subprocess.Popen[bytes], Path]:
        args = ["run", "--input", str(source), "--output", str(output)]
        newsflow = str(Path(sys.executable).with_name("newsflow"))
        command = [sys.executable, "-m", "tests.kill_points", point] if point else [newsflow]
        log_path = self.workdir / f"run-{time.monotonic_ns()}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*command, *args],
                cwd=ROOT,
                env=self.env(settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return process, log_path

    def run(self, source: Path, output: Path, **settings: str) -> None:
        """One run to its end; it must succeed."""
        process, log_path = self.start(source, output, None, settings)
        try:
            returncode = process.wait(RUN_SECONDS)
        finally:
            kill_group(process)
        assert returncode == 0, tail(log_path)

    def kill_at(self, point: str, source: Path, output: Path, **settings: str) -> None:
        """A run frozen at `point` (see tests/kill_points.py), then killed with SIGKILL."""
        process, log_path = self.start(source, output, point, settings)
        try:
            wait_for(lambda: frozen(process, log_path, point), process, log_path, point)
        finally:
            kill_group(process)
        assert process.returncode == -signal.SIGKILL

    def kill_after_first_batch(self, source: Path, output: Path) -> None:
        """A run killed from outside as soon as one of its batches is staged in full."""
        earlier = set(staged_runs(output))
        process, log_path = self.start(source, output, None, {})
        try:
            wait_for(
                lambda: any(batch_staged(output / "_staging" / run) for run in
                            set(staged_runs(output)) - earlier),
                process, log_path, "a staged batch",
            )  # fmt: skip
        finally:
            kill_group(process)
        assert process.returncode == -signal.SIGKILL, tail(log_path)


def wait_for(
    found: Callable[[], T], process: subprocess.Popen[bytes], log_path: Path, what: str
) -> T:
    deadline = time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        if result := found():
            return result
        if process.poll() is not None:
            pytest.fail(f"the run ended ({process.returncode}) before {what}\n{tail(log_path)}")
        time.sleep(POLL_SECONDS)
    pytest.fail(f"the run did not reach {what} in {RUN_SECONDS:.0f} s\n{tail(log_path)}")


def frozen(process: subprocess.Popen[bytes], log_path: Path, point: str) -> bool:
    stat = Path(f"/proc/{process.pid}/stat").read_text()
    stopped = stat.rsplit(")", 1)[1].split()[0] == "T"
    return stopped and f"frozen at {point}" in log_path.read_text(errors="replace")


def staged_runs(output: Path) -> list[str]:
    return [p.name for p in (output / "_staging").glob("*") if p.is_dir()]


def batch_staged(staging: Path) -> bool:
    """Whether every table of some batch has its file in this run's staging folder."""
    batches = [{p.name for p in (staging / name).glob("batch-*.parquet")} for name in TABLES]
    return bool(set.intersection(*batches))


def kill_group(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@dataclass(frozen=True)
class Story:
    """An output after a first run, the input after new files arrived, the expected tables."""

    first_output: Path
    source: Path
    expected: dict[str, pl.DataFrame]

    def output_after_first_run(self, tmp_path: Path) -> Path:
        output = tmp_path / "output"
        shutil.copytree(self.first_output / "tables", output / "tables")
        return output


@pytest.fixture(scope="module")
def newsflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Newsflow]:
    workdir = tmp_path_factory.mktemp("newsflow")
    with running_prefect_server(workdir) as url:
        yield Newsflow(url, workdir)


@pytest.fixture(scope="module")
def story(newsflow: Newsflow, tmp_path_factory: pytest.TempPathFactory) -> Story:
    root = tmp_path_factory.mktemp("story")
    source = write_articles(root / "input", CLEAN_ARTICLES)
    newsflow.run(source, root / "first")
    write_articles(source, ARRIVALS)
    (source / BINARY).parent.mkdir()
    (source / BINARY).write_bytes(b"\xff\xd8\xff\xe0" + BINARY_BYTES)
    reference = root / "reference"
    shutil.copytree(root / "first" / "tables", reference / "tables")
    newsflow.run(source, reference)
    expected = comparable_tables(readable_tables(reference))
    assert expected["documents"].height == len(CLEAN_ARTICLES) + len(ARRIVALS)
    assert expected["rejects"]["source_path"].to_list() == [BINARY]
    return Story(root / "first", source, expected)


def readable_tables(output: Path) -> dict[str, pl.DataFrame]:
    """Every table as users read it (DuckDB), after checking that pyarrow reads every file."""
    for path in sorted((output / "tables").rglob("*.parquet")):
        pq.read_table(path)
    return {name: read_table(output, name) for name in TABLES}


def comparable_tables(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Each table without its run-specific columns, in key order; fails on a duplicate key."""
    result = {}
    for name, table in tables.items():
        duplicates = table.filter(table.select(TABLES[name].key).is_duplicated())
        assert duplicates.is_empty(), f"duplicate keys in {name}:\n{duplicates}"
        result[name] = comparable(name, table)
    return result


def assert_tables_as_uninterrupted(output: Path, story: Story) -> None:
    actual = comparable_tables(readable_tables(output))
    for name, expected in story.expected.items():
        assert_frame_equal(actual[name], expected, check_column_order=False)
    leftovers = [
        path.relative_to(output)
        for path in output.rglob("*")
        if path.is_file()
        and (path.name.endswith(".partial") or path.parts[len(output.parts)] in STAGING_DIRS)
    ]
    assert leftovers == []


def published_files(output: Path) -> list[Path]:
    return sorted(p.relative_to(output) for p in (output / "tables").rglob("*.parquet"))


def journals(output: Path) -> list[str]:
    return sorted(p.stem for p in (output / "_journal").glob("*.json"))


def run_records(output: Path) -> dict[str, dict]:
    records = (output / "validation" / "runs").glob("*.json")
    return {p.stem: json.loads(p.read_text()) for p in records}


def rerun(newsflow: Newsflow, story: Story, output: Path, **settings: str) -> dict:
    """Run again to completion; returns the new run's record."""
    before = run_records(output)
    newsflow.run(story.source, output, **settings)
    (new,) = set(run_records(output)) - set(before)
    return run_records(output)[new]


def test_a_run_killed_at_every_stage_before_publishing_leaves_nothing_behind(
    newsflow: Newsflow, story: Story, tmp_path: Path
):
    output = story.output_after_first_run(tmp_path)
    first = published_files(output)

    newsflow.kill_after_first_batch(story.source, output)
    readable_tables(output)
    assert published_files(output) == first
    newsflow.kill_at("journal-writing", story.source, output)
    readable_tables(output)
    assert published_files(output) == first
    assert journals(output) == []
    # Great Expectations writes its store files in place: a kill between its open and its write,
    # too brief to aim at, leaves an empty file like this one. The next run must validate anyway.
    suite = sorted((output / "validation" / "_store").rglob("expectations/*/*.json"))[0]
    suite.write_bytes(b"")
    newsflow.kill_at("journal-written", story.source, output)
    assert published_files(output) == first
    (planned,) = journals(output)

    record = rerun(newsflow, story, output)

    assert record["documents"] == 0, "the journal was rolled forward, nothing processed again"
    documents = read_table(output, "documents")
    assert documents.filter(pl.col("run_id") == planned).height == len(ARRIVALS)
    assert_tables_as_uninterrupted(output, story)


def test_a_run_killed_mid_publish_is_rolled_forward_by_the_next(
    newsflow: Newsflow, story: Story, tmp_path: Path
):
    output = story.output_after_first_run(tmp_path)
    first_documents = read_table(output, "documents")
    # Two runs in a day leave two files per partition: the run that finishes the publishing
    # compacts them, and is killed while it does.
    compact = {"NEWSFLOW_COMPACT_MIN_FILES": "2"}

    newsflow.kill_at("mid-publish", story.source, output, **compact)

    (killed,) = journals(output)
    tables = readable_tables(output)
    # Children are published first: the killed run's entities are visible, its documents not.
    assert any(p.name == f"part-{killed}.parquet" for p in published_files(output))
    assert_frame_equal(tables["documents"], first_documents)

    newsflow.kill_at("mid-compaction", story.source, output, **compact)

    # The publishing was finished; until the next run, a partition may hold the merged file and
    # some of the files it replaces.
    readable_tables(output)
    assert [name for name in journals(output) if name.startswith("compact-")]

    record = rerun(newsflow, story, output, **compact)

    assert record["documents"] == 0
    documents = read_table(output, "documents")
    assert documents.filter(pl.col("run_id") == killed).height == len(ARRIVALS)
    assert_tables_as_uninterrupted(output, story)
    for partition in {path.parent for path in published_files(output)}:
        assert len(list((output / partition).glob("*.parquet"))) == 1, partition


def test_a_run_killed_just_before_exit_has_published_everything(
    newsflow: Newsflow, story: Story, tmp_path: Path
):
    output = story.output_after_first_run(tmp_path)

    newsflow.kill_at("exit", story.source, output)

    assert_tables_as_uninterrupted(output, story)
    assert rerun(newsflow, story, output)["documents"] == 0
    assert_tables_as_uninterrupted(output, story)
