"""Queries for sales trends, the 20/80 ranking and screening: monthly and windowed aggregates.

Margins come three ways: `gross_margin` is NULL when any line lacks a cost (the export rule);
`known_margin` and `revenue_with_cost` cover only the lines with a cost, for margin rates.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.accounts.ranking import A_THRESHOLD, B_THRESHOLD, RANKING_COLUMNS, rank_accounts
from kam_core.accounts.screening import DEFAULT_WEIGHTS, SCREENING_COLUMNS, Weights, screen_windows
from kam_core.accounts.windows import Windows
from kam_core.data.filters import Filters
from kam_core.store import frames, portfolio, query

# One read of the daily rows (sales_daily: per account and day, exact for any dates), summed
# per day over the filtered accounts; a day in both periods (a period over a year) counts in both.
MONTHLY = """
with days as (
    select date, sum(revenue) as revenue, sum(quantity) as quantity,
           sum(known_margin) as known_margin, sum(revenue_with_cost) as revenue_with_cost
    from sales_daily
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

# One read of the daily rows (sales_daily) from the first day of any window to the period's
# end; each window is a filter of it. Days of that range in no window (between last year's
# period and this one, and the first day) still give their accounts a row, as they always have.
# The sidebar filter is a per-account one, so it joins the 150-row result.
ACCOUNT_TOTALS = """
with final as (
    select account_id,
           coalesce(sum(revenue) filter (where date between $start and $end), 0) as revenue,
           coalesce(sum(revenue) filter (where date between $start_ly and $end_ly), 0)
               as revenue_ly,
           sum(known_margin) filter (where date between $start and $end) as known_margin,
           sum(revenue_with_cost) filter (where date between $start and $end)
               as revenue_with_cost,
           sum(known_margin) filter (where date between $start_ly and $end_ly)
               as known_margin_ly,
           sum(revenue_with_cost) filter (where date between $start_ly and $end_ly)
               as revenue_with_cost_ly,
           coalesce(sum(revenue) filter (where date > $m3_after and date <= $end), 0)
               as revenue_3m,
           coalesce(sum(revenue) filter (where date > $m3_after_ly and date <= $end_ly), 0)
               as revenue_3m_ly
    from sales_daily
    where date between least($start_ly, $m3_after_ly) and $end
    group by account_id
)
select f.account_id, a.name, f.* exclude (account_id)
from final f join filtered_accounts($regions, $channels, $managers) a using (account_id)
order by f.account_id
"""

# Three consecutive twelve-month windows ending at the as-of date ($end): 0, 1, 2 years ago,
# each (after, end], read from the weekly rows (sales_weeks). The gross margin is
# unknown (NULL) when any line of the window lacks a cost: costed lines fewer than lines.
ACCOUNT_WINDOWS = """
with windows as (
    select 0 as years_ago, w.* from sales_weeks($m12_after + 1, $end) w
    union all
    select 1, w.* from sales_weeks($m12_after_ly + 1, $m12_after) w
    union all
    select 2, w.* from sales_weeks($m12_after_ly2 + 1, $m12_after_ly) w
), final as (
    select account_id, years_ago, sum(revenue) as revenue,
           case when sum(costed_lines) = sum(lines) then sum(revenue) - sum(cost) end
               as gross_margin,
           coalesce(sum(known_margin), 0) as known_margin,
           coalesce(sum(revenue_with_cost), 0) as revenue_with_cost
    from windows group by all
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
select p.promo_id, p.sku, pr.name as product, p.kind, p.discount_pct, p.start_date, p.end_date
from promotions p
left join products pr on pr.sku = p.sku
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
    """Per account and twelve-month window (0 = to the as-of date, 1, 2 = years before), for
    the accounts `filters` keep: read from the file when a writer stored them for that date."""
    stored = frames.get_as_of(con, WINDOWS_AS_OF, filters.end, (WINDOWS_STORED,))
    if stored is None:
        return query(con, ACCOUNT_WINDOWS, _params(filters))
    kept = portfolio.kept_accounts(con, filters)
    rows = stored[0]
    # The filters join the per-account rows (ACCOUNT_WINDOWS), so keeping rows is the same.
    return rows if kept is None else rows[rows["account_id"].isin(kept)].reset_index(drop=True)


# Every writer stores the windows as of the last sale (the pages' default as-of date): the
# ranking, the screening and the brief's tier read them.
WINDOWS_STORED = "account_windows_stored"
WINDOWS_AS_OF = "windows_as_of"


def windows_tables(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame]:
    """Every account's windows as of `as_of`, for the writers (store.derived)."""
    return {WINDOWS_STORED: query(con, ACCOUNT_WINDOWS, _params(Filters(as_of, as_of)))}


def ranking(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    a: float = A_THRESHOLD,
    b: float = B_THRESHOLD,
) -> pd.DataFrame:
    """The 20/80 ranking of the twelve months to filters.end (kam_core.accounts.ranking), with the
    margin rate on the lines with a known cost (`margin_rate`, fraction) for display."""
    return ranked(account_windows(con, filters), a, b)


def ranked(windows: pd.DataFrame, a: float = A_THRESHOLD, b: float = B_THRESHOLD) -> pd.DataFrame:
    """`ranking` from account_windows' rows, for callers that screen the same windows too."""
    window = windows.query("years_ago == 0")
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
    """Score, proposed and previous tier per account as of filters.end (accounts.screening)."""
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
    """Export view `account_screening` with the default weights (accounts.screening)."""
    filters = _as_of_filters(con, as_of)
    if filters is None:
        return pd.DataFrame(columns=SCREENING_COLUMNS)
    return screening(con, filters)[SCREENING_COLUMNS]
