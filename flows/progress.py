"""Progress of a long run: documents and paragraphs done, and the rate."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyarrow as pa


@dataclass
class Progress:
    total_documents: int
    documents: int = 0
    paragraphs: int = 0
    entities: int = 0
    rejected: int = 0
    started: float = field(default_factory=time.monotonic)

    def add(self, batch: dict[str, pa.Table]) -> None:
        self.documents += batch["documents"].num_rows + batch["rejects"].num_rows
        self.paragraphs += batch["paragraphs"].num_rows
        self.entities += batch["entities"].num_rows
        self.rejected += batch["rejects"].num_rows

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return (
            f"{self.documents}/{self.total_documents} documents "
            f"({self.rejected} rejected), {self.paragraphs} paragraphs, "
            f"{self.entities} entities; {self.documents / elapsed:.1f} docs/s, "
            f"{self.paragraphs / elapsed:.0f} paragraphs/s"
        )
