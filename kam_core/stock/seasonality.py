"""The seasonal shape of demand: how a week of the year sells against the weeks around it."""

from __future__ import annotations

import pandas as pd

YEAR_WEEKS = 52


def week_of_year(weeks: pd.Series) -> pd.Series:
    """ISO week number 1-52 of each date; week 53 folds into 52 (the same season)."""
    return pd.to_datetime(weeks).dt.isocalendar().week.astype(int).clip(upper=YEAR_WEEKS)


def seasonal_index(weekly: pd.DataFrame) -> pd.Series:
    """Week of year (1-52) -> demand / the centred 52-week mean (1.0 = an average week).

    `weekly` has columns week (Monday) and quantity. Each week is set against the moving
    year around it, so growth or decline does not read as season. With under two years of
    weeks the shape cannot be told from noise and every week gets 1.0.
    """
    ordered = weekly.sort_values("week")
    if ordered.empty:
        return pd.Series(1.0, index=pd.RangeIndex(1, YEAR_WEEKS + 1), name="season")
    full = pd.date_range(ordered["week"].min(), ordered["week"].max(), freq="7D")
    quantity = ordered.set_index("week")["quantity"].reindex(full, fill_value=0.0)
    if len(quantity) < 2 * YEAR_WEEKS:
        return pd.Series(1.0, index=pd.RangeIndex(1, YEAR_WEEKS + 1), name="season")
    trend = quantity.rolling(YEAR_WEEKS, center=True).mean()
    ratio = (quantity / trend).dropna()
    by_week = ratio.groupby(week_of_year(pd.Series(ratio.index)).to_numpy()).mean()
    index = by_week.reindex(range(1, YEAR_WEEKS + 1)).interpolate(limit_direction="both")
    return (index / index.mean()).rename("season")
