"""The output tables, declared once.

Each table is a pyarrow schema whose fields carry their meaning in the field metadata under
`description`. Writers cast to these schemas, validation suites derive their expectations from
them and the README data dictionary is checked against them.
"""

from __future__ import annotations

import pyarrow as pa

from transforms.sentiment import default_model

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")
_SENTIMENT = default_model()


def column(name: str, dtype: pa.DataType, description: str, *, nullable: bool = False) -> pa.Field:
    """A schema field with its human-readable meaning attached."""
    return pa.field(name, dtype, nullable=nullable, metadata={"description": description})


def description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


DOCUMENTS = pa.schema(
    [
        column(
            "doc_id", pa.string(), "Unique id of this document version (hash of path and content)."
        ),
        column(
            "source_path",
            pa.string(),
            "Path of the source file relative to the input root, `/`-separated.",
        ),
        column("content_sha256", pa.string(), "Hex SHA-256 of the raw bytes."),
        column(
            "encoding",
            pa.string(),
            "Encoding the bytes were decoded from (`utf-8`, `utf-16`, `cp1252`, ...).",
        ),
        column(
            "fixes",
            pa.list_(pa.string()),
            "Names of the encoding repairs applied to this document (empty when none).",
        ),
        column("n_paragraphs", pa.int64(), "Number of rows this document has in `paragraphs`."),
        column("n_bytes", pa.int64(), "Size of the raw file in bytes."),
        column(
            "ingested_at", UTC_TIMESTAMP, "When the run that ingested this version started (UTC)."
        ),
        column("run_id", pa.string(), "Id of the run that ingested this version."),
        column(
            "sentiment_mean",
            pa.float64(),
            "Mean `sentiment_compound` of the document's paragraphs.",
        ),
        column("sentiment_min", pa.float64(), "Most negative paragraph `sentiment_compound`."),
        column("sentiment_max", pa.float64(), "Most positive paragraph `sentiment_compound`."),
        column(
            "negative_share",
            pa.float64(),
            "Share of the document's paragraphs labelled `negative`, in [0, 1].",
        ),
        column(
            "previous_doc_id",
            pa.string(),
            "The version of the same source that this one supersedes (null for a first version).",
            nullable=True,
        ),
    ]
)

PARAGRAPHS = pa.schema(
    [
        column("doc_id", pa.string(), "The document (`documents.doc_id`)."),
        column("paragraph_index", pa.int64(), "0-based position among the document's paragraphs."),
        column("text", pa.string(), "The cleaned paragraph text."),
        column(
            "sentiment_compound",
            pa.float64(),
            "Overall sentiment, -1 (most negative) to 1 (most positive): the word-weighted mean of "
            "the paragraph's sentence scores, each the calibrated model's predicted human rating "
            "divided by 4 (see Sentiment).",
        ),
        column(
            "sentiment_positive",
            pa.float64(),
            "Share of positive tone in [0, 1] (VADER's sentence shares, word-weighted; the three shares sum to 1).",
        ),
        column("sentiment_neutral", pa.float64(), "Share of neutral tone in [0, 1]."),
        column("sentiment_negative", pa.float64(), "Share of negative tone in [0, 1]."),
        column(
            "sentiment_label",
            pa.string(),
            f"`negative` (compound <= {_SENTIMENT.negative_threshold}), "
            f"`positive` (compound >= {_SENTIMENT.positive_threshold}), otherwise `neutral`.",
        ),
        column(
            "vader_compound",
            pa.float64(),
            "Plain VADER compound score of the whole paragraph, for comparison.",
        ),
    ]
)

ENTITIES = pa.schema(
    [
        column("doc_id", pa.string(), "The document (`documents.doc_id`)."),
        column("paragraph_index", pa.int64(), "The paragraph the mention was found in."),
        column(
            "start_char",
            pa.int64(),
            "Offset of the mention's first character in the paragraph's `text`.",
        ),
        column(
            "end_char",
            pa.int64(),
            "Offset just past the mention's last character: `text[start_char:end_char]` is the mention.",
        ),
        column("text", pa.string(), "The mention as written."),
        column(
            "label",
            pa.string(),
            "Entity type from the OntoNotes set (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...).",
        ),
        column("canonical", pa.string(), "The name this entity goes by throughout the document."),
    ]
)

ENTITY_SENTIMENT = pa.schema(
    [
        column("doc_id", pa.string(), "The document (`documents.doc_id`)."),
        column("canonical", pa.string(), "The entity's name (`entities.canonical`)."),
        column("label", pa.string(), "The entity's type (`entities.label`)."),
        column(
            "mentions",
            pa.int64(),
            "Number of the document's rows in `entities` with this `canonical` and `label`.",
        ),
        column(
            "sentences",
            pa.int64(),
            "Number of distinct sentences that mention the entity, the ones `mean_sentiment` "
            "averages (a sentence naming it twice counts once).",
        ),
        column(
            "mean_sentiment",
            pa.float64(),
            "Mean sentiment of the sentences that mention the entity, -1 to 1: each sentence "
            "counts once, with the score it contributes to `paragraphs.sentiment_compound`; a "
            "mention outside every sentence counts its paragraph's `sentiment_compound`.",
        ),
        column(
            "negative_share",
            pa.float64(),
            "Share of those sentences that are negative (score <= "
            f"{_SENTIMENT.negative_threshold}, the `sentiment_label` threshold), in [0, 1].",
        ),
        column(
            "first_paragraph",
            pa.int64(),
            "`paragraph_index` of the entity's first mention in the document.",
        ),
    ]
)

REJECTS = pa.schema(
    [
        column(
            "source_path",
            pa.string(),
            "Path of the rejected file relative to the input root, `/`-separated.",
        ),
        column(
            "reason",
            pa.string(),
            "Why the file could not be ingested, in words a person can act on.",
        ),
        column("detected_at", UTC_TIMESTAMP, "When the run that rejected the file started (UTC)."),
        column(
            "content_sha256",
            pa.string(),
            "Hex SHA-256 of the raw bytes (null when they could not be read).",
            nullable=True,
        ),
        column("run_id", pa.string(), "Id of the run that rejected the file."),
    ]
)

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per ingested version of a source file. The current version of a source is "
    "its row with the latest `ingested_at`.",
    "paragraphs": "One row per paragraph of a document, with its sentiment.",
    "entities": "One row per named-entity mention.",
    "entity_sentiment": "One row per entity of a document (its canonical name and label): how "
    "often the document mentions it and the tone of the sentences that do. Its rows across "
    "documents show how a person, organisation or country is portrayed across articles.",
    "rejects": "One row per input file version that could not be ingested, with the reason.",
}

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "paragraphs": PARAGRAPHS,
    "entities": ENTITIES,
    "entity_sentiment": ENTITY_SENTIMENT,
    "rejects": REJECTS,
}
