"""DataFrames a writer keeps in the file as tables, and reads back as it wrote them."""

from __future__ import annotations

from datetime import date

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


def put_as_of(
    con: duckdb.DuckDBPyConnection, key: str, as_of: date, named: dict[str, pd.DataFrame]
) -> None:
    """Store frames computed as of `as_of` under their table names; `key` records the date in
    `meta` so that readers know which as-of date the frames answer."""
    forget(con, key, *named)
    for table, frame in named.items():
        put(con, table, frame)
    con.execute("insert into meta values ($key, $as_of)", {"key": key, "as_of": as_of.isoformat()})


def get_as_of(
    con: duckdb.DuckDBPyConnection, key: str, as_of: date, tables: tuple[str, ...]
) -> list[pd.DataFrame] | None:
    """The frames `put_as_of` stored under `key`, if they were computed as of `as_of`."""
    stored = query(con, "select value from meta where key = $key", {"key": key})
    if stored.empty or stored["value"].iloc[0] != as_of.isoformat():
        return None
    return [get(con, table) for table in tables]


def forget(con: duckdb.DuckDBPyConnection, key: str, *tables: str) -> None:
    """Drop what `put_as_of` stored under `key`."""
    con.execute("delete from meta where key = $key", {"key": key})
    drop(con, *tables)


def as_dates(column: pd.Series) -> pd.Series:
    """Stored dates back as Python code makes them: datetime.date objects, None when missing."""
    dates = pd.to_datetime(column).dt.date.astype(object)
    return dates.where(column.notna(), None)
