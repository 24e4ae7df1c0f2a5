"""The peak-season stock plan as of a date: forecast, risk, proposals, allocation, backtest.

Runs the stock queries and the pure rules in one cacheable call, so the page and the export
views show the same numbers. The plan is made for every account (kam_core.stock.plan says why)
and the sidebar filters pick its rows. Every writer stores the default plan (last snapshot,
detected peak, default service level) in the file (store.stored_plan), so the pages read it;
other choices are computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core.accounts import ranking
from kam_core.data.filters import Filters
from kam_core.stock import allocation, forecast, peak_season
from kam_core.stock import risk as stock_risk
from kam_core.stock.plan import StockPlan, horizon
from kam_core.stock.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.store import portfolio, stock, stock_forecast, stored_plan
from kam_core.store.files import StoreError
from kam_core.store.promotions import promotion_analysis, season
from kam_core.store.stock_forecast import EVERY_ACCOUNT

# Weekly sales read per position: the level window before last year's peak, through as-of.
HISTORY_DAYS = 365 + 31 + 7 * forecast.LEVEL_WEEKS + 14
EVERYONE = Filters(date(1900, 1, 1), date(2999, 12, 31))  # the default plan: every account


def _tiers(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.Series:
    """ABC class per account by revenue in the twelve months to `as_of` (every account)."""
    revenue = stock.account_revenue(con, as_of - timedelta(days=365) + timedelta(days=1), as_of)
    return ranking.abc_classes(revenue.set_index("account_id")["revenue"])["abc_class"]


def season_profile(
    con: duckdb.DuckDBPyConnection, as_of: date
) -> tuple[pd.Series, tuple[int, ...]]:
    """Seasonal index per month from sales up to `as_of`, and the peak months it shows."""
    # The portfolio's weekly units (one row per week) give the same index as summing
    # account_weekly per week, without grouping every line by account.
    monthly = peak_season.monthly_index(season(con, as_of))
    return monthly, peak_season.peak_months(monthly)


def _account_weekly(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    weekly = stock.account_weekly(con, as_of)
    return weekly.assign(week=pd.to_datetime(weekly["week"]))


def _profile(account_weekly: pd.DataFrame, as_of: date) -> tuple[pd.Series, tuple[int, ...]]:
    monthly = peak_season.monthly_index(stock_forecast.season_at(account_weekly, as_of))
    return monthly, peak_season.peak_months(monthly)


@dataclass(frozen=True)
class _Risk:
    """The forecast and the risk per position: what the plan computes before the backtest."""

    as_of: date
    peak_months: tuple[int, ...]
    detected_months: tuple[int, ...]
    monthly_index: pd.Series
    peak_start: date
    peak_end: date
    risk: pd.DataFrame  # stock_risk.assess + names, tier, components; sorted, not allocated
    demand: pd.DataFrame
    weekly: pd.DataFrame
    account_weekly: pd.DataFrame
    measured: pd.DataFrame


def _risk(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
) -> _Risk:
    snapshots = stock.snapshot_dates(con)
    if not snapshots:
        raise StoreError("no inventory snapshots: import the inventory table first")
    as_of = as_of or snapshots[-1]
    account_weekly = _account_weekly(con, as_of)
    monthly, detected = _profile(account_weekly, as_of)
    chosen = tuple(months or detected)
    if not chosen:
        raise StoreError(peak_season.no_peak(as_of))
    start, end = peak_season.peak_window(as_of, chosen)
    weekly = stock.position_weekly(con, as_of - timedelta(days=HISTORY_DAYS), as_of, EVERY_ACCOUNT)
    weekly["week"] = pd.to_datetime(weekly["week"])
    measured, _ = promotion_analysis(con, Filters(date(1900, 1, 1), as_of))
    made = stock_forecast.forecast_at(con, weekly, account_weekly, measured, as_of, end)
    positions = stock.positions(con, as_of, EVERY_ACCOUNT)
    sigma = made.levels["sigma_week"]
    risk = stock_risk.assess(positions, made.daily, sigma, as_of, end, service_level)
    tiers = _tiers(con, as_of)
    risk = risk.assign(
        tier=risk["account_id"].map(tiers).fillna("C"),
        base_level=made.levels["base_level"]
        .reindex(pd.MultiIndex.from_frame(risk[["account_id", "sku"]]))
        .fillna(0.0)
        .to_numpy(),
        growth=risk["account_id"].map(made.growth).fillna(0.0),
        uplift=risk["account_id"].map(made.uplift).fillna(0.0),
    )
    risk = risk.assign(position=risk["account"] + " (" + risk["tier"] + ") · " + risk["sku"])
    risk = risk.sort_values(["tier", "days_of_cover", "account_id"], na_position="last")
    demand = made.daily.pivot(index=["account_id", "sku"], columns="date", values="demand")
    demand = demand.reindex(columns=horizon(as_of, end), fill_value=0.0)
    return _Risk(
        as_of, chosen, detected, monthly, start, end, risk, demand, weekly, account_weekly, measured
    )


def _allocated(con: duckdb.DuckDBPyConnection, made: _Risk) -> pd.DataFrame:
    """The risk table with what the warehouse's supply at the as-of date gives each proposal."""
    supply = stock.supply(con, made.as_of).set_index("sku")["available"]
    risk = made.risk.assign(requested=made.risk["suggested_order_qty"])
    allocated = allocation.allocate(risk, supply).drop(columns="requested")
    return allocated.reset_index(drop=True)


def compute_plan(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
) -> StockPlan:
    """The plan for every account as of `as_of` (None: the last snapshot) for the peak `months`
    (None: detected), computed from the tables."""
    made = _risk(con, as_of, months, service_level)
    # Last year's peak: from the first day of the coming peak's first month, a year earlier.
    opening = made.peak_start.replace(day=1)
    last_start, last_end = peak_season.peak_window(
        opening.replace(year=opening.year - 1) - timedelta(days=1), made.peak_months
    )
    table, by_account = stock_forecast.backtest_at(
        con, made.weekly, made.account_weekly, made.measured, last_start, last_end
    )
    return StockPlan(
        made.as_of,
        made.peak_months,
        made.detected_months,
        made.monthly_index,
        made.peak_start,
        made.peak_end,
        service_level,
        _allocated(con, made),
        made.demand,
        table,
        by_account,
    )


def stock_plan(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
    filters: Filters,
) -> StockPlan:
    """The plan as of `as_of` (None: the last snapshot) for the peak `months` (None: detected),
    rows of the accounts `filters` keep: the stored default plan when it is the one asked for."""
    plan = stored_plan.load(con, as_of, months, service_level)
    if plan is None:
        plan = compute_plan(con, as_of, months, service_level)
    return plan.for_accounts(portfolio.kept_accounts(con, filters))


def default_plan(con: duckdb.DuckDBPyConnection, as_of: date | None) -> StockPlan:
    """The plan every account, detected peak, default service level (for the export views)."""
    return stock_plan(con, as_of, None, DEFAULT_SERVICE_LEVEL, EVERYONE)


def default_risk(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """default_plan(...).risk: every position's risk, for callers that read nothing else."""
    stored = stored_plan.risk(con, as_of)
    return default_plan(con, as_of).risk if stored is None else stored


STOCK_RISK_COLUMNS = [
    "account_id",
    "sku",
    "on_hand",
    "in_transit",
    "forecast_demand",
    "avg_daily_demand",
    "days_of_cover",
    "stockout_date",
    "shortfall_qty",
    "stockout_probability",
    "risk",
    "suggested_order_qty",
    "allocated_qty",
]


def stock_risk_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The `stock_risk` export view: one row per stock position at the as-of snapshot."""
    return default_risk(con, as_of)[STOCK_RISK_COLUMNS].round(3)


def forecast_backtest_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The `forecast_backtest` export view: last year's peak per position, units."""
    return default_plan(con, as_of).backtest.round(3)
