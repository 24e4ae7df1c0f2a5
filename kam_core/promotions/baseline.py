"""A promotion's own days against a daily baseline: promotion days, dip days, clean days.

A promotion runs from start_date to end_date inclusive; its dip days are the `DIP_DAYS` after
its end. Its window adds the `BEFORE` weeks before the week it starts in and the `AFTER` weeks
after the week its dip ends in; the window's other days are its baseline days, and those on
which no other promotion on the same account and SKUs runs or dips are its clean days. The
baseline is a daily rate: the clean days' units over their expected shares (season of the
week x weekday weight of the account), so any start day and any length is measured on its
own days. Fractions stay fractions: uplift_pct 1.0 means sales doubled.

Days come in chunks so that the store can read whole weeks from `sales_weekly`: a window's
week whose seven days are observed and alike (same role, same other promotions) is one chunk
(days = 7), any other week is cut into its observed days (days = 1).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kam_core.promotions.weekdays import day_weights
from kam_core.stock.seasonality import week_of_year

DIP_DAYS = 14  # days after the end in which buyers who stocked up buy less
BEFORE = 8  # baseline weeks before the week of the start
AFTER = 4  # baseline weeks after the week in which the dip days end
MIN_BASELINE_DAYS = 21  # fewer clean days than this: no baseline

ROLES = np.array(["base", "promo", "dip"])
_DAY = np.timedelta64(1, "D")


def status(promotions: pd.DataFrame, as_of: date) -> pd.Series:
    """'planned' (starts after as_of), 'running' (ends after as_of) or 'past'."""
    day = pd.Timestamp(as_of)
    start, end = pd.to_datetime(promotions["start_date"]), pd.to_datetime(promotions["end_date"])
    return pd.Series(
        np.select([start > day, end > day], ["planned", "running"], "past"),
        index=promotions.index,
        name="status",
    )


def _days(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy().astype("datetime64[D]")


def _pairs(promotions: pd.DataFrame) -> pd.DataFrame:
    """Positions (i, j) of each promotion and every OTHER promotion on the same account and
    SKUs (an account-wide promotion shares goods with all of its account's)."""
    scope = promotions[["account_id", "sku"]].assign(i=np.arange(len(promotions)))
    pairs = scope.merge(scope, on="account_id", suffixes=("", "_other"))
    same_goods = (
        pairs["sku"].isna() | pairs["sku_other"].isna() | (pairs["sku"] == pairs["sku_other"])
    )
    return pairs.loc[same_goods & (pairs["i"] != pairs["i_other"]), ["i", "i_other"]]


def overlaps(promotions: pd.DataFrame) -> pd.Series:
    """promo_id -> the other promotions (same account and SKUs) sharing one of its days."""
    pairs = _pairs(promotions)
    start, end = _days(promotions["start_date"]), _days(promotions["end_date"])
    i, j = pairs["i"].to_numpy(), pairs["i_other"].to_numpy()
    shared = pairs[(start[j] <= end[i]) & (end[j] >= start[i])]
    ids = promotions["promo_id"].to_numpy()
    named = pd.DataFrame({"promo_id": ids[shared["i"]], "other": ids[shared["i_other"]]})
    return named.groupby("promo_id")["other"].agg(lambda others: ", ".join(sorted(others)))


def _count_in(
    lo: np.ndarray, length: np.ndarray, i: np.ndarray, first: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """For every window day (windows of length[k] days from lo[k], concatenated): how many of
    the intervals first..last, each of window i, cover it."""
    a = np.maximum(first, lo[i])
    b = np.minimum(last, lo[i] + (length[i] - 1) * _DAY)
    hit = a <= b
    # One spare slot per window takes the closing -1 of intervals reaching its last day.
    start = np.cumsum(length + 1) - (length + 1)
    diff = np.zeros(int((length + 1).sum()) + 1)
    np.add.at(diff, start[i[hit]] + (a[hit] - lo[i[hit]]).astype(int), 1)
    np.add.at(diff, start[i[hit]] + (b[hit] - lo[i[hit]]).astype(int) + 1, -1)
    counts = np.cumsum(diff)[:-1]
    spare = start + length
    return np.delete(counts, spare)


def windows(promotions: pd.DataFrame, first_date: date, as_of: date) -> pd.DataFrame:
    """Every observed day (first_date..as_of) of each promotion's window: promo_id, day, role
    (base, promo, dip), others_promo and others_dip (how many OTHER promotions on the same
    account and SKUs run or dip that day)."""
    start, end = _days(promotions["start_date"]), _days(promotions["end_date"])
    monday_of = start - ((start.astype(int) + 3) % 7) * _DAY  # 1970-01-01 was a Thursday
    dip_end = end + DIP_DAYS * _DAY
    dip_monday = dip_end - ((dip_end.astype(int) + 3) % 7) * _DAY
    lo = np.maximum(monday_of - 7 * BEFORE * _DAY, np.datetime64(first_date, "D"))
    hi = np.minimum(dip_monday + (7 * (AFTER + 1) - 1) * _DAY, np.datetime64(as_of, "D"))
    length = np.maximum((hi - lo).astype(int) + 1, 0)
    which = np.repeat(np.arange(len(promotions)), length)
    day = lo[which] + (np.arange(length.sum()) - np.repeat(np.cumsum(length) - length, length))
    role = np.select([day < start[which], day <= end[which], day <= dip_end[which]], [0, 1, 2], 0)
    pairs = _pairs(promotions)
    i, j = pairs["i"].to_numpy(), pairs["i_other"].to_numpy()
    return pd.DataFrame(
        {
            "promo_id": promotions["promo_id"].to_numpy()[which],
            "account_id": promotions["account_id"].to_numpy()[which],
            "sku": promotions["sku"].to_numpy()[which],
            "day": day,
            "role": ROLES[role],
            "others_promo": _count_in(lo, length, i, start[j], end[j]).astype(int),
            "others_dip": _count_in(lo, length, i, end[j] + _DAY, dip_end[j]).astype(int),
        }
    )


def chunks(days: pd.DataFrame) -> pd.DataFrame:
    """`windows` cut into chunks: promo_id, account_id, sku, first (day), days (7: a whole
    week, first its Monday; 1: one day), role, others_promo, others_dip."""
    columns = ["promo_id", "account_id", "sku", "day", "role", "others_promo", "others_dip"]
    stamp = days["day"].to_numpy().astype("datetime64[D]")
    monday = stamp - ((stamp.astype(int) + 3) % 7) * _DAY
    key = (
        pd.factorize(days["role"])[0] * 1_000_000
        + days["others_promo"].to_numpy() * 1_000
        + days["others_dip"].to_numpy()
    )
    # `windows` lists each promotion's days in order, so a week's days are one run of rows.
    promo = pd.factorize(days["promo_id"])[0]
    new_week = np.r_[True, (promo[1:] != promo[:-1]) | (monday[1:] != monday[:-1])]
    starts = np.flatnonzero(new_week[: len(days)])
    size = np.diff(np.r_[starts, len(days)])
    alike = np.zeros(len(starts), dtype=bool)
    if len(starts):
        alike = np.minimum.reduceat(key, starts) == np.maximum.reduceat(key, starts)
    whole = np.repeat((size == 7) & alike, size)
    kept = ~whole | new_week[: len(days)]
    cut = days.loc[kept, columns].rename(columns={"day": "first"})
    cut.insert(4, "days", np.where(whole[kept], 7, 1))
    return cut.reset_index(drop=True)


def daily_baseline(
    chunks: pd.DataFrame,
    sales: pd.DataFrame,
    season: pd.Series,
    profile: pd.DataFrame,
) -> pd.DataFrame:
    """Per promotion and chunk: role, actual quantity/revenue/cost, the baseline units, whether
    the chunk is clean (usable for the baseline) and the promotion's share of its extra units.

    `sales`: promo_id, first, quantity, revenue, cost, costed, lines (the chunk's sales in
    the promotion's scope and how many sales lines they came in; chunks without a sale count
    as zero). `season`: week of year -> index;
    `profile`: weekdays.weekday_profile (accounts missing from it sell flat).
    """
    cells = chunks.merge(sales.assign(first=pd.to_datetime(sales["first"])), how="left")
    cells = cells.fillna({"quantity": 0.0, "revenue": 0.0, "lines": 0})
    cells["costed"] = cells["costed"].fillna(True).astype(bool)
    first = pd.to_datetime(cells["first"])
    weekday = day_weights(profile, cells["account_id"], first.dt.day_of_week.to_numpy())
    seasonal = season.reindex(week_of_year(first)).fillna(1.0).to_numpy()
    # Weights average 1.0 over a week, so a whole week expects seven average days.
    cells["expected"] = seasonal * np.where(cells["days"] == 7, 7.0, weekday)
    busy = (cells["others_promo"] > 0) | (cells["others_dip"] > 0)
    cells["clean"] = (cells["role"] == "base") & ~busy
    clean = cells[cells["clean"]].groupby("promo_id")[["quantity", "expected", "days"]].sum()
    usable = (clean["days"] >= MIN_BASELINE_DAYS) & (clean["expected"] > 0)
    rate = (clean["quantity"] / clean["expected"]).where(usable)
    cells["baseline"] = cells["promo_id"].map(rate) * cells["expected"]
    # Overlapping promotions cannot be told apart in sales: a shared day's excess is split.
    cells["share"] = 1.0 / (1 + cells["others_promo"])
    return cells.drop(columns=["others_dip", "expected", "account_id", "sku"])
