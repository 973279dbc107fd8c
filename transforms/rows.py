"""The row records of the output tables: one type per table, one field per column.

`flows.contract.tables` declares each table with its record type and refuses, at import, a record
whose fields differ from the declared columns (bar the run columns stamped on afterwards): a
misspelt field fails loudly instead of becoming a column of nulls. Builders are in
`transforms.records`; this module imports nothing, so that declaring the tables stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc_id: str
    source_path: str
    content_sha256: str
    encoding: str
    fixes: list[str]
    n_paragraphs: int
    n_bytes: int
    sentiment_mean: float
    sentiment_min: float
    sentiment_max: float
    negative_share: float
    previous_doc_id: str | None


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    doc_id: str
    paragraph_index: int
    text: str
    sentiment_compound: float
    sentiment_positive: float
    sentiment_neutral: float
    sentiment_negative: float
    sentiment_label: str
    vader_compound: float


@dataclass(frozen=True, slots=True)
class EntityRow:
    doc_id: str
    paragraph_index: int
    start_char: int
    end_char: int
    text: str
    label: str
    canonical: str


@dataclass(frozen=True, slots=True)
class EntityToneRow:
    doc_id: str
    canonical: str
    label: str
    mentions: int
    sentences: int
    mean_sentiment: float
    negative_share: float
    first_paragraph: int


@dataclass(frozen=True, slots=True)
class RejectRow:
    source_path: str
    reason: str
    content_sha256: str | None


Row = DocumentRow | ParagraphRow | EntityRow | EntityToneRow | RejectRow
