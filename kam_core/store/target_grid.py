"""The Targets page's grid: a year's target rows, and saving them all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.data import importing
from kam_core.data.contract import TABLES
from kam_core.data.parsing import Problem
from kam_core.store import db, insert_frame, query
from kam_core.store.imports import database_problems

GRID = "the grid"  # where a refused edit's problems are, as the Targets page says it
GRID_COLUMNS = ["account_id", "month", "revenue_target", "quantity_target"]

YEAR_GRID = """
select t.account_id, a.name, a.region, a.manager, t.month, t.revenue_target, t.quantity_target
from targets t left join accounts a using (account_id)
where t.year = $year
order by t.account_id, t.month nulls first
"""
TARGET_YEARS = "select distinct year from targets order by year"


class EditRefused(db.StoreError):
    """Nothing was saved; `problems` says which rows of the grid are wrong and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        counted = [p for p in problems if p.count]
        more = sum(p.count for p in counted) - 1
        tail = f" (and {more:,} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(f"Nothing saved: {counted[0] if counted else problems[0]}{tail}")


def year_grid(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """A year's target rows with the account's name, region and manager, for the grid."""
    return query(con, YEAR_GRID, {"year": year})


def target_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The years that have targets, oldest first."""
    return [int(y) for y in query(con, TARGET_YEARS)["year"]]


def _cells(grid: pd.DataFrame, year: int) -> pd.DataFrame:
    """The grid's contract columns, rows left wholly empty (a blank added row) dropped."""
    cells = grid.reindex(columns=GRID_COLUMNS).replace(r"^\s*$", None, regex=True)
    return cells.dropna(how="all").assign(year=year)


def save_year(path: str | Path, year: int, grid: pd.DataFrame) -> int:
    """Replace `year`'s targets by the grid's rows, all or nothing; EditRefused names the rows
    that break the contract (numbered from 1 as the grid shows them). Returns the rows saved."""
    try:
        prepared = importing.prepare(_cells(grid, year), "targets", GRID, first=1)
    except importing.BadFile as exc:
        raise EditRefused(exc.problems) from exc
    rows = prepared.rows
    with db.writing(path) as con:
        con.execute("delete from targets where year = $year", {"year": year})
        con.register("incoming", rows)
        try:
            problems = database_problems(con, TABLES["targets"], GRID, len(rows))
        finally:
            con.unregister("incoming")
        if problems:
            raise EditRefused(problems)
        insert_frame(con, "targets", rows.drop(columns="_row"))
        con.execute(
            "insert into imports values ($at, 'targets', $file, $rows, true)",
            {
                "at": datetime.now(UTC).replace(tzinfo=None),
                "file": f"Targets page, {year}",
                "rows": len(rows),
            },
        )
    return len(rows)
