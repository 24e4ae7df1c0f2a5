"""The peak season: the strongest months of the seasonal profile and the coming peak window."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from kam_core.data import formats
from kam_core.stock.seasonality import week_of_year

PEAK_THRESHOLD = 1.25  # a peak month sells at least 25% more than an average month


def monthly_index(season: pd.Series) -> pd.Series:
    """Average seasonal index of each month 1..12 (days of a common year weighted equally)."""
    days = pd.date_range("2025-01-01", "2025-12-31")
    values = season.reindex(week_of_year(pd.Series(days)).to_numpy()).to_numpy()
    return pd.Series(values, index=days.month).groupby(level=0).mean().rename_axis("month")


def peak_months(monthly: pd.Series, threshold: float = PEAK_THRESHOLD) -> tuple[int, ...]:
    """The run of consecutive months around the strongest month whose index reaches `threshold`;
    none when no month reaches it (a flat profile, or under two years of sales)."""
    if monthly.max() < threshold:
        return ()
    start = int(monthly.idxmax())
    for _ in range(11):
        before = (start - 2) % 12 + 1
        if monthly[before] < threshold:
            break
        start = before
    months = [start]
    while len(months) < 12 and monthly[months[-1] % 12 + 1] >= threshold:
        months.append(months[-1] % 12 + 1)
    return tuple(months)


def no_peak(as_of: date) -> str:
    """What to say when the sales to `as_of` show no peak month."""
    return (
        f"No peak season detected in the sales to {formats.day(as_of)}: no month sells "
        f"{PEAK_THRESHOLD - 1:.0%} above an average one, or there are under two years of sales. "
        "Choose the peak months."
    )


def peak_window(as_of: date, months: Sequence[int]) -> tuple[date, date]:
    """First and last day of the coming peak: from the day after `as_of` (if inside the peak)
    or the first day of the next peak month, to the end of that run of consecutive peak months.
    """
    if not months:
        raise ValueError("choose at least one peak month")
    day = as_of + timedelta(days=1)
    while day.month not in months:
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    end = day
    for _ in range(12):
        last = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        following = last + timedelta(days=1)
        if following.month not in months:
            return day, last
        end = following
    raise ValueError("a peak season cannot cover the whole year")
