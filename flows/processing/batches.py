"""One batch of raw sources in, Arrow tables out: the work each processing task does."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pyarrow as pa
from spacy.language import Language

from flows.contract.runs import RUN_COLUMNS, RunInfo
from flows.contract.tables import TABLES, Tables
from flows.intake.sources import RawSource
from flows.processing.nlp import find_mentions
from transforms.decoding import NotTextError
from transforms.entities import Entity, entity_tones, resolve_entities
from transforms.records import (
    PreparedDocument,
    document_row,
    entity_rows,
    entity_tone_rows,
    paragraph_rows,
    prepare_document,
    reject_row,
)
from transforms.rows import Row
from transforms.sentiment import ParagraphSentiment, document_tone, score_paragraph


def process_sources(sources: Sequence[RawSource], nlp: Language) -> Tables:
    """Turn raw sources into the rows of every table, rejecting what is not text.

    The rows lack the run columns (`RUN_COLUMNS`): what a batch yields depends on its bytes
    alone, so a batch can be processed before its run has begun; `stamp` adds them.
    """
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    prepared: list[tuple[RawSource, PreparedDocument]] = []
    for source in sources:
        if source.problem:
            rows["rejects"].append(reject_row(source.source_path, None, source.problem))
            continue
        try:
            prepared.append((source, prepare_document(source.source_path, source.raw)))
        except NotTextError as error:
            rows["rejects"].append(reject_row(source.source_path, source.raw, error.reason))
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
        tone = document_tone(sentiments)
        rows["documents"].append(document_row(doc, tone, source.previous_doc_id))
        rows["paragraphs"].extend(paragraph_rows(doc, sentiments))
        rows["entities"].extend(entity_rows(doc, entities))
        rows["entity_sentiment"].extend(entity_tone_rows(doc, entity_tones(entities, sentiments)))
    return {name: table.rows_to_arrow(rows[name]) for name, table in TABLES.items()}


def stamp(tables: Tables, run: RunInfo) -> Tables:
    """The tables with their run columns filled in with `run`'s values, in schema order."""
    values = run.values()
    stamped = {}
    for name, table in tables.items():
        schema = TABLES[name].schema
        for field in schema:
            if field.name in RUN_COLUMNS:
                constant = pa.array([values[field.name]] * table.num_rows, field.type)
                table = table.append_column(field, constant)
        stamped[name] = table.select(schema.names).cast(schema)
    return stamped


# Paragraphs that recur across documents (bylines, boilerplate) are scored once per process.
score_remembered = lru_cache(maxsize=20_000)(score_paragraph)
