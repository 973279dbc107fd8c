"""From raw bytes to the rows of the output tables, one document at a time.

`prepare_document` does everything that needs only the document itself (hash, decode, clean,
split); the model-dependent enrichment (NER) happens over batches elsewhere and its results come
back here to be turned into rows.

Each table's rows are built as its record type (`transforms.rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from transforms.cleaning import clean_text
from transforms.decoding import NotTextError, decode_bytes
from transforms.entities import Entity, EntityTone
from transforms.identity import content_hash, document_id
from transforms.paragraphs import split_paragraphs
from transforms.rows import DocumentRow, EntityRow, EntityToneRow, ParagraphRow, RejectRow
from transforms.sentiment import DocumentTone, ParagraphSentiment

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class PreparedDocument:
    doc_id: str
    source_path: str
    content_sha256: str
    n_bytes: int
    encoding: str
    fixes: tuple[str, ...]
    paragraphs: tuple[str, ...]


def prepare_document(source_path: str, raw: bytes) -> PreparedDocument:
    """Decode, clean and split one file; raises `NotTextError` when it holds no usable text."""
    sha = content_hash(raw)
    decoded = decode_bytes(raw)
    cleaned = clean_text(decoded.text)
    paragraphs = tuple(split_paragraphs(cleaned.text))
    if not paragraphs:
        raise NotTextError("the file holds no text, only white space or invisible characters")
    return PreparedDocument(
        doc_id=document_id(source_path, sha),
        source_path=source_path,
        content_sha256=sha,
        n_bytes=len(raw),
        encoding=decoded.encoding,
        fixes=tuple(dict.fromkeys((*decoded.fixes, *cleaned.fixes))),
        paragraphs=paragraphs,
    )


def document_row(
    doc: PreparedDocument, tone: DocumentTone, previous_doc_id: str | None
) -> DocumentRow:
    return DocumentRow(
        doc_id=doc.doc_id,
        source_path=doc.source_path,
        content_sha256=doc.content_sha256,
        encoding=doc.encoding,
        fixes=list(doc.fixes),
        n_paragraphs=len(doc.paragraphs),
        n_bytes=doc.n_bytes,
        sentiment_mean=tone.mean,
        sentiment_min=tone.minimum,
        sentiment_max=tone.maximum,
        negative_share=tone.share_negative,
        previous_doc_id=previous_doc_id,
    )


def paragraph_rows(
    doc: PreparedDocument, sentiments: Sequence[ParagraphSentiment]
) -> list[ParagraphRow]:
    return [
        ParagraphRow(
            doc_id=doc.doc_id,
            paragraph_index=i,
            text=text,
            sentiment_compound=s.compound,
            sentiment_positive=s.positive,
            sentiment_neutral=s.neutral,
            sentiment_negative=s.negative,
            sentiment_label=s.label,
            vader_compound=s.vader_compound,
        )
        for i, (text, s) in enumerate(zip(doc.paragraphs, sentiments, strict=True))
    ]


def entity_rows(doc: PreparedDocument, entities: Sequence[Entity]) -> list[EntityRow]:
    return [_of_document(EntityRow, doc, entity) for entity in entities]


def entity_tone_rows(doc: PreparedDocument, tones: Sequence[EntityTone]) -> list[EntityToneRow]:
    return [_of_document(EntityToneRow, doc, tone) for tone in tones]


def _of_document(row_type: type[RowT], doc: PreparedDocument, record: Any) -> RowT:
    """`record`'s fields as a row of `row_type`, with the document's id (a missing field fails)."""
    values = {field.name: getattr(record, field.name) for field in fields(record)}
    return row_type(doc_id=doc.doc_id, **values)


def reject_row(source_path: str, raw: bytes | None, reason: str) -> RejectRow:
    """A rejected file; `raw` is None when its bytes were not read (no hash then)."""
    sha = None if raw is None else content_hash(raw)
    return RejectRow(source_path=source_path, reason=reason, content_sha256=sha)
