"""What the tests share: paths, sample articles, reading tables back as users do, golden files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.contract.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "iran-withdraws-from-syria.txt"
SHARED = ROOT.parent / "shared"
GOLDEN = Path(__file__).parent / "golden"
BINARY_BYTES = bytes(range(256)) * 8
# Columns that differ between any two runs by design; everything else must match.
RUN_SPECIFIC = ("run_id", "ingested_at", "detected_at", "ingest_date")

CLEAN_ARTICLES = {
    "world/summit.txt": "Leaders Meet in Geneva\nThe leaders of France and Germany met in Geneva on "
    "Monday to discuss trade.\nBoth said the talks had been useful.\n",
    "business/shares.txt": "Shares Rise in Tokyo\nShares in Tokyo rose on Tuesday as investors "
    "welcomed strong export figures from Japan.\nThe yen was little changed.\n",
}


def write_articles(root: Path, articles: dict[str, str]) -> Path:
    """Write `{relative path: text}` as UTF-8 files under `root`."""
    for relative, text in articles.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def summary_of(state):
    """The `RunSummary` a flow run returned with its final state."""
    return state.result(raise_on_failure=False)


def read_table(output: Path, name: str) -> pl.DataFrame:
    """A table read with DuckDB exactly as the README tells users to."""
    pattern = f"{output}/tables/{name}/**/*.parquet"
    query = (
        f"select * from read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
    )
    return duckdb.sql(query).pl()


def comparable(name: str, table: pl.DataFrame) -> pl.DataFrame:
    """A table without its run-specific columns, in key order, to compare two runs' rows."""
    key = list(TABLES[name].key)
    return table.drop([c for c in RUN_SPECIFIC if c in table.columns]).sort(key)


def golden_cases(name: str) -> list[dict]:
    """The cases of `tests/golden/<name>.jsonl`, one JSON object a line (see its README).

    Lines are split at `\\n` only: `str.splitlines` would also split at U+2028 inside a case.
    """
    text = (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def golden_params(name: str, case_id) -> list:
    """The golden cases as pytest parameters; a case with `xfail` is a strict expected failure."""
    params = []
    for number, case in enumerate(golden_cases(name)):
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{number}-{case_id(case)}", marks=marks))
    return params
