"""Demand forecast per account x SKU and day: base level x trend x season x promotion uplift.

Inputs are weekly sales frames (`week` = Monday of the week): per position (account_id, sku,
week, quantity) and per account (account_id, week, quantity); promotions (account_id, sku,
start_date, end_date) mark the weeks a position was on promotion.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd

from kam_core.stock.seasonality import week_of_year

LEVEL_WEEKS = 26  # recent weeks that set a position's base level
GROWTH_LIMITS = (-0.5, 1.0)  # an account's annual trend is clipped to -50% .. +100%
UPLIFT_LIMITS = (0.0, 3.0)  # a promotion never lowers the forecast; above +300% is noise
POSITION = ["account_id", "sku"]


def full_weeks(origin: date, count: int) -> pd.DatetimeIndex:
    """Mondays of the last `count` complete Monday-Sunday weeks ending on or before `origin`."""
    last = origin - timedelta(days=(origin.weekday() + 1) % 7 + 6)
    return pd.date_range(end=pd.Timestamp(last), periods=count, freq="7D")


def _season_of(season: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """The seasonal index (by week of year) of each day or week."""
    return season.reindex(week_of_year(pd.Series(days)).to_numpy()).fillna(1.0).to_numpy()


def _matrix(weekly: pd.DataFrame, weeks: pd.DatetimeIndex) -> pd.DataFrame:
    """Positions (all of `weekly`) x weeks of units sold, zero where a week had no sales."""
    # Positions numbered in order of first appearance (as drop_duplicates lists them).
    accounts, account_ids = pd.factorize(weekly["account_id"], use_na_sentinel=False)
    skus, sku_ids = pd.factorize(weekly["sku"], use_na_sentinel=False)
    row, pairs = pd.factorize(accounts.astype(np.int64) * len(sku_ids) + skus)
    positions = pd.MultiIndex.from_arrays(
        [account_ids[pairs // len(sku_ids)], sku_ids[pairs % len(sku_ids)]], names=POSITION
    )
    col = weeks.get_indexer(pd.DatetimeIndex(weekly["week"]))
    used = col >= 0
    units = np.zeros((len(positions), len(weeks)))
    quantity = np.nan_to_num(weekly["quantity"].to_numpy(dtype=float))
    np.add.at(units, (row[used], col[used]), quantity[used])
    return pd.DataFrame(units, index=positions, columns=weeks)


def promoted(
    positions: pd.MultiIndex, starts: pd.DatetimeIndex, days: int, promotions: pd.DataFrame
) -> np.ndarray:
    """Positions x periods mask: a promotion of the position overlaps the `days`-long period.

    `promotions` has account_id, sku (null: every SKU of the account), start_date, end_date.
    """
    rows = pd.DataFrame(
        {
            "account_id": positions.get_level_values("account_id"),
            "sku": positions.get_level_values("sku"),
            "row": np.arange(len(positions)),
        }
    )
    # Each (position, promotion) pair on the same account, kept where the SKU matches.
    plan = promotions[["account_id", "sku", "start_date", "end_date"]].reset_index(drop=True)
    pairs = rows.merge(plan.assign(promo=np.arange(len(plan))), on="account_id")
    pairs = pairs[pairs["sku_y"].isna() | (pairs["sku_x"] == pairs["sku_y"])]
    ends = starts + pd.Timedelta(days=days - 1)
    first = pd.to_datetime(plan["start_date"]).to_numpy()[:, None]
    last = pd.to_datetime(plan["end_date"]).to_numpy()[:, None]
    touched = (starts.to_numpy()[None, :] <= last) & (ends.to_numpy()[None, :] >= first)
    mask = np.zeros((len(positions), len(starts)), dtype=bool)
    np.logical_or.at(mask, pairs["row"].to_numpy(), touched[pairs["promo"].to_numpy()])
    return mask


def _clean_weeks(
    weekly: pd.DataFrame,
    weeks: pd.DatetimeIndex,
    promotions: pd.DataFrame,
    launches: Mapping[str, date],
) -> tuple[pd.DataFrame, np.ndarray]:
    """Units matrix and a mask of the weeks without a promotion, from the SKU's launch week.

    The launch date, not the first sale, starts the count: a slow seller's first sale comes
    late by chance, and counting from it would overstate its level.
    """
    units = _matrix(weekly, weeks)
    promo = promoted(units.index, weeks, 7, promotions)
    skus = units.index.get_level_values("sku")
    launched = pd.to_datetime([launches.get(s) for s in skus]) - pd.Timedelta(days=6)
    active = weeks.to_numpy()[None, :] >= launched.fillna(weeks[0]).to_numpy()[:, None]
    return units, active & ~promo


def base_levels(
    weekly: pd.DataFrame,
    season: pd.Series,
    origin: date,
    promotions: pd.DataFrame,
    launches: Mapping[str, date],
    level_weeks: int = LEVEL_WEEKS,
) -> pd.DataFrame:
    """Per position: base_level (units/week at season index 1) and sigma_week (units/week error).

    Deseasonalised mean of the recent weeks without a promotion since launch (`launches`: sku
    -> launch date; unknown: always sold); sigma is the spread of
    those weeks around level x season.
    """
    weeks = full_weeks(origin, level_weeks)
    units, used = _clean_weeks(weekly, weeks, promotions, launches)
    q = units.to_numpy()
    s = np.broadcast_to(_season_of(season, weeks), q.shape)
    weight = (s * used).sum(axis=1)
    level = np.divide((q * used).sum(axis=1), weight, out=np.zeros(len(q)), where=weight > 0)
    residual = (q - level[:, None] * s) * used
    n = used.sum(axis=1)
    sigma = np.sqrt((residual**2).sum(axis=1) / np.maximum(n - 1, 1))
    return pd.DataFrame({"base_level": level, "sigma_week": sigma}, index=units.index)


def account_growth(account_weekly: pd.DataFrame, origin: date) -> pd.Series:
    """Annual growth fraction per account: units of the last 52 full weeks vs the 52 before."""
    weeks = full_weeks(origin, 104)
    recent = account_weekly["week"].isin(weeks[52:])
    prior = account_weekly["week"].isin(weeks[:52])
    units = account_weekly.assign(recent=recent * account_weekly["quantity"])
    units = units.assign(prior=prior * units["quantity"]).groupby("account_id")[["recent", "prior"]]
    totals = units.sum()
    growth = (totals["recent"] / totals["prior"].where(totals["prior"] > 0) - 1).fillna(0.0)
    return growth.clip(*GROWTH_LIMITS).rename("growth")


def daily_forecast(
    levels: pd.DataFrame,
    growth: Mapping[str, float],
    season: pd.Series,
    origin: date,
    end: date,
    promotions: pd.DataFrame,
    uplift: Mapping[str, float],
    level_weeks: int = LEVEL_WEEKS,
) -> pd.DataFrame:
    """Units per position and day after `origin` through `end`, with its components.

    Columns: account_id, sku, date, base (units/day at season 1), trend (factor from the
    account's growth, counted from the middle of the level window), season (index), promo
    (1 + the account's past uplift fraction on days of a planned promotion, else 1; accounts
    without measured promotions get none), demand (their product).
    `promotions` has account_id, sku (null: every SKU), start_date, end_date.
    """
    days = pd.date_range(origin + timedelta(days=1), end)
    accounts = levels.index.get_level_values("account_id")
    skus = levels.index.get_level_values("sku")
    centre = pd.Timestamp(origin) - pd.Timedelta(days=level_weeks * 7 / 2)
    years = ((days - centre).days / 365.25).to_numpy()
    rate = 1 + np.array([growth.get(a, 0.0) for a in accounts])
    trend = rate[:, None] ** years[None, :]
    seasonal = _season_of(season, days)
    lift = 1 + np.array([uplift.get(a, 0.0) for a in accounts])
    promo = np.where(promoted(levels.index, days, 1, promotions), lift[:, None], 1.0)
    base = np.repeat(levels["base_level"].to_numpy() / 7, len(days))
    return pd.DataFrame(
        {
            "account_id": np.repeat(accounts, len(days)),
            "sku": np.repeat(skus, len(days)),
            "date": np.tile(days, len(levels)),
            "base": base,
            "trend": trend.ravel(),
            "season": np.tile(seasonal, len(levels)),
            "promo": promo.ravel(),
        }
    ).assign(demand=lambda f: f["base"] * f["trend"] * f["season"] * f["promo"])
