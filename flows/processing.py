"""One batch of raw sources in, Arrow tables out: the work each processing task does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import pyarrow as pa
from spacy.language import Language

from flows.nlp import find_mentions
from flows.runs import RUN_COLUMNS, RunInfo
from flows.schemas import TABLES
from flows.sources import RawSource
from transforms.decoding import NotTextError
from transforms.entities import Entity, entity_tones, resolve_entities
from transforms.identity import content_hash
from transforms.records import (
    PreparedDocument,
    Row,
    document_row,
    entity_rows,
    entity_sentiment_rows,
    paragraph_rows,
    prepare_document,
)
from transforms.sentiment import (
    DocumentTone,
    ParagraphSentiment,
    document_tone,
    score_paragraph,
)


def process_sources(sources: Sequence[RawSource], nlp: Language) -> dict[str, pa.Table]:
    """Turn raw sources into the rows of every table, rejecting what is not text.

    The rows lack the run columns (`RUN_COLUMNS`): what a batch yields depends on its bytes
    alone, so a batch can be processed before its run has begun; `stamp` adds them.
    """
    rows: dict[str, list[Row]] = defaultdict(list)
    prepared: list[tuple[RawSource, PreparedDocument]] = []
    for source in sources:
        try:
            prepared.append((source, prepare_document(source.source_path, source.raw)))
        except NotTextError as error:
            rows["rejects"].append(reject_row(source, error.reason))
    mentions = find_mentions(nlp, [doc.paragraphs for _, doc in prepared])
    # Copies of one text (the same story under two names) are analysed once.
    analysed: dict[tuple[str, ...], tuple[list[ParagraphSentiment], list[Entity]]] = {}
    for (source, doc), doc_mentions in zip(prepared, mentions, strict=True):
        if doc.paragraphs not in analysed:
            analysed[doc.paragraphs] = (
                [score_remembered(text) for text in doc.paragraphs],
                resolve_entities(doc.paragraphs, doc_mentions),
            )
        sentiments, entities = analysed[doc.paragraphs]
        rows["documents"].append(
            {
                **document_row(doc),
                "previous_doc_id": source.previous_doc_id,
                **tone_columns(document_tone(sentiments)),
            }
        )
        rows["paragraphs"].extend(paragraph_rows(doc, sentiments))
        rows["entities"].extend(entity_rows(doc, entities))
        rows["entity_sentiment"].extend(
            entity_sentiment_rows(doc, entity_tones(entities, sentiments))
        )
    return {name: pa.Table.from_pylist(rows[name], schema=unstamped(name)) for name in TABLES}


def unstamped(name: str) -> pa.Schema:
    """A table's schema without its run columns."""
    schema = TABLES[name]
    return pa.schema([field for field in schema if field.name not in RUN_COLUMNS])


def stamp(tables: dict[str, pa.Table], run: RunInfo) -> dict[str, pa.Table]:
    """The tables with their run columns filled in with `run`'s values, in schema order."""
    values = run.values()
    stamped = {}
    for name, table in tables.items():
        schema = TABLES[name]
        for field in schema:
            if field.name in RUN_COLUMNS:
                constant = pa.array([values[field.name]] * table.num_rows, field.type)
                table = table.append_column(field, constant)
        stamped[name] = table.select(schema.names).cast(schema)
    return stamped


# Paragraphs that recur across documents (bylines, boilerplate) are scored once per process.
score_remembered = lru_cache(maxsize=20_000)(score_paragraph)


def reject_row(source: RawSource, reason: str) -> Row:
    return {
        "source_path": source.source_path,
        "reason": reason,
        "content_sha256": content_hash(source.raw),
    }


def tone_columns(tone: DocumentTone) -> Row:
    return {
        "sentiment_mean": tone.mean,
        "sentiment_min": tone.minimum,
        "sentiment_max": tone.maximum,
        "negative_share": tone.share_negative,
    }
