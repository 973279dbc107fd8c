"""Holding back the data that failed a critical expectation.

The unit of quarantine is a document (all its rows in every table) or, in `rejects`, a source
file. When a critical failure cannot be pinned to particular rows (a column is missing, say),
nothing of the run is published.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from flows.validation import DEFAULT_OWNER, ROW_OWNER, ExpectationOutcome, ValidationReport

Tables = dict[str, pa.Table]


def split_failing(staged: Tables, report: ValidationReport) -> tuple[Tables, Tables]:
    """Split staged tables into (publishable, withheld) by the report's critical failures."""
    failures = report.critical_failures
    if not failures:
        return staged, {name: table.slice(0, 0) for name, table in staged.items()}
    if any(not f.failing_owners for f in failures):
        return {name: table.slice(0, 0) for name, table in staged.items()}, staged
    failing_docs = _owners(failures, lambda table: table != "rejects")
    failing_files = _owners(failures, lambda table: table == "rejects")
    publishable, withheld = {}, {}
    for name, table in staged.items():
        column = ROW_OWNER.get(name, DEFAULT_OWNER)
        failing = failing_files if name == "rejects" else failing_docs
        mask = pc.is_in(table.column(column), value_set=pa.array(sorted(failing), pa.string()))
        withheld[name] = table.filter(mask)
        publishable[name] = table.filter(pc.invert(mask))
    return publishable, withheld


def _owners(failures: list[ExpectationOutcome], table_matches: Any) -> set[str]:
    return {owner for f in failures if table_matches(f.table) for owner in f.failing_owners}


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
