"""Reading published tables back the way users do."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl


def read_table(output: Path, name: str) -> pl.DataFrame:
    """A table read with DuckDB exactly as the README tells users to."""
    pattern = f"{output}/tables/{name}/**/*.parquet"
    query = (
        f"select * from read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
    )
    return duckdb.sql(query).pl()
