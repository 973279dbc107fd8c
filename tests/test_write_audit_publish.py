"""Write, audit, publish: bad data is held back, good data still publishes, warnings show."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.commands.cli import main
from flows.contract.settings import Settings
from flows.contract.tables import TABLES
from flows.quality.expectations import audit_frames
from flows.quality.quarantine import split_failing
from flows.quality.validation import validate_frames
from flows.storage.publish import read_published
from tests.helpers import CLEAN_ARTICLES, read_table, summary_of, write_articles

pytestmark = pytest.mark.slow


def test_critical_failure_quarantines_the_failing_document_and_publishes_the_rest(
    run_flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NEWSFLOW_MAX_PARAGRAPH_CHARS", "400")
    runaway = (
        "Runaway Paragraph\n" + "This sentence repeats because the line breaks were lost. " * 20
    )
    source = write_articles(tmp_path / "in", {**CLEAN_ARTICLES, "broken/runaway.txt": runaway})
    output = tmp_path / "out"

    state = run_flow(source, output)

    assert state.is_failed()
    assert "expect_column_value_lengths_to_be_between(text)" in state.message
    published = read_table(output, "documents")
    assert sorted(published["source_path"]) == sorted(CLEAN_ARTICLES)
    assert set(read_table(output, "paragraphs")["doc_id"]) == set(published["doc_id"])
    held_back = summary_of(state).quarantine_path
    assert held_back and Path(held_back).is_dir()
    quarantined = pq.read_table(Path(held_back) / "documents.parquet").to_pylist()
    assert [row["source_path"] for row in quarantined] == ["broken/runaway.txt"]
    assert pq.read_table(Path(held_back) / "paragraphs.parquet").num_rows == 2
    reasons = json.loads((Path(held_back) / "reasons.json").read_text())
    assert (
        reasons[0]["expectation"] == "paragraphs: expect_column_value_lengths_to_be_between(text)"
    )
    assert reasons[0]["withheld"] == [quarantined[0]["doc_id"]]


def test_quarantined_version_is_not_retried_until_the_file_changes(
    run_flow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NEWSFLOW_MAX_PARAGRAPH_CHARS", "400")
    runaway = "Runaway\n" + "No line breaks here at all, sentence after sentence. " * 20
    source = write_articles(tmp_path / "in", {"runaway.txt": runaway})
    output = tmp_path / "out"
    assert run_flow(source, output).is_failed()
    again = run_flow(source, output)
    assert again.is_completed() and summary_of(again).skipped_unchanged == 1


def test_warning_only_batch_publishes_and_the_report_shows_the_warning(run_flow, tmp_path: Path):
    damaged = "Lost Bytes\nThe caf\ufffd on the corner reopened on Friday, its owner said.\n"
    source = write_articles(tmp_path / "in", {**CLEAN_ARTICLES, "damaged.txt": damaged})
    output = tmp_path / "out"

    state = run_flow(source, output)

    assert state.is_completed(), state.message
    assert summary_of(state).warnings == [
        "paragraphs: expect_column_values_to_not_match_regex(text)"
    ]
    assert read_table(output, "documents").height == 3
    record = json.loads(
        (output / "validation" / "runs" / f"{summary_of(state).run_id}.json").read_text()
    )
    warned = [e for e in record["expectations"] if not e["success"]]
    assert [(e["severity"], e["expectation"]) for e in warned] == [
        ("warning", "expect_column_values_to_not_match_regex")
    ]
    pages = list((output / "validation" / "validations" / "paragraphs" / "warning").rglob("*.html"))
    assert len(pages) == 1, "the report has a page for the paragraphs warnings"
    page = pages[0].read_text(encoding="utf-8")
    assert "must not match this regular expression" in page
    assert "The caf\ufffd on the corner" in page


def test_validate_names_every_failing_critical_expectation(seeds_run, tmp_path: Path, capsys):
    source, _ = seeds_run
    output = tmp_path / "out"
    shutil.copytree(source / "tables", output / "tables")
    paragraphs = read_table(output, "paragraphs").drop("ingest_date").head(1)
    slipped = paragraphs.with_columns(sentiment_compound=pl.lit(5.0))
    slipped.write_parquet(output / "tables" / "paragraphs" / "slipped.parquet")

    status = main(["validate", "--output", str(output)])

    assert status != 0
    errors = capsys.readouterr().err
    assert "paragraphs: expect_column_values_to_be_between(sentiment_compound)" in errors
    assert "paragraphs: expect_compound_columns_to_be_unique(doc_id,paragraph_index)" in errors
    assert (output / "validation" / "index.html").is_file()


def test_validate_passes_on_a_clean_output(seeds_run, tmp_path: Path):
    source, _ = seeds_run
    output = tmp_path / "out"
    shutil.copytree(source / "tables", output / "tables")
    assert main(["validate", "--output", str(output)]) == 0


def test_entity_sentiment_that_disagrees_with_entities_holds_back_only_its_documents(
    seeds_run, tmp_path: Path
):
    source, _ = seeds_run
    staged = {name: read_published(source, name) for name in TABLES}
    tones = pl.from_arrow(staged["entity_sentiment"]).with_row_index()
    miscounted, misplaced = tones.unique("doc_id", keep="first", maintain_order=True)["index"][:2]
    tampered = tones.with_columns(
        mentions=pl.when(pl.col("index") == miscounted)
        .then(pl.col("mentions") + 1)
        .otherwise(pl.col("mentions")),
        first_paragraph=pl.when(pl.col("index") == misplaced)
        .then(999)
        .otherwise(pl.col("first_paragraph")),
    ).drop("index")
    staged["entity_sentiment"] = pa.Table.from_pylist(
        tampered.to_dicts(), schema=TABLES["entity_sentiment"].schema
    )
    bad_docs = {tones["doc_id"][miscounted], tones["doc_id"][misplaced]}

    checks = validate_frames(audit_frames(staged), tmp_path / "out", "tampered", Settings())
    publishable, withheld = split_failing(staged, checks)

    assert sorted(f.name for f in checks.critical_failures) == [
        "entity_sentiment: expect_column_pair_values_a_to_be_greater_than_b"
        "(audit_n_paragraphs,first_paragraph)",
        "entity_sentiment: expect_column_pair_values_to_be_equal(mentions,audit_entity_mentions)",
    ]
    for name in ("documents", "paragraphs", "entities", "entity_sentiment"):
        assert set(withheld[name]["doc_id"].to_pylist()) == bad_docs, name
        assert not bad_docs & set(publishable[name]["doc_id"].to_pylist()), name
    assert publishable["entity_sentiment"].num_rows > 0
