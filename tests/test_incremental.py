"""Incremental and idempotent runs: only new or changed files are processed, nothing twice."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import polars as pl
import pytest

from flows.commands.cli import main
from flows.contract.tables import TABLES
from flows.storage.lock import output_lock
from tests.helpers import CLEAN_ARTICLES, read_table, summary_of, write_articles

pytestmark = pytest.mark.slow


def published_files(output: Path) -> list[Path]:
    return sorted((output / "tables").rglob("*.parquet"))


def test_rerun_over_the_same_input_adds_nothing(run_flow, tmp_path: Path):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    assert run_flow(source, output).is_completed()
    files = published_files(output)
    tables = {name: read_table(output, name) for name in ("documents", "paragraphs", "entities")}

    again = run_flow(source, output)

    assert again.is_completed()
    assert summary_of(again).documents == 0
    assert summary_of(again).skipped_unchanged == len(CLEAN_ARTICLES)
    assert summary_of(again).expectations == [], "nothing new, nothing validated"
    assert published_files(output) == files
    for name, table in tables.items():
        assert read_table(output, name).equals(table), name


def flow_run_count() -> int:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.count_flow_runs()


def run_records(output: Path) -> set[Path]:
    return set((output / "validation" / "runs").glob("*.json"))


def test_unchanged_rerun_from_the_command_line_starts_no_flow_unless_publishing_is_pending(
    run_flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    assert run_flow(source, output).is_completed()
    files, records, flow_runs = published_files(output), run_records(output), flow_run_count()
    # Without a Prefect server, a flow run would first start a temporary one.
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    command = ["run", "--input", str(source), "--output", str(output)]

    assert main(command) == 0

    assert flow_run_count() == flow_runs
    (record,) = run_records(output) - records
    summary = json.loads(record.read_text())
    assert (summary["documents"], summary["skipped_unchanged"]) == (0, len(CLEAN_ARTICLES))
    assert "unchanged (skipped)        2" in capsys.readouterr().out
    assert published_files(output) == files

    # An interrupted run's journal (here one with nothing left to do) needs the flow to finish it.
    pending = output / "_journal" / "20260101T000000Z-0000abcd.json"
    pending.parent.mkdir(exist_ok=True)
    pending.write_text(json.dumps({"run_id": pending.stem, "moves": [], "deletions": []}))
    assert main(command) == 0
    assert flow_run_count() == flow_runs + 1
    assert not pending.exists()


def test_changed_file_is_a_new_version_and_the_old_one_is_superseded(run_flow, tmp_path: Path):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    run_flow(source, output)
    first = read_table(output, "documents")
    path = "world/summit.txt"
    (source / path).write_text(CLEAN_ARTICLES[path] + "A joint statement followed.\n")

    state = run_flow(source, output)

    assert summary_of(state).documents == 1
    documents = read_table(output, "documents")
    versions = documents.filter(pl.col("source_path") == path).sort("ingested_at")
    old_id = first.filter(pl.col("source_path") == path)["doc_id"][0]
    assert versions["doc_id"].to_list()[0] == old_id
    assert versions["previous_doc_id"].to_list() == [None, old_id]
    current = documents.sort("ingested_at").group_by("source_path").last()
    assert current.height == len(CLEAN_ARTICLES)
    assert read_table(output, "paragraphs").filter(pl.col("doc_id") == old_id).height == 3


def test_full_refresh_rebuilds_from_the_current_files(run_flow, tmp_path: Path):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    run_flow(source, output)
    (source / "world/summit.txt").write_text("Summit Ends\nThe summit ended on Tuesday.\n")
    run_flow(source, output)
    assert read_table(output, "documents").height == 3

    state = run_flow(source, output, full_refresh=True)

    assert state.is_completed()
    documents = read_table(output, "documents")
    assert sorted(documents["source_path"]) == sorted(CLEAN_ARTICLES)
    assert documents["previous_doc_id"].null_count() == documents.height
    assert len(published_files(output)) == len(TABLES)


def hold_lock(output: str, ready, release) -> None:
    with output_lock(Path(output), holder="test"):
        ready.set()
        release.wait(120)


def test_a_second_writer_gets_a_clear_message(run_flow, tmp_path: Path):
    source = write_articles(tmp_path / "in", CLEAN_ARTICLES)
    output = tmp_path / "out"
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=hold_lock, args=(str(output), ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        state = run_flow(source, output)
    finally:
        release.set()
        holder.join(60)
    assert state.is_failed()
    assert "another newsflow process is writing to" in state.message
    assert not (output / "tables").exists()
    assert run_flow(source, output).is_completed()


def test_compaction_merges_many_small_files(run_flow, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWSFLOW_COMPACT_MIN_FILES", "3")
    source = tmp_path / "in"
    output = tmp_path / "out"
    for i in range(3):
        write_articles(
            source, {f"day/{i}.txt": f"Brief {i}\nMarkets in London were calm on day {i}.\n"}
        )
        assert run_flow(source, output).is_completed()
    documents = read_table(output, "documents")
    assert documents.height == 3 and documents["doc_id"].is_unique().all()
    assert len(list((output / "tables" / "documents").rglob("*.parquet"))) == 1
    assert read_table(output, "paragraphs").height == 6
