"""The ledger of known sources: what earlier runs already did, read back from the output.

The output itself is the state: a source version (path and content hash) is done when it has a
row in `documents` or `rejects`, or was quarantined. Nothing else needs to be kept in sync.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.storage.layout import quarantine_dir
from flows.storage.publish import read_published

VERSION_COLUMNS = ["source_path", "content_sha256"]


@dataclass(frozen=True)
class KnownSources:
    """Source versions already handled, and the latest published version of each path."""

    versions: frozenset[tuple[str, str]] = frozenset()
    latest_doc_ids: dict[str, str] = field(default_factory=dict)

    def is_known(self, source_path: str, content_sha256: str) -> bool:
        return (source_path, content_sha256) in self.versions


def load_known_sources(output_dir: Path) -> KnownSources:
    documents = read_published(output_dir, "documents", [*VERSION_COLUMNS, "doc_id", "ingested_at"])
    rejects = read_published(output_dir, "rejects", VERSION_COLUMNS)
    versions = _pairs(documents) | _pairs(rejects) | _quarantined(output_dir)
    return KnownSources(frozenset(versions), _latest_doc_ids(documents))


def _pairs(table: pa.Table) -> set[tuple[str, str]]:
    return set(zip(*(table.column(c).to_pylist() for c in VERSION_COLUMNS), strict=True))


def _quarantined(output_dir: Path) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for name in ("documents", "rejects"):
        for path in quarantine_dir(output_dir).glob(f"*/{name}.parquet"):
            pairs |= _pairs(pq.read_table(path, columns=VERSION_COLUMNS))
    return pairs


def _latest_doc_ids(documents: pa.Table) -> dict[str, str]:
    ordered = documents.sort_by([("ingested_at", "ascending")])
    paths = ordered.column("source_path").to_pylist()
    return dict(zip(paths, ordered.column("doc_id").to_pylist(), strict=True))
