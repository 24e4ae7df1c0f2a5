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
where t.year = $year and ($account is null or t.account_id = $account)
"""

# The as-of year's target rows, each with its account's first sale.
TARGETS = """
select t.account_id, t.month, t.revenue_target, s.first_sale, a.name, a.region, a.channel,
       a.manager
from targets t
join filtered_accounts($regions, $channels, $managers) a using (account_id)
left join (select account_id, min(first_date) as first_sale from sales_monthly group by all) s
    using (account_id)
where t.year = $year and ($account is null or t.account_id = $account)
order by t.account_id, t.month
"""
LABELS = ["account_id", "name", "region", "channel", "manager"]

# Revenue per targeted account and month, in the reference year and the year to date. A month
# is read whole from sales_monthly unless it has lines after the as-of date: then (the as-of
# month only) its lines up to the as-of date are summed.
MONTHLY = f"""
with targeted as ({TARGETED}),
whole as (
    select account_id, month, revenue from sales_monthly
    where account_id in (select account_id from targeted)
      and (month between $ref_start and $ref_end
           or (month between $start and $end and last_date <= $end))
),
cut as (
    select account_id, date_trunc('month', date)::date as month, sum(revenue) as revenue
    from sales
    where date between date_trunc('month', $end::date) and $end
      and account_id in (select account_id from sales_monthly
                         where month = date_trunc('month', $end::date) and last_date > $end
                           and account_id in (select account_id from targeted))
    group by all
)
select account_id, year(month) as year, month(month) as month, revenue
from (select * from whole union all select * from cut)
"""  # noqa: S608 (module constants only)

# The whole company's revenue per month of the reference year, and its first sale.
COMPANY = """
select month(month) as month,
       coalesce(sum(revenue) filter (where month between $ref_start and $ref_end), 0) as revenue,
       min(min(first_date)) over () as first_sale
from sales_monthly group by all
"""

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


def _params(
    as_of: date, accounts: dict[str, list[str] | None], account: str | None
) -> dict[str, object]:
    start, end = rules.year_to_date(as_of)
    ref = rules.reference_year(as_of)
    return {
        "year": as_of.year,
        "start": start,
        "end": end,
        "ref_start": date(ref, 1, 1),
        "ref_end": date(ref, 12, 31),
        "account": account,
        **accounts,
    }


def _first(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def plan(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    accounts: dict[str, list[str] | None] = EVERYONE,
    account: str | None = None,
) -> rules.PlanData:
    """What attainment is computed from, for the accounts the filter keeps (`account_params`),
    or for one `account`."""
    params = _params(as_of, accounts, account)
    monthly = query(con, MONTHLY, params)
    this_year = monthly["year"] == as_of.year
    targets = query(con, TARGETS, params)
    first = targets.drop_duplicates("account_id")
    company = query(con, COMPANY, params)
    return rules.PlanData(
        targets=targets[["account_id", "month", "revenue_target", *LABELS[1:]]],
        actual=monthly[this_year].drop(columns="year"),
        reference=monthly[~this_year].drop(columns="year"),
        first_sales=pd.Series(
            [_first(v) for v in first["first_sale"]], index=first["account_id"], dtype=object
        ),
        company=company.set_index("month")["revenue"],
        company_first_sale=_first(company["first_sale"].min()) if len(company) else None,
    )


def _labelled(table: pd.DataFrame, data: rules.PlanData) -> pd.DataFrame:
    """The table with each account's name, region, channel and manager."""
    labels = data.targets[LABELS].drop_duplicates("account_id")
    return table.merge(labels, on="account_id", how="left")


def attainment(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The attainment table as of the period's end, with each account's name, region, channel
    and manager, for the accounts the filters keep."""
    data = plan(con, f.end, f.account_params())
    return _labelled(rules.attainment_table(data, f.end), data)


def progress(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attainment as `attainment` gives it, the cumulative plan curve) from one read."""
    data = plan(con, f.end, f.account_params())
    shared = rules.phasing(data, f.end)
    table = _labelled(rules.attainment_table(data, f.end, shared), data)
    return table, rules.cumulative(data, f.end, shared)


def account_plan(con: duckdb.DuckDBPyConnection, as_of: date, account: str) -> pd.DataFrame:
    """The account's attainment row as of `as_of` (no row: no target in that year)."""
    return rules.attainment_table(plan(con, as_of, account=account), as_of)


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
