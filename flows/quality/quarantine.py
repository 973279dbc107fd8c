"""Holding back the data that failed a critical expectation.

The unit of quarantine is a document (all its rows in every table) or, in `rejects`, a source
file. When a critical failure cannot be pinned to particular rows (a column is missing, say),
nothing of the run is published.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from flows.contract.tables import TABLES, Tables, no_rows_of
from flows.quality.validation import ValidationReport


def split_failing(staged: Tables, report: ValidationReport) -> tuple[Tables, Tables]:
    """Split staged tables into (publishable, withheld) by the report's critical failures.

    A failing row withholds every row, in every table, that has the same owner (the column its
    table declares: a document's `doc_id`, a rejected file's `source_path`).
    """
    failures = report.critical_failures
    if not failures:
        return staged, no_rows_of(staged)
    if any(not f.failing_owners for f in failures):
        return no_rows_of(staged), staged
    failing: dict[str, set[str]] = defaultdict(set)
    for failure in failures:
        failing[TABLES[failure.table].owner] |= failure.failing_owners
    publishable, withheld = {}, {}
    for name, table in staged.items():
        owner = TABLES[name].owner
        value_set = pa.array(sorted(failing[owner]), pa.string())
        mask = pc.is_in(table.column(owner), value_set=value_set)
        withheld[name] = table.filter(mask)
        publishable[name] = table.filter(pc.invert(mask))
    return publishable, withheld


def reasons(report: ValidationReport) -> list[dict[str, Any]]:
    """Why data was withheld: each failed critical expectation with examples and owners."""
    return [
        {
            "expectation": f.name,
            "severity": f.severity,
            "unexpected_count": f.unexpected_count,
            "examples": [repr(e) for e in f.examples],
            "withheld": sorted(f.failing_owners)[:100] or "everything (not attributable to rows)",
        }
        for f in report.critical_failures
    ]
