"""Progress of a long run: documents and paragraphs done, and the rate."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyarrow as pa


@dataclass(frozen=True)
class BatchCounts:
    """What one processed batch added: the flow needs only these, never the rows themselves."""

    documents: int
    paragraphs: int
    entities: int
    rejected: int

    @classmethod
    def of(cls, tables: dict[str, pa.Table]) -> BatchCounts:
        return cls(
            documents=tables["documents"].num_rows,
            paragraphs=tables["paragraphs"].num_rows,
            entities=tables["entities"].num_rows,
            rejected=tables["rejects"].num_rows,
        )


@dataclass
class Progress:
    total_documents: int
    documents: int = 0
    paragraphs: int = 0
    entities: int = 0
    rejected: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, batch: BatchCounts) -> None:
        self.documents += batch.documents + batch.rejected
        self.paragraphs += batch.paragraphs
        self.entities += batch.entities
        self.rejected += batch.rejected

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return (
            f"{self.documents}/{self.total_documents} documents "
            f"({self.rejected} rejected), {self.paragraphs} paragraphs, "
            f"{self.entities} entities; {self.documents / elapsed:.1f} docs/s, "
            f"{self.paragraphs / elapsed:.0f} paragraphs/s"
        )
