"""The only package that talks to DuckDB: connections, schema, imports and every query.

Every query runs through `query`, with parameters; SQL text never contains user data. Queries
that honour the sidebar filters select from the schema's table macro
`filtered_accounts($regions, $channels, $managers)` (parameters: Filters.account_params()).
"""

from __future__ import annotations

import re
from typing import Any

import duckdb
import pandas as pd

from kam_core.contract import TABLES
from kam_core.store import db

_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def bind(sql: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """The subset of `params` that `sql` names, so callers can pass shared filter dicts whole."""
    names = set(_PARAM.findall(sql))
    return {k: v for k, v in (params or {}).items() if k in names}


def query(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run one parameterised query and return its (already aggregated) result as a DataFrame."""
    try:
        return con.execute(sql, bind(sql, params)).df()
    except duckdb.Error as exc:
        problem = db.file_error("the database", exc)  # a damaged file, a full disk
        if problem is None:
            raise
        raise problem from exc


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """Append `rows` to contract table `table`, matching columns by name."""
    if table not in TABLES:
        raise KeyError(f"{table!r} is not a table of the data contract")
    con.register("incoming_rows", rows)
    # The table name is checked against the contract above; the rows travel as a relation.
    con.execute(f"insert into {table} by name select * from incoming_rows")  # noqa: S608
    # Not in a `finally`: after a failed insert (e.g. a full disk) the aborted transaction
    # refuses this too and would hide the first error; the writer discards the connection.
    con.unregister("incoming_rows")
