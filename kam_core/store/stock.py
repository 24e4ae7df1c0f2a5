"""Queries for peak-season stock risk: weekly sales, the stock snapshot, supply, promotions."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import pandas as pd

from kam_core.store import query

SNAPSHOT_DATES = "select distinct date from inventory order by date"

# Weeks start on Monday; sales_weeks (the schema's macro over the derived weekly table) gives
# one row per account x SKU x week of the lines between its two dates.
POSITION_WEEKLY = """
select s.account_id, s.sku, s.week::timestamp as week, s.quantity
from sales_weeks($start, $end) s
semi join filtered_accounts($regions, $channels, $managers) a on a.account_id = s.account_id
"""

ACCOUNT_WEEKLY = """
select account_id, week::timestamp as week, sum(quantity) as quantity
from sales_weeks(date '1900-01-01', $end)
group by all
"""

POSITION_UNITS = """
select s.account_id, s.sku, sum(s.quantity) as quantity
from sales_weeks($start, $end) s
semi join filtered_accounts($regions, $channels, $managers) a on a.account_id = s.account_id
group by all
"""

# The last snapshot on or before the as-of date; in-transit counts as arriving at once.
POSITIONS = """
with snapshot as (
    select max(date) as date from inventory where date <= $as_of
),
final as (
    select i.account_id, a.name as account, a.channel, i.sku, p.name as product,
           i.on_hand, coalesce(i.in_transit, 0) as in_transit, p.unit_price,
           p.lead_time_days, p.case_pack, i.date as snapshot_date
    from inventory i
    join snapshot using (date)
    join filtered_accounts($regions, $channels, $managers) a using (account_id)
    join products p using (sku)
)
select * from final order by account_id, sku
"""

SUPPLY = """
select sku, available
from supply
where date = (select max(date) from supply where date <= $as_of)
order by sku
"""

PROMOTIONS = """
select p.promo_id, p.account_id, p.sku, p.start_date, p.end_date
from promotions p
semi join filtered_accounts($regions, $channels, $managers) a on a.account_id = p.account_id
where p.start_date <= $end and p.end_date >= $start
order by p.start_date, p.promo_id
"""

ACCOUNT_REVENUE = """
with sold as (
    select account_id, sum(revenue) as revenue from sales_weeks($start, $end) group by all
)
select a.account_id, coalesce(s.revenue, 0) as revenue
from accounts a
left join sold s using (account_id)
order by revenue desc, a.account_id
"""


def snapshot_dates(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Dates of the inventory snapshots, oldest first."""
    return [pd.Timestamp(d).date() for d in query(con, SNAPSHOT_DATES)["date"]]


def position_weekly(
    con: duckdb.DuckDBPyConnection, start: date, end: date, accounts: dict[str, Any]
) -> pd.DataFrame:
    """Units per account x SKU and Monday week, filtered accounts."""
    return query(con, POSITION_WEEKLY, {"start": start, "end": end, **accounts})


def account_weekly(con: duckdb.DuckDBPyConnection, end: date) -> pd.DataFrame:
    """Units per account and Monday week up to `end`, every account (season and trend)."""
    return query(con, ACCOUNT_WEEKLY, {"end": end})


def position_units(
    con: duckdb.DuckDBPyConnection, start: date, end: date, accounts: dict[str, Any]
) -> pd.DataFrame:
    """Units per account x SKU sold between `start` and `end` inclusive, filtered accounts."""
    return query(con, POSITION_UNITS, {"start": start, "end": end, **accounts})


def positions(
    con: duckdb.DuckDBPyConnection, as_of: date, accounts: dict[str, Any]
) -> pd.DataFrame:
    """Stock per account x SKU at the last snapshot on or before `as_of`, with product data."""
    return query(con, POSITIONS, {"as_of": as_of, **accounts})


def supply(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    """Units per SKU available in our warehouse at the last supply date on or before `as_of`."""
    return query(con, SUPPLY, {"as_of": as_of})


def promotions(
    con: duckdb.DuckDBPyConnection, start: date, end: date, accounts: dict[str, Any]
) -> pd.DataFrame:
    """Promotions overlapping `start`..`end` for the filtered accounts (sku null: every SKU)."""
    return query(con, PROMOTIONS, {"start": start, "end": end, **accounts})


def account_revenue(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Revenue per account between `start` and `end`, every account, biggest first."""
    return query(con, ACCOUNT_REVENUE, {"start": start, "end": end})


ACCOUNT_DAILY_UNITS = """
select account_id, date, sum(quantity) as quantity
from sales
where date between $start and $end
group by all
order by account_id, date
"""


def account_daily_units(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Units per account and day between `start` and `end`, every account."""
    return query(con, ACCOUNT_DAILY_UNITS, {"start": start, "end": end})


STOCK_HISTORY = """
select date, on_hand + coalesce(in_transit, 0) as stock
from inventory
where account_id = $account_id and sku = $sku and date <= $as_of
order by date
"""


def stock_history(
    con: duckdb.DuckDBPyConnection, account_id: str, sku: str, as_of: date
) -> pd.DataFrame:
    """On hand + in transit of one account x SKU at each snapshot up to `as_of`."""
    return query(con, STOCK_HISTORY, {"account_id": account_id, "sku": sku, "as_of": as_of})


LAUNCHES = "select sku, launch_date from products where launch_date is not null"


def launches(con: duckdb.DuckDBPyConnection) -> dict[str, date]:
    """Launch date per SKU, where known."""
    rows = query(con, LAUNCHES)
    return {
        s: pd.Timestamp(d).date() for s, d in zip(rows["sku"], rows["launch_date"], strict=True)
    }
