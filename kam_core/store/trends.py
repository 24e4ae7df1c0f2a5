"""Queries for sales trends, the 20/80 ranking and screening: monthly and windowed aggregates.

Margins come three ways: `gross_margin` is NULL when any line lacks a cost (the export rule);
`known_margin` and `revenue_with_cost` cover only the lines with a cost, for margin rates.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.filters import Filters
from kam_core.ranking import A_THRESHOLD, B_THRESHOLD, RANKING_COLUMNS, rank_accounts
from kam_core.screening import DEFAULT_WEIGHTS, SCREENING_COLUMNS, Weights, screen_windows
from kam_core.store import portfolio, query
from kam_core.windows import Windows

MONTHLY = """
with days as (
    -- one scan of both periods, summed per day first: the two periods are cut from this
    -- small table, so a period longer than a year still counts its overlap in both
    select date,
           sum(revenue) as revenue, sum(quantity) as quantity,
           sum(revenue - cost) as known_margin,
           sum(revenue) filter (where cost is not null) as revenue_with_cost
    from sales
    where date between $start_ly and $end
      and ($account is null or account_id = $account)
      and account_id in (select account_id from filtered_accounts($regions, $channels, $managers))
    group by date
), lines as (
    -- this period's days and last year's, each tagged with how many years ago it is
    select d.*, 0 as ago from days d where d.date between $start and $end
    union all
    select d.*, 1 as ago from days d where d.date between $start_ly and $end_ly
), final as (
    -- last year's days move forward a year so both sit on this year's month
    select cast(date_trunc('month', date + to_years(ago)) as date) as month,
           coalesce(sum(revenue) filter (where ago = 0), 0) as revenue,
           coalesce(sum(revenue) filter (where ago = 1), 0) as revenue_last_year,
           coalesce(sum(quantity) filter (where ago = 0), 0) as quantity,
           coalesce(sum(quantity) filter (where ago = 1), 0) as quantity_last_year,
           sum(known_margin) filter (where ago = 0) as known_margin,
           sum(revenue_with_cost) filter (where ago = 0) as revenue_with_cost,
           sum(known_margin) filter (where ago = 1) as known_margin_last_year,
           sum(revenue_with_cost) filter (where ago = 1) as revenue_with_cost_last_year
    from lines group by all
)
select * from final order by month
"""

SKU_CHANGES = """
with parts as (
    -- one scan of both periods; a line in both (a period over a year) counts in both
    select sku, date between $start and $end as this_period,
           date between $start_ly and $end_ly as last_period,
           sum(revenue) as revenue, sum(quantity) as quantity
    from sales
    where date between $start_ly and $end
      and ($account is null or account_id = $account)
      and account_id in (select account_id from filtered_accounts($regions, $channels, $managers))
    group by all
), final as (
    select l.sku, coalesce(p.category, 'Uncategorised') as category,
           coalesce(sum(l.revenue) filter (where this_period), 0) as revenue,
           coalesce(sum(l.quantity) filter (where this_period), 0) as quantity,
           coalesce(sum(l.revenue) filter (where last_period), 0) as revenue_ly,
           coalesce(sum(l.quantity) filter (where last_period), 0) as quantity_ly
    from parts l left join products p using (sku)
    where this_period or last_period
    group by all
)
select * from final order by sku
"""

# One date-range scan per window grouped by account alone (cheaper than FILTERed sums or
# grouping every line by window). Days of the scanned range in no window (between last year's
# period and this one, and the first day) still give their accounts a row, as they always have.
# The sidebar filter is a per-account one, so it joins the 150-row result.
ACCOUNT_TOTALS = """
with parts as (
    select account_id, 'period' as part, sum(revenue) as revenue,
           sum(revenue - cost) as known_margin,
           sum(revenue) filter (where cost is not null) as revenue_with_cost
    from sales where date between $start and $end group by account_id
    union all
    select account_id, 'period_ly', sum(revenue), sum(revenue - cost),
           sum(revenue) filter (where cost is not null)
    from sales where date between $start_ly and $end_ly group by account_id
    union all
    select account_id, '3m', sum(revenue), null, null
    from sales where date > $m3_after and date <= $end group by account_id
    union all
    select account_id, '3m_ly', sum(revenue), null, null
    from sales where date > $m3_after_ly and date <= $end_ly group by account_id
    union all
    select distinct account_id, 'no window', null, null, null
    from sales where date > $end_ly and date < $start and date <= $m3_after
    union all
    select distinct account_id, 'no window', null, null, null
    from sales where date = $m3_after_ly and date < $start_ly
), final as (
    select account_id,
           coalesce(sum(revenue) filter (where part = 'period'), 0) as revenue,
           coalesce(sum(revenue) filter (where part = 'period_ly'), 0) as revenue_ly,
           sum(known_margin) filter (where part = 'period') as known_margin,
           sum(revenue_with_cost) filter (where part = 'period') as revenue_with_cost,
           sum(known_margin) filter (where part = 'period_ly') as known_margin_ly,
           sum(revenue_with_cost) filter (where part = 'period_ly') as revenue_with_cost_ly,
           coalesce(sum(revenue) filter (where part = '3m'), 0) as revenue_3m,
           coalesce(sum(revenue) filter (where part = '3m_ly'), 0) as revenue_3m_ly
    from parts group by all
)
select f.account_id, a.name, f.* exclude (account_id)
from final f join filtered_accounts($regions, $channels, $managers) a using (account_id)
order by f.account_id
"""

# Three consecutive twelve-month windows ending at the as-of date ($end): 0, 1, 2 years ago.
# One date-range scan per window, grouped by account alone: cheaper than grouping every line by
# (account, window). The sidebar filter joins the aggregated rows, as in ACCOUNT_TOTALS.
ACCOUNT_WINDOWS = """
with final as (
    select account_id, 0 as years_ago, sum(revenue) as revenue,
           case when count(cost) = count(*) then sum(revenue) - sum(cost) end as gross_margin,
           coalesce(sum(revenue - cost), 0) as known_margin,
           coalesce(sum(revenue) filter (where cost is not null), 0) as revenue_with_cost
    from sales where date > $m12_after and date <= $end group by account_id
    union all
    select account_id, 1, sum(revenue),
           case when count(cost) = count(*) then sum(revenue) - sum(cost) end,
           coalesce(sum(revenue - cost), 0),
           coalesce(sum(revenue) filter (where cost is not null), 0)
    from sales where date > $m12_after_ly and date <= $m12_after group by account_id
    union all
    select account_id, 2, sum(revenue),
           case when count(cost) = count(*) then sum(revenue) - sum(cost) end,
           coalesce(sum(revenue - cost), 0),
           coalesce(sum(revenue) filter (where cost is not null), 0)
    from sales where date > $m12_after_ly2 and date <= $m12_after_ly group by account_id
)
-- No source in the data contract says what share of an account's purchases we hold yet.
select f.*, a.credit_rating, cast(null as double) as wallet_share
from final f join filtered_accounts($regions, $channels, $managers) a using (account_id)
order by f.years_ago, f.account_id
"""

MONTHLY_SALES = """
with monthly as (
    select account_id, cast(date_trunc('month', date) as date) as month,
           sum(revenue) as revenue, sum(quantity) as quantity,
           -- unknown, not zero, when any line of the month lacks a cost
           case when count(cost) = count(*) then sum(revenue) - sum(cost) end as gross_margin
    from sales
    where $as_of is null or date <= $as_of
    group by all
), final as (
    select m.account_id, m.month, m.revenue, m.quantity, m.gross_margin,
           ly.revenue as revenue_last_year,
           case when ly.revenue <> 0 then m.revenue / ly.revenue - 1 end as yoy_growth
    from monthly m
    left join monthly ly
        on ly.account_id = m.account_id and ly.month = m.month - interval 1 year
)
select * from final order by account_id, month
"""

PROMOTIONS = """
select p.promo_id, p.sku, p.kind, p.discount_pct, p.start_date, p.end_date
from promotions p
where p.account_id = $account and p.start_date <= $end and p.end_date >= $start
order by p.start_date, p.promo_id
"""

EVENTS = """
select e.date, e.kind, e.note from events e
where e.account_id = $account and e.date between $start and $end
order by e.date
"""


def _params(filters: Filters, account: str | None = None) -> dict[str, object]:
    return {**filters.params(), **Windows(filters.start, filters.end).params(), "account": account}


def monthly(
    con: duckdb.DuckDBPyConnection, filters: Filters, account: str | None = None
) -> pd.DataFrame:
    """Per month of the period: revenue, quantity and margin beside the same month last year."""
    return query(con, MONTHLY, _params(filters, account))


def sku_changes(
    con: duckdb.DuckDBPyConnection, filters: Filters, account: str | None = None
) -> pd.DataFrame:
    """Per SKU (with category): revenue and quantity in the period and the same period last year."""
    return query(con, SKU_CHANGES, _params(filters, account))


def account_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per account: period and last-year revenue and margin, trailing three months and LY."""
    return query(con, ACCOUNT_TOTALS, _params(filters))


def account_windows(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per account and twelve-month window (0 = to the as-of date, 1, 2 = years before)."""
    return query(con, ACCOUNT_WINDOWS, _params(filters))


def ranking(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """The 20/80 ranking of the twelve months to filters.end (see kam_core.ranking), with the
    margin rate on the lines with a known cost (`margin_rate`, fraction) for display."""
    window = account_windows(con, filters).query("years_ago == 0")
    totals = window.rename(columns={"revenue": "revenue_12m", "gross_margin": "margin_12m"})
    costed = window["revenue_with_cost"].where(window["revenue_with_cost"] > 0)
    rates = window.assign(margin_rate=window["known_margin"] / costed)
    return rank_accounts(totals, a, b).merge(
        rates[["account_id", "margin_rate"]], on="account_id", how="left"
    )


def screening(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    weights: Weights = DEFAULT_WEIGHTS,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """Score, proposed and previous tier per account as of filters.end (see kam_core.screening)."""
    return screen_windows(account_windows(con, filters), weights, a, b)


def promotions(
    con: duckdb.DuckDBPyConnection, account: str, start: date, end: date
) -> pd.DataFrame:
    """The account's promotions overlapping start..end."""
    return query(con, PROMOTIONS, {"account": account, "start": start, "end": end})


def events(con: duckdb.DuckDBPyConnection, account: str, start: date, end: date) -> pd.DataFrame:
    """The account's events (anniversaries, openings) in start..end."""
    return query(con, EVENTS, {"account": account, "start": start, "end": end})


def _as_of_filters(con: duckdb.DuckDBPyConnection, as_of: date | None) -> Filters | None:
    """Whole-portfolio filters ending at `as_of` (default: last sales date); None: no sales."""
    bounds = portfolio.sales_dates(con)
    if bounds is None:
        return None
    end = as_of or bounds[1]
    return Filters(end, end)


def monthly_sales_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `monthly_sales`: one row per account and month with sales, up to `as_of`."""
    return query(con, MONTHLY_SALES, {"as_of": as_of})


def ranking_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `account_ranking` for the twelve months to `as_of` (default: last sale)."""
    filters = _as_of_filters(con, as_of)
    return (
        ranking(con, filters)[RANKING_COLUMNS] if filters else pd.DataFrame(columns=RANKING_COLUMNS)
    )


def screening_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `account_screening` with the default weights (see kam_core.screening)."""
    filters = _as_of_filters(con, as_of)
    if filters is None:
        return pd.DataFrame(columns=SCREENING_COLUMNS)
    return screening(con, filters)[SCREENING_COLUMNS]
