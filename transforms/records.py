"""From raw bytes to the rows of the output tables, one document at a time.

`prepare_document` does everything that needs only the document itself (hash, decode, clean,
split); the model-dependent enrichment (NER) happens over batches elsewhere and its results come
back here to be turned into rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from transforms.cleaning import clean_text
from transforms.decoding import NotTextError, decode_bytes
from transforms.entities import Entity, EntityTone
from transforms.identity import content_hash, document_id
from transforms.paragraphs import split_paragraphs
from transforms.sentiment import ParagraphSentiment

Row = dict[str, Any]


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


def document_row(doc: PreparedDocument) -> Row:
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "content_sha256": doc.content_sha256,
        "encoding": doc.encoding,
        "fixes": list(doc.fixes),
        "n_paragraphs": len(doc.paragraphs),
        "n_bytes": doc.n_bytes,
    }


def paragraph_rows(doc: PreparedDocument, sentiments: Sequence[ParagraphSentiment]) -> list[Row]:
    return [
        {
            "doc_id": doc.doc_id,
            "paragraph_index": i,
            "text": text,
            "sentiment_compound": s.compound,
            "sentiment_positive": s.positive,
            "sentiment_neutral": s.neutral,
            "sentiment_negative": s.negative,
            "sentiment_label": s.label,
            "vader_compound": s.vader_compound,
        }
        for i, (text, s) in enumerate(zip(doc.paragraphs, sentiments, strict=True))
    ]


def entity_rows(doc: PreparedDocument, entities: Sequence[Entity]) -> list[Row]:
    return [
        {
            "doc_id": doc.doc_id,
            "paragraph_index": e.paragraph_index,
            "start_char": e.start_char,
            "end_char": e.end_char,
            "text": e.text,
            "label": e.label,
            "canonical": e.canonical,
        }
        for e in entities
    ]


def entity_sentiment_rows(doc: PreparedDocument, tones: Sequence[EntityTone]) -> list[Row]:
    return [
        {
            "doc_id": doc.doc_id,
            "canonical": t.canonical,
            "label": t.label,
            "mentions": t.mentions,
            "sentences": t.sentences,
            "mean_sentiment": t.mean_sentiment,
            "negative_share": t.negative_share,
            "first_paragraph": t.first_paragraph,
        }
        for t in tones
    ]
