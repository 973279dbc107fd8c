"""The output tables, each declared once.

A `Table` holds everything newsflow knows about one table: its columns (with their meaning in the
Parquet field metadata under `description`), its key, the partition column, the table its rows
belong to, the column that names the unit of quarantine, and the record type `transforms` builds
its rows from. Writers, staging, publishing order, the key expectations, quarantine, the README
data dictionary and the tests all read it from here.

`TABLES` lists parents before children. Publishing goes the other way (`PUBLISH_ORDER`), so a
reader never sees a document before its paragraphs and entities.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyarrow as pa

from flows.contract.runs import RUN_COLUMNS
from transforms.rows import (
    DocumentRow,
    EntityRow,
    EntityToneRow,
    ParagraphRow,
    RejectRow,
    Row,
)
from transforms.sentiment import default_model

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")
PARTITION_COLUMN = "ingest_date"
PARTITION_DESCRIPTION = (
    "Day (UTC) of the run that wrote the row; read with `hive_partitioning = true`."
)
_SENTIMENT = default_model()


def column(name: str, dtype: pa.DataType, description: str, *, nullable: bool = False) -> pa.Field:
    """A schema field with its human-readable meaning attached."""
    return pa.field(name, dtype, nullable=nullable, metadata={"description": description})


def description(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"description", b"").decode()


@dataclass(frozen=True)
class Table:
    """One output table.

    `row` is the record type whose fields are the table's columns, except the run columns
    (`RUN_COLUMNS`) that are stamped on every row of a run afterwards; a mismatch fails at import.
    `parent` is the table this one's rows belong to (published after it); `owner` the column
    whose value names the unit that is quarantined with a failing row.
    """

    name: str
    description: str
    columns: tuple[pa.Field, ...]
    key: tuple[str, ...]
    row: type[Row]
    owner: str = "doc_id"
    parent: str | None = None
    partition: str = PARTITION_COLUMN

    def __post_init__(self) -> None:
        built = {f.name for f in dataclasses.fields(self.row)}
        declared = {f.name for f in self.columns if f.name not in RUN_COLUMNS}
        if built != declared:
            raise TypeError(
                f"{self.row.__name__} does not build the columns of table {self.name!r}: "
                f"missing {sorted(declared - built)}, unknown {sorted(built - declared)}"
            )
        unknown = {*self.key, self.owner} - {f.name for f in self.columns}
        if unknown:
            raise TypeError(f"table {self.name!r} names columns it lacks: {sorted(unknown)}")

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(self.columns)

    @property
    def row_schema(self) -> pa.Schema:
        """The columns a row record carries: the schema without its run columns."""
        return pa.schema([f for f in self.columns if f.name not in RUN_COLUMNS])

    def rows_to_arrow(self, rows: list[Row]) -> pa.Table:
        """Row records as an Arrow table of `row_schema` (a record of another type fails)."""
        for row in rows:
            if type(row) is not self.row:
                raise TypeError(f"table {self.name!r} takes {self.row.__name__}, not {type(row)}")
        names = self.row_schema.names
        data = {name: [getattr(row, name) for row in rows] for name in names}
        return pa.Table.from_pydict(data, schema=self.row_schema)


DOCUMENTS = Table(
    name="documents",
    description="One row per ingested version of a source file. The current version of a "
    "source is its row with the latest `ingested_at`.",
    row=DocumentRow,
    key=("doc_id",),
    columns=(
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
    ),
)

PARAGRAPHS = Table(
    name="paragraphs",
    description="One row per paragraph of a document, with its sentiment.",
    row=ParagraphRow,
    key=("doc_id", "paragraph_index"),
    parent="documents",
    columns=(
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
    ),
)

ENTITY_SENTIMENT = Table(
    name="entity_sentiment",
    description="One row per entity of a document (its canonical name and label): how often the "
    "document mentions it and the tone of the sentences that do. Its rows across documents show "
    "how a person, organisation or country is portrayed across articles.",
    row=EntityToneRow,
    key=("doc_id", "canonical", "label"),
    parent="documents",
    columns=(
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
    ),
)

ENTITIES = Table(
    name="entities",
    description="One row per named-entity mention.",
    row=EntityRow,
    key=("doc_id", "paragraph_index", "start_char", "end_char"),
    parent="paragraphs",
    columns=(
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
    ),
)

REJECTS = Table(
    name="rejects",
    description="One row per input file version that could not be ingested, with the reason.",
    row=RejectRow,
    key=("source_path", "content_sha256"),
    owner="source_path",
    columns=(
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
    ),
)


def _parents_first(tables: tuple[Table, ...]) -> dict[str, Table]:
    """The tables by name, checking that each one's parent is declared before it."""
    declared: dict[str, Table] = {}
    for table in tables:
        if table.parent is not None and table.parent not in declared:
            raise TypeError(f"table {table.name!r} is declared before its parent {table.parent!r}")
        declared[table.name] = table
    return declared


TABLES: dict[str, Table] = _parents_first(
    (DOCUMENTS, PARAGRAPHS, ENTITY_SENTIMENT, ENTITIES, REJECTS)
)
# Children first, so that a reader never sees a row before the rows that belong to it.
PUBLISH_ORDER: tuple[str, ...] = tuple(reversed(TABLES))

Tables = dict[str, pa.Table]


def no_rows_of(tables: Tables) -> Tables:
    """The same tables with their rows removed."""
    return {name: table.slice(0, 0) for name, table in tables.items()}
