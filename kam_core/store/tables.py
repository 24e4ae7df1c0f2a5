"""Whole tables and periods of sales as stored, for the Data page's downloads."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.data.contract import TABLES
from kam_core.store import query

SALES_BETWEEN = """
select * from sales where date between $start and $end order by date, account_id, sku
"""
SALES_COUNT = "select count(*) as rows from sales where date between $start and $end"


def rows(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Every row of contract table `table`, in key order (for the small tables)."""
    if table not in TABLES:
        raise KeyError(f"{table!r} is not a table of the data contract")
    order = ", ".join(TABLES[table].key or TABLES[table].column_names[:3])
    # The table and its columns come from the contract, checked above.
    return query(con, f"select * from {table} order by {order}")  # noqa: S608


def sales_between(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """The sales lines dated from `start` to `end` (inclusive), as stored."""
    return query(con, SALES_BETWEEN, {"start": start, "end": end})


def sales_count(con: duckdb.DuckDBPyConnection, start: date, end: date) -> int:
    """How many sales lines are dated from `start` to `end` (inclusive)."""
    return int(query(con, SALES_COUNT, {"start": start, "end": end})["rows"].iloc[0])
