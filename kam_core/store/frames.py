"""DataFrames a writer keeps in the file as tables, and reads back as it wrote them."""

from __future__ import annotations

import duckdb
import pandas as pd

from kam_core.store import query


def put(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Store `frame` as `table` (a name from code, never from data), replacing it."""
    con.register("frame_rows", frame)
    con.execute(f"create or replace table {table} as select * from frame_rows")  # noqa: S608
    con.unregister("frame_rows")


def get(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """The rows `put` stored as `table`."""
    return query(con, f"select * from {table}")  # noqa: S608


def drop(con: duckdb.DuckDBPyConnection, *tables: str) -> None:
    for table in tables:
        con.execute(f"drop table if exists {table}")


def as_dates(column: pd.Series) -> pd.Series:
    """Stored dates back as Python code makes them: datetime.date objects, None when missing."""
    return pd.Series(
        [None if pd.isna(d) else pd.Timestamp(d).date() for d in column],
        index=column.index,
        dtype=object,
    )
