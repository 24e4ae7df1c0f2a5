"""The forecast as of an origin date and its backtest, from the stock queries and pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core import backtest, forecast, promotion_baseline, promotions
from kam_core.filters import Filters
from kam_core.seasonality import seasonal_index
from kam_core.store import stock

LAST_YEAR = timedelta(days=364)  # same weeks (and weekdays) a year earlier


@dataclass(frozen=True)
class Forecast:
    levels: pd.DataFrame  # base_level, sigma_week per (account_id, sku)
    growth: pd.Series  # annual growth fraction per account
    uplift: pd.Series  # past promotion uplift fraction per account, within UPLIFT_LIMITS
    daily: pd.DataFrame  # forecast.daily_forecast's frame


def season_at(account_weekly: pd.DataFrame, origin: date) -> pd.Series:
    known = account_weekly[account_weekly["week"] <= pd.Timestamp(origin)]
    return seasonal_index(known.groupby("week", as_index=False)["quantity"].sum())


def uplift_at(measured: pd.DataFrame, origin: date) -> pd.Series:
    """Per-account uplift of the promotions whose measurement (through the weeks after the
    promotion) was complete by `origin`, within forecast.UPLIFT_LIMITS.
    """
    weeks = promotion_baseline.DIP_WEEKS + promotion_baseline.AFTER
    done = pd.to_datetime(measured["end_date"]) + pd.Timedelta(weeks=weeks) <= pd.Timestamp(origin)
    return promotions.account_uplift(measured[done]).clip(*forecast.UPLIFT_LIMITS)


def forecast_at(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    weekly: pd.DataFrame,
    account_weekly: pd.DataFrame,
    measured: pd.DataFrame,
    origin: date,
    end: date,
) -> Forecast:
    """The forecast from data up to `origin` only, for the days after it through `end`.

    `measured` is the promotions module's results (measured as of the plan's as-of date).
    """
    season = season_at(account_weekly, origin)
    known = weekly[weekly["week"] + pd.Timedelta(days=6) <= pd.Timestamp(origin)]
    accounts = filters.account_params()
    past = stock.promotions(con, origin - timedelta(days=365), origin, accounts)
    levels = forecast.base_levels(known, season, origin, past, stock.launches(con))
    growth = forecast.account_growth(account_weekly, origin)
    uplift = uplift_at(measured, origin)
    planned = stock.promotions(con, origin + timedelta(days=1), end, accounts)
    daily = forecast.daily_forecast(
        levels, growth.to_dict(), season, origin, end, planned, uplift.to_dict()
    )
    return Forecast(levels, growth, uplift, daily)


def backtest_at(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    weekly: pd.DataFrame,
    account_weekly: pd.DataFrame,
    measured: pd.DataFrame,
    start: date,
    end: date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    accounts = filters.account_params()
    origin = start - timedelta(days=1)
    made = forecast_at(con, filters, weekly, account_weekly, measured, origin, end)
    actual = stock.position_units(con, start, end, accounts)
    naive = stock.position_units(con, start - LAST_YEAR, end - LAST_YEAR, accounts)
    table = backtest.backtest_table(made.daily, actual, naive)
    sold = stock.daily_units(con, start, end, accounts).set_index("date")["quantity"]
    before = stock.daily_units(con, start - LAST_YEAR, end - LAST_YEAR, accounts)
    days = pd.date_range(start, end)
    daily = pd.DataFrame(
        {
            "date": days,
            "actual": sold.reindex(days, fill_value=0.0).to_numpy(),
            "forecast": made.daily.groupby("date")["demand"].sum().reindex(days, fill_value=0.0),
            "baseline_forecast": before.set_index(pd.to_datetime(before["date"]) + LAST_YEAR)[
                "quantity"
            ].reindex(days, fill_value=0.0),
        }
    )
    return table, daily.reset_index(drop=True)
