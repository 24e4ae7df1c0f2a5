"""The promotion calendar: which promotions a period shows, the peak seasons to shade, and
planned promotions that would run the account out of stock."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from kam_core.stock.peak_season import PEAK_THRESHOLD, monthly_index, peak_months, peak_window
from kam_core.stock.risk import stockout_day


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


def stockout_flags(
    planned: pd.DataFrame, positions: pd.DataFrame, demand: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """Per planned promotion: whether its expected uplift pushes a promoted stock position
    into a stock-out before the promotion ends, which SKUs, and the first such date.

    `positions`: account_id, sku, on_hand, in_transit, uplift (the fraction the forecast
    applies in planned promotion days); `demand`: units/day per (account_id, sku) x date
    from the stock projection (uplift included), days after `as_of`. Flagged when the
    position runs out by the promotion's end with the uplift but lasts without it.
    `stockout` is None when the promotion lies beyond the projection.
    """
    stock = positions.set_index(["account_id", "sku"])
    units = (stock["on_hand"].clip(lower=0) + stock["in_transit"].fillna(0)).to_numpy()
    uplift = stock["uplift"].fillna(0.0).to_numpy()
    skus = stock.index.get_level_values("sku")
    # Every position's projection and each account's rows looked up once, not per promotion.
    projected = demand.reindex(stock.index).fillna(0.0).to_numpy()
    accounts = stock.groupby(level="account_id", sort=False).indices
    days = pd.to_datetime(demand.columns)
    rows: list[tuple[str, bool | None, str, date | None]] = []
    for p in planned.itertuples():
        mine = accounts.get(p.account_id, np.zeros(0, dtype=int))
        if isinstance(p.sku, str):
            mine = mine[np.asarray(skus[mine] == p.sku, dtype=bool)]
        during = (days >= pd.Timestamp(p.start_date)) & (days <= pd.Timestamp(p.end_date))
        if not during.any() or len(mine) == 0:
            rows.append((p.promo_id, None, "", None))
            continue
        with_uplift = projected[mine]
        without = with_uplift.copy()
        without[:, during] /= 1 + uplift[mine][:, None]
        last_day = int(during.nonzero()[0][-1]) + 1
        runs_out = stockout_day(units[mine], with_uplift)
        would_last = stockout_day(units[mine], without)
        pushed = (
            (runs_out > 0) & (runs_out <= last_day) & ((would_last == 0) | (would_last > last_day))
        )
        names = ", ".join(skus[mine][pushed])
        first = as_of + timedelta(days=int(runs_out[pushed].min())) if pushed.any() else None
        rows.append((p.promo_id, bool(pushed.any()), names, first))
    return pd.DataFrame(rows, columns=["promo_id", "stockout", "stockout_skus", "stockout_date"])
