"""Queries about the portfolio as a whole: filter choices, date bounds, the export basics."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.data.filters import Filters
from kam_core.store import query

FILTER_OPTIONS = """
select 'region' as field, region as value from accounts where region is not null
union select 'channel', channel from accounts where channel is not null
union select 'manager', manager from accounts where manager is not null
order by field, value
"""

SALES_DATES = "select min(date) as first_date, max(date) as last_date from sales"

ACCOUNTS = """
select * from filtered_accounts($regions, $channels, $managers) order by account_id
"""

SALES_SUMMARY = """
with final as (
    select s.account_id, year(s.date) as year, sum(s.revenue) as revenue,
           sum(s.quantity) as quantity, sum(s.cost) as cost,
           -- Margin is unknown, not zero, when any line of the year lacks a cost.
           case when count(s.cost) = count(*) then sum(s.revenue) - sum(s.cost) end
               as gross_margin,
           count(distinct s.order_id) as orders, min(s.date) as first_date,
           max(s.date) as last_date
    from sales s
    where $as_of is null or s.date <= $as_of
    group by all
)
select f.account_id, a.name, a.region, a.channel, a.manager, f.year, f.revenue, f.quantity,
       f.cost, f.gross_margin, f.orders, f.first_date, f.last_date
from final f join accounts a using (account_id)
order by f.account_id, f.year
"""


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The distinct regions, channels and managers, for the sidebar's choices."""
    rows = query(con, FILTER_OPTIONS)
    return {
        field: sorted(rows.loc[rows.field == field, "value"])
        for field in ("region", "channel", "manager")
    }


def sales_dates(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last sales dates, or None when there are no sales yet."""
    row = query(con, SALES_DATES).iloc[0]
    if pd.isna(row.first_date):
        return None
    return pd.Timestamp(row.first_date).date(), pd.Timestamp(row.last_date).date()


def accounts(
    con: duckdb.DuckDBPyConnection,
    regions: list[str] | None = None,
    channels: list[str] | None = None,
    managers: list[str] | None = None,
) -> pd.DataFrame:
    """The account master, restricted to the given regions, channels and managers."""
    return query(con, ACCOUNTS, {"regions": regions, "channels": channels, "managers": managers})


def kept_accounts(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[str] | None:
    """The accounts the sidebar filters keep; None when they keep every account."""
    if filters.keep_everyone():
        return None
    return list(accounts(con, *filters.account_params().values())["account_id"])


def sales_summary(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> pd.DataFrame:
    """Revenue, quantity, cost and margin per account and calendar year, up to `as_of`."""
    return query(con, SALES_SUMMARY, {"as_of": as_of})


TABLE_ROWS = """
select table_name as "table", estimated_size as "rows"
from duckdb_tables() where schema_name = 'main' and table_name not in ('meta', 'imports')
order by table_name
"""


def table_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each contract table with its row count."""
    return query(con, TABLE_ROWS)
