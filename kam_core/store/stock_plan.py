"""The peak-season stock plan as of a date: forecast, risk, proposals, allocation, backtest.

Runs the stock queries and the pure rules in one cacheable call, so the page and the export
views show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core import allocation, backtest, forecast, peak_season, ranking, stock_risk
from kam_core.filters import Filters
from kam_core.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.store import stock, stock_forecast
from kam_core.store.db import StoreError
from kam_core.store.promotions import promotion_analysis, season

# Weekly sales read per position: the level window before last year's peak, through as-of.
HISTORY_DAYS = 365 + 31 + 7 * forecast.LEVEL_WEEKS + 14
EVERYONE = Filters(date(1900, 1, 1), date(2999, 12, 31))  # the default plan: every account


AT_RISK_COLUMNS = [
    "account",
    "tier",
    "sku",
    "product",
    "on_hand",
    "in_transit",
    "forecast_demand",
    "days_of_cover",
    "stockout_date",
    "shortfall_qty",
    "stockout_probability",
    "risk",
    "suggested_order_qty",
    "allocated_qty",
]
ORDER_COLUMNS = [
    "account_id",
    "account",
    "tier",
    "sku",
    "product",
    "case_pack",
    "suggested_order_qty",
    "allocated_qty",
    "short_qty",
]


@dataclass(frozen=True)
class StockPlan:
    as_of: date
    peak_months: tuple[int, ...]
    detected_months: tuple[int, ...]
    monthly_index: pd.Series  # seasonal index per month 1..12
    peak_start: date
    peak_end: date
    risk: pd.DataFrame  # stock_risk.assess columns + names, tier, components, allocation
    demand: pd.DataFrame  # units/day: (account_id, sku) x dates of the horizon
    backtest: pd.DataFrame  # account_id, sku, actual, forecast, baseline_forecast
    accuracy: pd.DataFrame  # method, wape, bias
    backtest_daily: pd.DataFrame  # date, actual, forecast, baseline_forecast (all positions)

    def at_risk(self) -> pd.DataFrame:
        """Positions at high or medium risk, key accounts first, then the fewest days of cover."""
        return self.risk.loc[self.risk["risk"] != "low", AT_RISK_COLUMNS]

    def worst_first(self) -> pd.DataFrame:
        """Every position, high risk first, then the most revenue at risk."""
        rank = self.risk["risk"].map({"high": 0, "medium": 1, "low": 2})
        return self.risk.assign(rank=rank).sort_values(
            ["rank", "revenue_at_risk"], ascending=[True, False]
        )

    def orders(self) -> pd.DataFrame:
        """The order proposals (suggested quantity > 0) with what the allocation gives."""
        return self.risk.loc[self.risk["suggested_order_qty"] > 0, ORDER_COLUMNS]

    def short_orders(self) -> pd.DataFrame:
        """Order proposals of the SKUs our warehouse cannot serve in full, by SKU and tier."""
        orders = self.orders()
        short = orders.groupby("sku")["short_qty"].transform("sum") > 0
        return orders[short].sort_values(["sku", "tier", "account_id"])


def _lists(filters: Filters) -> tuple[tuple[str, ...], ...]:
    return filters.regions, filters.channels, filters.managers


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
    filters: Filters,
) -> _Risk:
    snapshots = stock.snapshot_dates(con)
    if not snapshots:
        raise StoreError("no inventory snapshots: import the inventory table first")
    as_of = as_of or snapshots[-1]
    account_weekly = _account_weekly(con, as_of)
    monthly, detected = _profile(account_weekly, as_of)
    chosen = tuple(months or detected)
    start, end = peak_season.peak_window(as_of, chosen)
    accounts = filters.account_params()
    weekly = stock.position_weekly(con, as_of - timedelta(days=HISTORY_DAYS), as_of, accounts)
    weekly["week"] = pd.to_datetime(weekly["week"])
    measured, _ = promotion_analysis(con, Filters(date(1900, 1, 1), as_of, *_lists(filters)))
    made = stock_forecast.forecast_at(con, filters, weekly, account_weekly, measured, as_of, end)
    positions = stock.positions(con, as_of, accounts)
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
    return _Risk(
        as_of, chosen, detected, monthly, start, end, risk, demand, weekly, account_weekly, measured
    )


def projection(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> tuple[date, pd.DataFrame, pd.DataFrame]:
    """(as_of, risk, demand) of the default plan's projection (last snapshot, detected peak,
    default service level) without its allocation and backtest; `risk` is not allocated."""
    made = _risk(con, None, None, DEFAULT_SERVICE_LEVEL, filters)
    return made.as_of, made.risk, made.demand


def _allocated(con: duckdb.DuckDBPyConnection, made: _Risk) -> pd.DataFrame:
    """The risk table with what the warehouse's supply at the as-of date gives each proposal."""
    supply = stock.supply(con, made.as_of).set_index("sku")["available"]
    risk = made.risk.assign(requested=made.risk["suggested_order_qty"])
    return allocation.allocate(risk, supply).drop(columns="requested")


def stock_plan(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None,
    months: tuple[int, ...] | None,
    service_level: float,
    filters: Filters,
) -> StockPlan:
    """The plan as of `as_of` (None: the last snapshot) for the peak `months` (None: detected)."""
    made = _risk(con, as_of, months, service_level, filters)
    # Last year's peak: from the first day of the coming peak's first month, a year earlier.
    opening = made.peak_start.replace(day=1)
    last_start, last_end = peak_season.peak_window(
        opening.replace(year=opening.year - 1) - timedelta(days=1), made.peak_months
    )
    table, daily = stock_forecast.backtest_at(
        con, filters, made.weekly, made.account_weekly, made.measured, last_start, last_end
    )
    return StockPlan(
        made.as_of,
        made.peak_months,
        made.detected_months,
        made.monthly_index,
        made.peak_start,
        made.peak_end,
        _allocated(con, made),
        made.demand,
        table,
        backtest.accuracy(table),
        daily,
    )


def default_plan(con: duckdb.DuckDBPyConnection, as_of: date | None) -> StockPlan:
    """The plan every account, detected peak, default service level (for the export views)."""
    return stock_plan(con, as_of, None, DEFAULT_SERVICE_LEVEL, EVERYONE)


def default_risk(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """default_plan(...).risk without the backtest, for callers that only read the risk."""
    return _allocated(con, _risk(con, as_of, None, DEFAULT_SERVICE_LEVEL, EVERYONE))


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
