"""The promotion calendar: which promotions a period shows, the peak seasons to shade, and
planned promotions that would run the account out of stock."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kam_core.peak_season import PEAK_THRESHOLD, monthly_index, peak_months, peak_window


def in_view(results: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Promotions touching start..end (inclusive), plus every planned one after it."""
    touches = (pd.to_datetime(results["end_date"]) >= pd.Timestamp(start)) & (
        pd.to_datetime(results["start_date"]) <= pd.Timestamp(end)
    )
    return results[touches | (results["status"] == "planned")]


def peak_spans(season: pd.Series, first: date, last: date) -> list[tuple[date, date]]:
    """First and last day of every peak season (peak_season.peak_months of the seasonal
    index) overlapping first..last; none when no month reaches PEAK_THRESHOLD."""
    monthly = monthly_index(season)
    if monthly.max() < PEAK_THRESHOLD:
        return []
    months = peak_months(monthly)
    spans: list[tuple[date, date]] = []
    day = first - timedelta(days=1)
    while True:
        span = peak_window(day, months)
        if span[0] > last:
            return spans
        spans.append(span)
        day = span[1]
