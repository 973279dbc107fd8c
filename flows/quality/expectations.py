"""What each table must satisfy, with a severity for each expectation.

Expectations come from two places: the declared schemas (every column exists, non-nullable columns
have no nulls) and the semantic rules below. A `critical` failure stops the failing data from being
published; a `warning` is published and shown in the report.

Some rules need facts from another table (an entity's paragraph length, a document's paragraph
count, an entity's mentions in `entities`); `audit_frames` adds them as `audit_*` columns before
validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl
import pyarrow as pa

from flows.contract.settings import Settings
from flows.contract.tables import TABLES

Severity = Literal["critical", "warning"]
SENTIMENT_LABELS = ["negative", "neutral", "positive"]
ENTITY_LABELS = [
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
]  # fmt: skip
SHARE_COLUMNS = ("sentiment_positive", "sentiment_neutral", "sentiment_negative")
# Sequences that clean text practically never contains but mojibake and lost bytes leave behind:
# the replacement character, UTF-8 lead bytes read as Windows-1252 (`Ã©`, `â€`), a stray `Â`.
MOJIBAKE_RESIDUE = r"\ufffd|Ã[\u0080-\u00bf]|â€|Â[\u00a0 ]|Ã\u00a0"


@dataclass(frozen=True)
class Rule:
    """One expectation: a Great Expectations class name, its arguments and a severity."""

    expectation: str
    kwargs: dict[str, Any]
    severity: Severity = "critical"
    notes: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def key_rule(columns: tuple[str, ...]) -> Rule:
    if len(columns) == 1:
        return Rule("ExpectColumnValuesToBeUnique", {"column": columns[0]}, notes="key is unique")
    return Rule(
        "ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)}, notes="key is unique"
    )


SEMANTIC_RULES: dict[str, list[Rule]] = {
    "documents": [
        Rule(
            "ExpectColumnPairValuesToBeEqual",
            {"column_A": "n_paragraphs", "column_B": "audit_paragraph_count"},
            notes="n_paragraphs equals the document's rows in paragraphs",
        ),
        Rule("ExpectColumnValueLengthsToEqual", {"column": "content_sha256", "value": 64}),
        *(
            Rule(
                "ExpectColumnValuesToBeBetween", {"column": c, "min_value": -1.0, "max_value": 1.0}
            )
            for c in ("sentiment_mean", "sentiment_min", "sentiment_max")
        ),
        Rule(
            "ExpectColumnValuesToBeBetween",
            {"column": "negative_share", "min_value": 0.0, "max_value": 1.0},
        ),
    ],
    "paragraphs": [
        Rule(
            "ExpectColumnValuesToBeBetween",
            {"column": "sentiment_compound", "min_value": -1.0, "max_value": 1.0},
        ),
        *(
            Rule("ExpectColumnValuesToBeBetween", {"column": c, "min_value": 0.0, "max_value": 1.0})
            for c in SHARE_COLUMNS
        ),
        Rule(
            "ExpectColumnValuesToBeInSet",
            {"column": "sentiment_label", "value_set": SENTIMENT_LABELS},
        ),
        Rule("ExpectColumnValuesToBeBetween", {"column": "paragraph_index", "min_value": 0}),
        Rule(
            "ExpectColumnValuesToNotMatchRegex",
            {"column": "text", "regex": MOJIBAKE_RESIDUE},
            severity="warning",
            notes="no residual mojibake or replacement characters in the text",
        ),
    ],
    "entities": [
        Rule("ExpectColumnValuesToBeBetween", {"column": "start_char", "min_value": 0}),
        Rule(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "end_char", "column_B": "start_char", "or_equal": False},
            notes="start_char < end_char",
        ),
        Rule(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "audit_paragraph_length", "column_B": "end_char", "or_equal": True},
            notes="end_char <= length of the paragraph text",
        ),
        Rule(
            "ExpectColumnValuesToBeInSet",
            {"column": "audit_span_matches", "value_set": [True]},
            notes="text == paragraph.text[start_char:end_char]",
        ),
        Rule("ExpectColumnValuesToBeInSet", {"column": "label", "value_set": ENTITY_LABELS}),
        Rule(
            "ExpectColumnValuesToBeInSet",
            {"column": "audit_has_tone_row", "value_set": [True]},
            severity="warning",
            notes="every entity is counted in entity_sentiment (documents published before that "
            "table existed are not; a full refresh adds them)",
        ),
    ],
    "entity_sentiment": [
        Rule("ExpectColumnValuesToBeBetween", {"column": "mentions", "min_value": 1}),
        Rule("ExpectColumnValuesToBeBetween", {"column": "sentences", "min_value": 1}),
        Rule(
            "ExpectColumnValuesToBeBetween",
            {"column": "mean_sentiment", "min_value": -1.0, "max_value": 1.0},
        ),
        Rule(
            "ExpectColumnValuesToBeBetween",
            {"column": "negative_share", "min_value": 0.0, "max_value": 1.0},
        ),
        Rule("ExpectColumnValuesToBeInSet", {"column": "label", "value_set": ENTITY_LABELS}),
        Rule("ExpectColumnValuesToBeBetween", {"column": "first_paragraph", "min_value": 0}),
        Rule(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "audit_n_paragraphs", "column_B": "first_paragraph", "or_equal": False},
            notes="first_paragraph < the document's n_paragraphs",
        ),
        Rule(
            "ExpectColumnPairValuesToBeEqual",
            {"column_A": "mentions", "column_B": "audit_entity_mentions"},
            notes="mentions equals the document's rows in entities with this canonical and label",
        ),
    ],
    "rejects": [Rule("ExpectColumnValueLengthsToBeBetween", {"column": "reason", "min_value": 10})],
}


def rules_for(name: str, settings: Settings) -> list[Rule]:
    """Every rule of one table: schema-derived first, then the key, then the semantic ones."""
    schema = TABLES[name].schema
    derived = [Rule("ExpectColumnToExist", {"column": f.name}) for f in schema]
    derived += [
        Rule("ExpectColumnValuesToNotBeNull", {"column": f.name}) for f in schema if not f.nullable
    ]
    return [
        *derived,
        key_rule(TABLES[name].key),
        *SEMANTIC_RULES[name],
        *configured_rules(name, settings),
    ]


def configured_rules(name: str, settings: Settings) -> list[Rule]:
    """Rules whose bounds are settings."""
    if name != "paragraphs":
        return []
    limit = settings.max_paragraph_chars
    return [
        Rule(
            "ExpectColumnValueLengthsToBeBetween",
            {"column": "text", "min_value": 1, "max_value": limit},
            notes="a paragraph longer than NEWSFLOW_MAX_PARAGRAPH_CHARS means lost line breaks",
        )
    ]


def audit_frames(tables: dict[str, pa.Table]) -> dict[str, pl.DataFrame]:
    """The tables as Polars frames, with the cross-table `audit_*` columns the rules need."""
    frames = {name: pl.from_arrow(table) for name, table in tables.items()}
    paragraphs = frames["paragraphs"].select(
        *TABLES["paragraphs"].key, pl.col("text").alias("audit_paragraph_text")
    )
    audited = dict(frames)
    audited["documents"] = _audit_documents(frames["documents"], paragraphs)
    audited["entities"] = _audit_entities(
        frames["entities"], paragraphs, frames["entity_sentiment"]
    )
    audited["entity_sentiment"] = _audit_entity_sentiment(
        frames["entity_sentiment"], frames["entities"], frames["documents"]
    )
    return audited


def _audit_documents(documents: pl.DataFrame, paragraphs: pl.DataFrame) -> pl.DataFrame:
    counts = paragraphs.group_by("doc_id").agg(
        pl.len().cast(pl.Int64).alias("audit_paragraph_count")
    )
    return documents.join(counts, on="doc_id", how="left").with_columns(
        pl.col("audit_paragraph_count").fill_null(0)
    )


def _audit_entities(
    entities: pl.DataFrame, paragraphs: pl.DataFrame, tones: pl.DataFrame
) -> pl.DataFrame:
    """Each mention's paragraph length, whether its span matches, and whether it has a tone row."""
    tone_key = list(TABLES["entity_sentiment"].key)
    tone_keys = (
        tones.select(*tone_key).unique().with_columns(pl.lit(True).alias("audit_has_tone_row"))
    )
    paragraph_key = list(TABLES["paragraphs"].key)
    joined = entities.join(paragraphs, on=paragraph_key, how="left").join(
        tone_keys, on=tone_key, how="left"
    )
    return joined.with_columns(
        pl.col("audit_paragraph_text")
        .str.len_chars()
        .fill_null(-1)
        .cast(pl.Int64)
        .alias("audit_paragraph_length"),
        (
            pl.col("audit_paragraph_text").str.slice(
                pl.col("start_char"), pl.col("end_char") - pl.col("start_char")
            )
            == pl.col("text")
        )
        .fill_null(False)
        .alias("audit_span_matches"),
        pl.col("audit_has_tone_row").fill_null(False),
    ).drop("audit_paragraph_text")


def _audit_entity_sentiment(
    tones: pl.DataFrame, entities: pl.DataFrame, documents: pl.DataFrame
) -> pl.DataFrame:
    """Each row's count of matching entity rows and its document's paragraph count (-1: none)."""
    key = list(TABLES["entity_sentiment"].key)
    mentions = entities.group_by(key).agg(pl.len().cast(pl.Int64).alias("audit_entity_mentions"))
    n_paragraphs = documents.select("doc_id", pl.col("n_paragraphs").alias("audit_n_paragraphs"))
    return (
        tones.join(mentions, on=key, how="left")
        .join(n_paragraphs.unique("doc_id"), on="doc_id", how="left")
        .with_columns(
            pl.col("audit_entity_mentions").fill_null(0),
            pl.col("audit_n_paragraphs").fill_null(-1),
        )
    )
