"""A promotion's weeks against its seasonal baseline: promotion weeks, dip weeks, clean weeks.

Weeks run Monday-Sunday. A promotion's weeks are those its dates touch; the `DIP_WEEKS`
after its end are its dip window; the baseline comes from the clean weeks (no promotion
and no dip of any promotion sharing the account and SKUs) among the `BEFORE` weeks before
and the `AFTER` weeks after the dip window, deseasonalised, averaged and re-seasonalised.
Fractions stay fractions: uplift_pct 1.0 means sales doubled.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from kam_core.stock.seasonality import week_of_year

DIP_WEEKS = 2  # weeks after the end in which buyers who stocked up buy less
BEFORE = 8  # baseline weeks looked at before the start
AFTER = 4  # baseline weeks looked at after the dip window
MIN_BASELINE_WEEKS = 3  # fewer clean weeks than this: no baseline


def monday(day: date | pd.Timestamp) -> pd.Timestamp:
    """The Monday starting the week that contains `day`."""
    stamp = pd.Timestamp(day)
    return stamp - pd.Timedelta(days=stamp.day_of_week)


def mondays(days: pd.Series) -> pd.Series:
    """The Monday starting each day's week (vectorised `monday`)."""
    stamps = pd.to_datetime(days)
    return stamps - pd.to_timedelta(stamps.dt.day_of_week, unit="D")


def status(promotions: pd.DataFrame, as_of: date) -> pd.Series:
    """'planned' (starts after as_of), 'running' (not every week observed yet) or 'past'."""
    start = pd.to_datetime(promotions["start_date"])
    end_week = mondays(promotions["end_date"])
    last = last_observed_week(as_of)
    return pd.Series(
        np.select([start > pd.Timestamp(as_of), end_week > last], ["planned", "running"], "past"),
        index=promotions.index,
        name="status",
    )


def last_observed_week(as_of: date) -> pd.Timestamp:
    """The last complete week on or before `as_of` (a week counts once its Sunday is in)."""
    return monday(as_of + timedelta(days=1)) - pd.Timedelta(days=7)


def _grid(promotions: pd.DataFrame, first_date: date, as_of: date) -> pd.DataFrame:
    """Every observed week around each promotion with its role: promo, dip or base."""
    first = mondays(promotions["start_date"])
    last = mondays(promotions["end_date"])
    weeks = ((last - first).dt.days // 7 + 1).to_numpy(dtype=int)
    span = weeks + BEFORE + DIP_WEEKS + AFTER
    which = np.repeat(np.arange(len(promotions)), span)
    # Week k of a promotion's window, counted from its first promotion week (negative before).
    k = np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span) - BEFORE
    role = np.select(
        [k < 0, k < weeks[which], k < weeks[which] + DIP_WEEKS], ["base", "promo", "dip"], "base"
    )
    grid = pd.DataFrame(
        {
            "promo_id": promotions["promo_id"].to_numpy()[which],
            "week": first.to_numpy()[which] + pd.to_timedelta(7 * k, unit="D"),
            "role": role,
        }
    )
    observed = (grid["week"] >= monday(first_date)) & (grid["week"] <= last_observed_week(as_of))
    return grid[observed]


def _pairs(promotions: pd.DataFrame) -> pd.DataFrame:
    """Each promotion against every OTHER promotion on the same account and SKUs, with the
    other's first and last week (o_first, o_last)."""
    scope = promotions[["promo_id", "account_id", "sku", "start_date", "end_date"]]
    pairs = scope.merge(scope, on="account_id", suffixes=("", "_other"))
    same_goods = (
        pairs["sku"].isna() | pairs["sku_other"].isna() | (pairs["sku"] == pairs["sku_other"])
    )
    pairs = pairs[same_goods & (pairs["promo_id"] != pairs["promo_id_other"])]
    return pairs.assign(
        first=mondays(pairs["start_date"]),
        last=mondays(pairs["end_date"]),
        o_first=mondays(pairs["start_date_other"]),
        o_last=mondays(pairs["end_date_other"]),
    )


def overlaps(promotions: pd.DataFrame) -> pd.Series:
    """promo_id -> the other promotions (same account and SKUs) sharing one of its weeks."""
    pairs = _pairs(promotions)
    shared = pairs[(pairs["o_first"] <= pairs["last"]) & (pairs["o_last"] >= pairs["first"])]
    return shared.groupby("promo_id")["promo_id_other"].agg(lambda ids: ", ".join(sorted(ids)))


def _others(promotions: pd.DataFrame, grid: pd.DataFrame) -> pd.DataFrame:
    """Per promotion and week: how many OTHER promotions on the same account and SKUs run
    (`others_promo`) or dip (`others_dip`) in it."""
    pairs = _pairs(promotions)[["promo_id", "o_first", "o_last"]]
    cells = grid.merge(pairs, on="promo_id")
    in_promo = (cells["week"] >= cells["o_first"]) & (cells["week"] <= cells["o_last"])
    in_dip = (cells["week"] > cells["o_last"]) & (
        cells["week"] <= cells["o_last"] + pd.Timedelta(weeks=DIP_WEEKS)
    )
    counts = cells.assign(others_promo=in_promo.astype(int), others_dip=in_dip.astype(int))
    counts = counts.groupby(["promo_id", "week"], as_index=False)[["others_promo", "others_dip"]]
    return counts.sum()


def weekly_baseline(
    promotions: pd.DataFrame,
    weekly: pd.DataFrame,
    season: pd.Series,
    first_date: date,
    as_of: date,
) -> pd.DataFrame:
    """Per promotion and observed week: role, actual quantity/revenue, seasonal baseline,
    whether the week is clean (usable for the baseline) and the promotion's share of it.

    `weekly`: promo_id, week, quantity, revenue, cost, costed (sales in the promotion's
    scope). Weeks without a sale count as zero. `season`: week of year -> index.
    """
    grid = _grid(promotions, first_date, as_of)
    cells = grid.merge(_others(promotions, grid), how="left").merge(
        weekly.assign(week=pd.to_datetime(weekly["week"])), how="left"
    )
    cells = cells.fillna({"others_promo": 0, "others_dip": 0, "quantity": 0.0, "revenue": 0.0})
    cells["costed"] = cells["costed"].fillna(True).astype(bool)
    cells["season"] = season.reindex(week_of_year(cells["week"])).fillna(1.0).to_numpy()
    busy = (cells["others_promo"] > 0) | (cells["others_dip"] > 0)
    cells["clean"] = (cells["role"] == "base") & ~busy
    base = cells[cells["clean"]].assign(level=lambda c: c["quantity"] / c["season"])
    level = base.groupby("promo_id")["level"].agg(["mean", "size"])
    level = level.loc[level["size"] >= MIN_BASELINE_WEEKS, "mean"]
    cells["baseline"] = cells["promo_id"].map(level) * cells["season"]
    # Overlapping promotions cannot be told apart in sales: a shared week's excess is split.
    cells["share"] = 1.0 / (1 + cells["others_promo"])
    return cells.drop(columns=["others_dip"])
