"""The forecast as of an origin date and its backtest, from the stock queries and pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core.promotions import baseline as promotion_baseline
from kam_core.promotions import measures as promotions
from kam_core.stock import backtest, forecast
from kam_core.stock.seasonality import seasonal_index
from kam_core.store import stock

LAST_YEAR = timedelta(days=364)  # same weeks (and weekdays) a year earlier
EVERY_ACCOUNT = {"regions": None, "channels": None, "managers": None}  # the filter macro's "all"


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
    """Per-account uplift of the measurable promotions whose measurement (through the days
    after the promotion) was complete by `origin`, within forecast.UPLIFT_LIMITS.
    """
    after = pd.Timedelta(days=promotion_baseline.DIP_DAYS) + pd.Timedelta(
        weeks=promotion_baseline.AFTER
    )
    done = pd.to_datetime(measured["end_date"]) + after <= pd.Timestamp(origin)
    return promotions.account_uplift(measured[done]).clip(*forecast.UPLIFT_LIMITS)


def forecast_at(
    con: duckdb.DuckDBPyConnection,
    weekly: pd.DataFrame,
    account_weekly: pd.DataFrame,
    measured: pd.DataFrame,
    origin: date,
    end: date,
) -> Forecast:
    """The forecast for every position from data up to `origin` only, for the days after it
    through `end`. `measured` is the promotions module's results (as of the plan's as-of date).
    """
    season = season_at(account_weekly, origin)
    known = weekly[weekly["week"] + pd.Timedelta(days=6) <= pd.Timestamp(origin)]
    past = stock.promotions(con, origin - timedelta(days=365), origin, EVERY_ACCOUNT)
    levels = forecast.base_levels(known, season, origin, past, stock.launches(con))
    growth = forecast.account_growth(account_weekly, origin)
    uplift = uplift_at(measured, origin)
    planned = stock.promotions(con, origin + timedelta(days=1), end, EVERY_ACCOUNT)
    daily = forecast.daily_forecast(
        levels, growth.to_dict(), season, origin, end, planned, uplift.to_dict()
    )
    return Forecast(levels, growth, uplift, daily)


def _per_account_day(units: pd.DataFrame, days: pd.DatetimeIndex, shift: timedelta) -> pd.Series:
    """Units per (account_id, date) of `days`, from rows dated `shift` earlier."""
    dated = units.assign(date=pd.to_datetime(units["date"]) + shift)
    return dated[dated["date"].isin(days)].set_index(["account_id", "date"])["quantity"]


def backtest_at(
    con: duckdb.DuckDBPyConnection,
    weekly: pd.DataFrame,
    account_weekly: pd.DataFrame,
    measured: pd.DataFrame,
    start: date,
    end: date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per position, per account and day): last year's peak `start`..`end` forecast from the
    day before it, against what sold and against the same days a year earlier (seasonal naive).
    """
    origin = start - timedelta(days=1)
    made = forecast_at(con, weekly, account_weekly, measured, origin, end)
    actual = stock.position_units(con, start, end, EVERY_ACCOUNT)
    naive = stock.position_units(con, start - LAST_YEAR, end - LAST_YEAR, EVERY_ACCOUNT)
    table = backtest.backtest_table(made.daily, actual, naive)
    days = pd.date_range(start, end, name="date")
    by_day = pd.concat(
        {
            "actual": _per_account_day(
                stock.account_daily_units(con, start, end), days, timedelta(0)
            ),
            "forecast": made.daily.groupby(["account_id", "date"])["demand"].sum(),
            "baseline_forecast": _per_account_day(
                stock.account_daily_units(con, start - LAST_YEAR, end - LAST_YEAR),
                days,
                LAST_YEAR,
            ),
        },
        axis=1,
    )
    accounts = by_day.index.get_level_values("account_id").unique().sort_values()
    grid = pd.MultiIndex.from_product([accounts, days], names=["account_id", "date"])
    return table, by_day.reindex(grid, fill_value=0.0).fillna(0.0).reset_index()
