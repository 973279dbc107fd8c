"""Local workers: batches begun before the run asks for them, and the run's columns added after."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.contract.runs import RUN_COLUMNS, RunInfo
from flows.contract.settings import Settings
from flows.contract.tables import TABLES
from flows.intake.planner import plan_run
from flows.intake.sources import RawSource, read_sources
from flows.processing import workers
from flows.processing.batches import stamp
from flows.processing.nlp import DEFAULT_MODEL
from tests.helpers import CLEAN_ARTICLES, write_articles

RUN = RunInfo("20250301T060000Z-test", datetime(2025, 3, 1, 6, tzinfo=UTC))


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    more = {
        f"extra/{n}.txt": f"Brief {n}\nMarkets in Oslo were calm on day {n}.\n" for n in range(3)
    }
    return write_articles(tmp_path / "in", {**CLEAN_ARTICLES, **more, "bad.bin": ""})


def batches_of(articles: Path) -> list[list[RawSource]]:
    plan = plan_run(articles, articles / "no-output", batch_size=1, full_refresh=True)
    return [read_sources(articles, batch.versions) for batch in plan.batches]


def test_a_batch_is_the_same_made_here_or_before_the_run(articles: Path, tmp_path: Path):
    settings = Settings(batch_size=1, workers=2, spacy_model=DEFAULT_MODEL)
    try:
        workers.prestart(articles, tmp_path / "out", settings, full_refresh=False)
        assert workers.POOL.begun_early() == 2 * workers.BATCHES_IN_FLIGHT_PER_WORKER
        for raw in batches_of(articles):
            expected = stamp(workers.process_here(raw, DEFAULT_MODEL), RUN)
            assert workers.POOL.process(raw, DEFAULT_MODEL, RUN) == expected
        assert workers.POOL.begun_early() == 0
    finally:
        workers.POOL.shutdown()


def test_stamp_adds_the_run_columns_in_schema_order(articles: Path):
    made = [workers.process_here(raw, DEFAULT_MODEL) for raw in batches_of(articles)]
    assert all(
        column not in t.column_names for m in made for t in m.values() for column in RUN_COLUMNS
    )
    stamped = [stamp(tables, RUN) for tables in made]
    for tables in stamped:
        for name, table in tables.items():
            assert table.schema.equals(TABLES[name].schema), name
    documents = [t["documents"] for t in stamped if t["documents"].num_rows]
    assert {d["run_id"][0].as_py() for d in documents} == {RUN.run_id}
    assert {d["ingested_at"][0].as_py() for d in documents} == {RUN.started_at}
    rejects = [t["rejects"] for t in stamped if t["rejects"].num_rows]
    assert [r["detected_at"][0].as_py() for r in rejects] == [RUN.started_at]
