"""One batch of raw sources in, Arrow tables out: the work each processing task does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pyarrow as pa
from spacy.language import Language

from flows.nlp import find_mentions
from flows.runs import RunInfo
from flows.schemas import TABLES
from flows.sources import RawSource
from transforms.decoding import NotTextError
from transforms.entities import entity_tones, resolve_entities
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
from transforms.sentiment import DocumentTone, document_tone, score_paragraph


def process_sources(
    sources: Sequence[RawSource], nlp: Language, run: RunInfo
) -> dict[str, pa.Table]:
    """Turn raw sources into the rows of every table, rejecting what is not text."""
    rows: dict[str, list[Row]] = defaultdict(list)
    prepared: list[tuple[RawSource, PreparedDocument]] = []
    for source in sources:
        try:
            prepared.append((source, prepare_document(source.source_path, source.raw)))
        except NotTextError as error:
            rows["rejects"].append(reject_row(source, error.reason, run))
    mentions = find_mentions(nlp, [doc.paragraphs for _, doc in prepared])
    for (source, doc), doc_mentions in zip(prepared, mentions, strict=True):
        sentiments = [score_paragraph(text) for text in doc.paragraphs]
        entities = resolve_entities(doc.paragraphs, doc_mentions)
        rows["documents"].append(
            {
                **document_row(doc),
                "ingested_at": run.started_at,
                "run_id": run.run_id,
                "previous_doc_id": source.previous_doc_id,
                **tone_columns(document_tone(sentiments)),
            }
        )
        rows["paragraphs"].extend(paragraph_rows(doc, sentiments))
        rows["entities"].extend(entity_rows(doc, entities))
        rows["entity_sentiment"].extend(
            entity_sentiment_rows(doc, entity_tones(entities, sentiments))
        )
    return {
        name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in TABLES.items()
    }


def reject_row(source: RawSource, reason: str, run: RunInfo) -> Row:
    return {
        "source_path": source.source_path,
        "reason": reason,
        "detected_at": run.started_at,
        "content_sha256": content_hash(source.raw),
        "run_id": run.run_id,
    }


def tone_columns(tone: DocumentTone) -> Row:
    return {
        "sentiment_mean": tone.mean,
        "sentiment_min": tone.minimum,
        "sentiment_max": tone.maximum,
        "negative_share": tone.share_negative,
    }
