"""Queries about promotions: the calendar, sales on the days around each one, the seasonal
shape and the weekday profiles.

`promotion_analysis` runs them and the pure rules (kam_core.promotions.measures) so pages cache one
result. Promotions of the accounts the sidebar filters keep; sales up to the as-of date.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.data.filters import Filters
from kam_core.promotions import baseline as promotion_baseline
from kam_core.promotions import measures as promotions
from kam_core.promotions.weekdays import weekday_profile
from kam_core.stock.seasonality import seasonal_index
from kam_core.store import frames, portfolio, query

CALENDAR = """
select p.promo_id, p.account_id, a.name, p.sku, p.start_date, p.end_date, p.discount_pct,
       p.cost, p.kind
from promotions p
join filtered_accounts($regions, $channels, $managers) a using (account_id)
order by p.start_date, p.account_id, p.promo_id
"""

# Sales in each chunk of each promotion's window (kam_core.promotions.baseline.chunks, registered
# as `promotion_chunks`): whole weeks from sales_weekly, single days from the lines of that day.
# Two joins per source rather than one on "sku is null or sku = ...": the SKU promotions then
# join on (account, SKU) equality, which keeps the hash join small.
CHUNK_SALES = """
with weeks as (
    select c.promo_id, c.first, w.quantity, w.revenue, w.cost, w.lines, w.costed_lines
    from promotion_chunks c
    join sales_weekly w on w.account_id = c.account_id and w.sku = c.sku and w.week = c.first
    where c.days = 7
    union all
    select c.promo_id, c.first, w.quantity, w.revenue, w.cost, w.lines, w.costed_lines
    from promotion_chunks c
    join sales_weekly w on w.account_id = c.account_id and w.week = c.first
    where c.days = 7 and c.sku is null
),
days as (
    select c.promo_id, c.first, s.quantity, s.revenue, s.cost, 1 as lines,
           (s.cost is not null)::int as costed_lines
    from promotion_chunks c
    join sales s on s.account_id = c.account_id and s.sku = c.sku and s.date = c.first
    -- The days' span as constants lets DuckDB skip the row groups of other dates.
    where c.days = 1 and s.date between $lo and $hi
    union all
    select c.promo_id, c.first, s.quantity, s.revenue, s.cost, 1 as lines,
           (s.cost is not null)::int as costed_lines
    from promotion_chunks c
    join sales s on s.account_id = c.account_id and s.date = c.first
    where c.days = 1 and c.sku is null and s.date between $lo and $hi
),
final as (
    select promo_id, first, sum(quantity) as quantity, sum(revenue) as revenue,
           sum(cost) as cost,
           -- Margin is unknown, not zero, when a line lacks a cost.
           sum(costed_lines) = sum(lines) as costed, sum(lines) as lines
    from (select * from weeks union all select * from days)
    group by all
)
select * from final order by promo_id, first
"""

# Units per account and weekday (0 = Monday) over the 52 weeks to the as-of date, leaving out
# the days of the account's promotions (their lift is not the weekday's): the units, the
# number of that weekday's days counted and the account's number of weeks with a sale, for
# the weekday profiles of the baselines.
WEEKDAY_UNITS = """
with promoted as (
    select distinct account_id,
           unnest(generate_series(greatest(start_date, $as_of::date - 363),
                                  least(end_date, $as_of::date), interval 1 day))::date as date
    from promotions
    where end_date > $as_of::date - 364 and start_date <= $as_of
),
left_out as (
    select account_id, isodow(date) - 1 as weekday, count(*) as days
    from promoted
    group by all
),
-- Each account's units per day first: the days to leave out then join a few rows, not lines.
daily as (
    select account_id, date, sum(quantity) as quantity
    from sales
    where date > $as_of::date - 364 and date <= $as_of
    group by all
),
recent as (
    select d.account_id, isodow(d.date) - 1 as weekday, d.quantity,
           date_trunc('week', d.date) as week
    from daily d
    anti join promoted p on p.account_id = d.account_id and p.date = d.date
),
final as (
    select r.account_id, r.weekday, sum(r.quantity) as quantity,
           52 - coalesce(any_value(l.days), 0) as days, any_value(w.weeks) as weeks
    from recent r
    join (select account_id, count(distinct week) as weeks from recent group by all) w
      using (account_id)
    left join left_out l using (account_id, weekday)
    group by all
)
select * from final order by account_id, weekday
"""

# The first day each promotion's account and SKUs sold (null if never, up to the as-of date).
FIRST_SALES = """
with firsts as (
    select account_id, sku, min(first_date) as first_sale
    from sales_weekly
    where week <= $as_of
    group by all
),
final as (
    select p.promo_id, min(f.first_sale) as first_sale
    from promotions p
    left join firsts f on f.account_id = p.account_id and (p.sku is null or f.sku = p.sku)
    group by all
)
select * from final
"""

# The whole portfolio's weekly units: the seasonal shape every baseline is adjusted by.
PORTFOLIO_WEEKS = """
select week, sum(quantity) as quantity, min(first_date) as first_date
from sales_weeks(date '1900-01-01', $as_of::date)
group by all
order by week
"""


# Products launched in the $months months up to the as-of date.
TRIAL_PRODUCTS = """
select sku, name as product, category, launch_date
from products
where launch_date > $as_of - to_months($months) and launch_date <= $as_of
order by launch_date, sku
"""

TRIAL_ORDERS = """
with trial as (
    select sku from products
    where launch_date > $as_of - to_months($months) and launch_date <= $as_of
),
final as (
    select s.sku, s.account_id, a.name, sum(s.quantity) as units, sum(s.revenue) as revenue,
           -- An order is an order_id, or a day of deliveries when the source has no ids.
           count(distinct coalesce(s.order_id, s.date::varchar)) as orders,
           min(s.date) as first_date, max(s.date) as last_date
    from sales s
    join trial t using (sku)
    join filtered_accounts($regions, $channels, $managers) a on a.account_id = s.account_id
    where s.date <= $as_of
    group by all
)
select * from final order by sku, units desc
"""

# Per trial SKU: units and account x SKU listings of its category's established products
# (launched before the trial window) over the same weeks, for the category benchmark.
TRIAL_CATEGORY = """
with trial as (
    select sku, category, launch_date from products
    where launch_date > $as_of - to_months($months) and launch_date <= $as_of
),
final as (
    select t.sku, sum(s.quantity) as units,
           count(distinct s.account_id || '|' || s.sku) as listings
    from trial t
    join products p
      on p.category = t.category
     and coalesce(p.launch_date, date '1900-01-01') <= $as_of - to_months($months)
    join sales s on s.sku = p.sku and s.date between t.launch_date and $as_of
    join filtered_accounts($regions, $channels, $managers) a on a.account_id = s.account_id
    -- Implied by the launch dates; a constant bound lets DuckDB skip the older row groups.
    where s.date > ($as_of - to_months($months))::date
    group by all
)
select * from final order by sku
"""

ACCOUNT_REVENUE_12M = """
with sold as (
    select account_id, sum(revenue) as revenue
    from sales_weeks(($as_of - interval 12 month + interval 1 day)::date, $as_of::date)
    group by all
)
select a.account_id, a.name, coalesce(s.revenue, 0) as revenue_12m
from filtered_accounts($regions, $channels, $managers) a
left join sold s using (account_id)
order by revenue_12m desc, a.account_id
"""


def calendar(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Every promotion of the filtered accounts, with the account's name."""
    return query(con, CALENDAR, filters.params())


def chunk_sales(con: duckdb.DuckDBPyConnection, chunks: pd.DataFrame) -> pd.DataFrame:
    """promo_id, first, quantity, revenue, cost, costed, lines: the sales of each chunk (promo_id,
    account_id, sku, first, days) in its promotion's scope; chunks without a sale are absent."""
    days = pd.to_datetime(chunks.loc[chunks["days"] == 1, "first"])
    lo, hi = (days.min().date(), days.max().date()) if len(days) else (None, None)
    con.register("promotion_chunks", chunks[["promo_id", "account_id", "sku", "first", "days"]])
    try:
        return query(con, CHUNK_SALES, {"lo": lo, "hi": hi})
    finally:
        con.unregister("promotion_chunks")


def weekday_units(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    """account_id, weekday (0 = Monday), quantity, days, weeks: the 52 weeks to as_of."""
    return query(con, WEEKDAY_UNITS, {"as_of": as_of})


def portfolio_weeks(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    """week (Monday), quantity, first_date: every account's units per week up to as_of."""
    return query(con, PORTFOLIO_WEEKS, {"as_of": as_of})


def trials(
    con: duckdb.DuckDBPyConnection, filters: Filters, months: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(products, orders, category, accounts): the inputs of kam_core.promotions.trials for products
    launched in the `months` months up to the as-of date (filters.end)."""
    params = {**filters.params(), "as_of": filters.end, "months": months}
    return (
        query(con, TRIAL_PRODUCTS, params),
        query(con, TRIAL_ORDERS, params),
        query(con, TRIAL_CATEGORY, params),
        query(con, ACCOUNT_REVENUE_12M, params),
    )


def season(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.Series:
    """The portfolio's seasonal index (week of year -> units / average week) up to as_of."""
    stored = frames.get_as_of(con, STORED_AS_OF, as_of, (STORED_SEASON,))
    if stored is None:
        return _season(portfolio_weeks(con, as_of))
    return stored[0].set_index("week")["season"].rename_axis(None)


def _season(portfolio: pd.DataFrame) -> pd.Series:
    return seasonal_index(portfolio.assign(week=pd.to_datetime(portfolio["week"])))


def measure(con: duckdb.DuckDBPyConnection, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, weeks) of every promotion measured with the sales up to `as_of`."""
    results, cells, _ = _measure(con, as_of)
    return results, cells


def _measure(
    con: duckdb.DuckDBPyConnection, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """measure(...) and the seasonal index it used."""
    plan = calendar(con, Filters(date(1900, 1, 1), as_of))
    portfolio = portfolio_weeks(con, as_of)
    # Without sales every promotion is unmeasured; the first day is then the as-of date.
    first_date = as_of if portfolio.empty else portfolio["first_date"].min().date()
    index = _season(portfolio)
    started = plan[pd.to_datetime(plan["start_date"]) <= pd.Timestamp(as_of)]
    chunks = promotion_baseline.chunks(promotion_baseline.windows(started, first_date, as_of))
    profile = weekday_profile(weekday_units(con, as_of))
    cells = promotion_baseline.daily_baseline(chunks, chunk_sales(con, chunks), index, profile)
    firsts = query(con, FIRST_SALES, {"as_of": as_of})
    plan = plan.merge(firsts, on="promo_id", how="left")
    return promotions.results(plan, cells, first_date, as_of), cells, index


# Every writer stores the promotions measured as of the last sale (the pages' default as-of
# date) and the seasonal index they used, so the pages read them; the as-of date is kept in
# `meta`.
STORED_MEASURES = ("promotion_results_stored", "promotion_cells_stored")
STORED_SEASON = "promotion_season_stored"
STORED = (*STORED_MEASURES, STORED_SEASON)
STORED_AS_OF = "promotions_as_of"


def measured_tables(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame]:
    """STORED's frames as of `as_of`, for the writers (store.derived)."""
    results, cells, index = _measure(con, as_of)
    weeks = index.rename_axis("week").reset_index()
    return {STORED_MEASURES[0]: results, STORED_MEASURES[1]: cells, STORED_SEASON: weeks}


def _measured(con: duckdb.DuckDBPyConnection, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    stored = frames.get_as_of(con, STORED_AS_OF, as_of, STORED_MEASURES)
    return measure(con, as_of) if stored is None else (stored[0], stored[1])


def promotion_analysis(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results, weeks): one row per promotion of the accounts `filters` keep, measured as of
    filters.end (kam_core.promotions.measures.results, with the account name), and the weekly
    actual-against-baseline cells behind them. A promotion's measure does not depend on the
    other accounts, so every promotion is measured and the filters pick the rows."""
    results, cells = _measured(con, filters.end)
    kept = portfolio.kept_accounts(con, filters)
    if kept is not None:
        results = results[results["account_id"].isin(kept)].reset_index(drop=True)
        cells = cells[cells["promo_id"].isin(results["promo_id"])].reset_index(drop=True)
    return results, cells


def promotion_results(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The `promotion_results` export view: every promotion measured as of a date."""
    last = as_of or pd.Timestamp(query(con, "select max(date) as d from sales")["d"][0]).date()
    results, _ = promotion_analysis(con, Filters(date(1900, 1, 1), last))
    return results[list(VIEW_COLUMNS)].round(ROUNDING)


ROUNDING = {"uplift_pct": 4, "roi": 4} | {
    c: 2
    for c in ("baseline_qty", "actual_qty", "incremental_qty", "post_dip_qty")
    + ("incremental_revenue", "incremental_margin", "cost")
}
VIEW_COLUMNS = (
    "promo_id",
    "account_id",
    "sku",
    "start_date",
    "end_date",
    "baseline_qty",
    "actual_qty",
    "incremental_qty",
    "uplift_pct",
    "post_dip_qty",
    "incremental_revenue",
    "incremental_margin",
    "cost",
    "roi",
    "measurable",
    "note",
)
