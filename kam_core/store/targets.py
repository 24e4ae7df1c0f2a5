"""Targets: the aggregates behind attainment, the export view, and saving a year's grid."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.accounts import targets as rules
from kam_core.data import importing
from kam_core.data.contract import TABLES
from kam_core.data.filters import Filters
from kam_core.data.parsing import Problem
from kam_core.store import db, insert_frame, portfolio, query
from kam_core.store.imports import database_problems

EVERYONE: dict[str, list[str] | None] = {"regions": None, "channels": None, "managers": None}
GRID = "the grid"  # where a refused edit's problems are, as the Targets page says it
GRID_COLUMNS = ["account_id", "month", "revenue_target", "quantity_target"]

TARGETED = """
select t.account_id from targets t
join filtered_accounts($regions, $channels, $managers) a using (account_id)
where t.year = $year
"""

TARGETS = f"""
select t.account_id, t.month, t.revenue_target
from targets t where t.year = $year and t.account_id in ({TARGETED})
order by t.account_id, t.month
"""  # noqa: S608 (module constants only)

# Revenue per targeted account and month, in the year to date and in the reference year.
MONTHLY = f"""
select account_id, year(date) as year, month(date) as month, sum(revenue) as revenue
from sales
where (date between $start and $end or date between $ref_start and $ref_end)
  and account_id in ({TARGETED})
group by all
"""  # noqa: S608

FIRST_SALES = f"""
select account_id, min(first_date) as first_sale from sales_weekly
where account_id in ({TARGETED}) group by all
"""  # noqa: S608

COMPANY = """
select month(date) as month, sum(revenue) as revenue from sales
where date between $ref_start and $ref_end group by all
"""
COMPANY_FIRST_SALE = "select min(first_date) as first_sale from sales_weekly"

YEAR_GRID = """
select t.account_id, a.name, a.region, a.manager, t.month, t.revenue_target, t.quantity_target
from targets t left join accounts a using (account_id)
where t.year = $year
order by t.account_id, t.month nulls first
"""
TARGET_YEARS = "select distinct year from targets order by year"
ACCOUNT_LABELS = """
select account_id, name, region, channel, manager
from filtered_accounts($regions, $channels, $managers)
"""


class EditRefused(db.StoreError):
    """Nothing was saved; `problems` says which rows of the grid are wrong and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        counted = [p for p in problems if p.count]
        more = sum(p.count for p in counted) - 1
        tail = f" (and {more:,} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(f"Nothing saved: {counted[0] if counted else problems[0]}{tail}")


def _params(as_of: date, accounts: dict[str, list[str] | None]) -> dict[str, object]:
    start, end = rules.year_to_date(as_of)
    ref = rules.reference_year(as_of)
    return {
        "year": as_of.year,
        "start": start,
        "end": end,
        "ref_start": date(ref, 1, 1),
        "ref_end": date(ref, 12, 31),
        **accounts,
    }


def _first(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def plan(
    con: duckdb.DuckDBPyConnection, as_of: date, accounts: dict[str, list[str] | None] = EVERYONE
) -> rules.PlanData:
    """What attainment is computed from, for the accounts the filter keeps (`account_params`)."""
    params = _params(as_of, accounts)
    monthly = query(con, MONTHLY, params)
    this_year = monthly["year"] == as_of.year
    first = query(con, FIRST_SALES, params)
    company = query(con, COMPANY, params)
    return rules.PlanData(
        targets=query(con, TARGETS, params),
        actual=monthly[this_year].drop(columns="year"),
        reference=monthly[~this_year].drop(columns="year"),
        first_sales=pd.Series(
            [_first(v) for v in first["first_sale"]], index=first["account_id"], dtype=object
        ),
        company=company.set_index("month")["revenue"],
        company_first_sale=_first(query(con, COMPANY_FIRST_SALE)["first_sale"].iloc[0]),
    )


def attainment(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The attainment table as of the period's end, with each account's name, region, channel
    and manager, for the accounts the filters keep."""
    table = rules.attainment_table(plan(con, f.end, f.account_params()), f.end)
    labels = query(con, ACCOUNT_LABELS, f.account_params())
    return table.merge(labels, on="account_id", how="left")


def cumulative(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Actual, phased target and projection, cumulative over the period end's year."""
    return rules.cumulative(plan(con, f.end, f.account_params()), f.end)


def attainment_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The export view target_attainment: every account with a target in the as-of year
    (default as-of: the last sale)."""
    if as_of is None:
        dates = portfolio.sales_dates(con)
        if dates is None:
            return pd.DataFrame(columns=rules.ATTAINMENT_COLUMNS)
        as_of = dates[1]
    return rules.attainment_table(plan(con, as_of), as_of)


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
