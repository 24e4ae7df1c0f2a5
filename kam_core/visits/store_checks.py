"""What the shelf says: gaps beside the stock projection, competitor price cuts near promotions.

Observations come from store checks (the journal's shelf_observations with the visit's date).
A shelf gap is a SKU seen off the shelf at the account's latest check of it. Beside the stock
projection: with the account's stock ample (risk low: it covers the forecast) the gap is a
merchandising problem (stock in the back room or not ordered to the shelf), otherwise a supply
one. A competitor price cut is a competitor's price seen at least PRICE_CUT below our shelf price.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.data.parsing import Problem, problems_at
from kam_core.visits.journal import RECORDS

PRICE_CUT = 0.05  # a competitor at least 5% below our shelf price has cut to win the shelf
AROUND_WEEKS = 2  # "around a promotion": from two weeks before it starts to two after it ends
GAP_COLUMNS = [
    "account_id",
    "sku",
    "date",
    "note",
    "risk",
    "days_of_cover",
    "stockout_date",
    "cause",
]
CUT_COLUMNS = [
    "promo_id",
    "account_id",
    "sku",
    "date",
    "when",
    "competitor",
    "competitor_price",
    "shelf_price",
    "cut",
]


def latest(observations: pd.DataFrame) -> pd.DataFrame:
    """The latest observation of each account x SKU (by visit date, then record id)."""
    ordered = observations.sort_values(["date", "id"])
    return ordered.drop_duplicates(["account_id", "sku"], keep="last").reset_index(drop=True)


def shelf_gaps(observations: pd.DataFrame, risk: pd.DataFrame | None) -> pd.DataFrame:
    """GAP_COLUMNS: SKUs off the shelf at their latest check, with the projection's risk,
    days of cover and stock-out date (`risk`: stock_plan risk, or None without snapshots) and
    the cause: 'merchandising' (stock ample), 'supply' (at risk) or 'unknown' (no projection)."""
    gaps = latest(observations)
    gaps = gaps[~gaps["on_shelf"].fillna(True).astype(bool)]
    projected = ["account_id", "sku", "risk", "days_of_cover", "stockout_date"]
    if risk is None:
        risk = pd.DataFrame(columns=projected)
    beside = gaps.merge(risk[projected], on=["account_id", "sku"], how="left")
    at_risk = beside["risk"].isin(["high", "medium"])
    cause = pd.Series("merchandising", index=beside.index).mask(at_risk, "supply")
    cause = cause.mask(beside["risk"].isna(), "unknown")
    return (
        beside.assign(cause=cause)[GAP_COLUMNS]
        .sort_values(["cause", "date"])
        .reset_index(drop=True)
    )


def price_cuts(observations: pd.DataFrame, promotions: pd.DataFrame) -> pd.DataFrame:
    """CUT_COLUMNS: competitor prices at least PRICE_CUT below our shelf price, seen at the
    promotion's account on its SKU (any SKU when the promotion names none) from AROUND_WEEKS
    before its start to AROUND_WEEKS after its end; `when` is before, during or after; `cut` the
    fraction below our price."""
    seen = observations[
        observations["competitor_price"].notna() & (observations["shelf_price"] > 0)
    ]
    # Compared as amounts: 95 against 100 is exactly a 5% cut, whatever the float division.
    below = seen["competitor_price"] <= seen["shelf_price"] * (1 - PRICE_CUT)
    cut = 1 - seen["competitor_price"] / seen["shelf_price"]
    seen = seen.assign(cut=cut.astype(float))[below.fillna(False).astype(bool)]
    near = promotions[["promo_id", "account_id", "sku", "start_date", "end_date"]].merge(
        seen, on="account_id", suffixes=("_promo", "")
    )
    margin = pd.Timedelta(weeks=AROUND_WEEKS)
    start, end = pd.to_datetime(near["start_date"]), pd.to_datetime(near["end_date"])
    same_sku = near["sku_promo"].isna() | (near["sku_promo"] == near["sku"])
    near = near[same_sku & (near["date"] >= start - margin) & (near["date"] <= end + margin)]
    when = pd.Series("during", index=near.index)
    when = when.mask(near["date"] < pd.to_datetime(near["start_date"]), "before")
    when = when.mask(near["date"] > pd.to_datetime(near["end_date"]), "after")
    return (
        near.assign(when=when)[CUT_COLUMNS].sort_values(["promo_id", "date"]).reset_index(drop=True)
    )


# What a store check records per SKU: the journal record's columns but the visit and account,
# which the check's visit gives.
OBSERVED = tuple(
    c for c in RECORDS["shelf_observations"].column_names if c not in ("visit_id", "account_id")
)
SHEET_COLUMNS = [*OBSERVED, "product"]


def sheet(skus: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """SHEET_COLUMNS: one row per SKU of the account's range (`skus`: sku, product), prefilled
    with what rarely changes since the latest check (facings, shelf price, competitor) and on
    the shelf; a competitor's price, the production date and the note are typed afresh."""
    last = latest(observations)[["sku", "facings", "shelf_price", "competitor"]]
    rows = skus[["sku", "product"]].merge(last, on="sku", how="left")
    return rows.assign(
        on_shelf=True,
        facings=rows["facings"].astype("Int64"),
        shelf_price=rows["shelf_price"].astype("Float64"),
        competitor_price=pd.Series(pd.NA, index=rows.index, dtype="Float64"),
        oldest_production_date=pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]"),
        note=pd.Series(None, index=rows.index, dtype="object"),
    )[SHEET_COLUMNS]


def check_problems(rows: pd.DataFrame, day: date, today: date) -> list[Problem]:
    """What a store check dated `day` cannot hold (rows typed by importing.prepare, `_row` from
    1): any row when the check is after `today` (a shelf is seen, not planned), an oldest
    production date after the check's day (nothing on a shelf is made after it is seen)."""
    where = rows["_row"]
    if day > today:
        message = f"the store check is dated {day:%Y-%m-%d}, after today: record it once made"
        return [Problem("store check", None, "date", message)]
    made = (
        pd.to_datetime(rows["oldest_production_date"]) if "oldest_production_date" in rows else None
    )
    if made is None:
        return []
    late = (made > pd.Timestamp(day)).fillna(False).astype(bool)
    message = f"is after the check's day ({day:%Y-%m-%d})"
    return problems_at(
        where, late, "store check", "oldest_production_date", message, made.dt.strftime("%Y-%m-%d")
    )
