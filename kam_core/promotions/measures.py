"""Which promotions paid off: incremental volume, revenue and margin, cost, ROI, efficiency.

Quantities are units, money in the sales currency, fractions stay fractions (uplift_pct 1.0
= sales doubled; roi -0.5 = half the cost lost). See baseline for the days, measurability
for the promotions kept out of rankings.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kam_core.promotions.baseline import DIP_DAYS, overlaps, status
from kam_core.promotions.measurability import reasons

RESULT_COLUMNS = [
    "baseline_qty",
    "actual_qty",
    "incremental_qty",
    "uplift_pct",
    "post_dip_qty",
    "incremental_revenue",
    "incremental_margin",
    "discount_given",
    "cost",
    "roi",
    "efficiency",
]


def _per_promotion(cells: pd.DataFrame) -> pd.DataFrame:
    """Sums over each promotion's promotion, dip and clean days (one grouping for speed)."""
    promo, clean = cells["role"] == "promo", cells["clean"]
    # A dip day another promotion lifts says nothing about this one's dip.
    dip = (cells["role"] == "dip") & (cells["others_promo"] == 0)
    share, quantity, baseline = cells["share"], cells["quantity"], cells["baseline"]
    parts = pd.DataFrame(
        {
            "promo_id": cells["promo_id"],
            "baseline_qty": baseline.where(promo),
            "excess": (share * (quantity - baseline)).where(promo),
            "promo_revenue": (share * cells["revenue"]).where(promo, 0.0),
            "promo_paid": cells["revenue"].where(promo, 0.0),
            "promo_units": quantity.where(promo, 0.0),
            "promo_days": cells["days"].where(promo, 0),
            "overlapped_days": cells["days"].where(promo & (cells["others_promo"] > 0), 0),
            "clean_days": cells["days"].where(clean, 0),
            "clean_lines": cells["lines"].where(clean, 0),
            "base_qty": quantity.where(clean, 0.0),
            "base_revenue": cells["revenue"].where(clean, 0.0),
            "units": quantity,
            "cost": cells["cost"],
            "uncosted": ~cells["costed"].astype(bool),
            "dip_days": cells["days"].where(dip, 0),
            "below": (baseline - quantity).where(dip),
        }
    )
    sums = parts.groupby("promo_id").sum(min_count=1)
    # Sums of nothing are 0 except where "unknown" must stay unknown (baseline, cost, dip).
    counted = [c for c in sums.columns if c not in ("baseline_qty", "excess", "cost", "below")]
    sums[counted] = sums[counted].fillna(0)
    return sums.assign(costed=sums["uncosted"] == 0).drop(columns="uncosted")


def results(
    promotions: pd.DataFrame, cells: pd.DataFrame, first_date: date, as_of: date
) -> pd.DataFrame:
    """One row per promotion: its columns (`cost` renamed fixed_cost), status, the
    RESULT_COLUMNS (`cost` = fixed cost + discount given), `measurable` and a `note` saying
    why it is not (measurability.reasons) and anything approximate (dip, margin, overlaps).

    `promotions` has first_sale (the first day its scope sold, NaT if never); `cells` is
    baseline.daily_baseline(...) for the same promotions; `first_date` is the first day with
    a sale, `as_of` the last day counted.
    """
    sums = _per_promotion(cells).reindex(promotions["promo_id"])
    sums.index = promotions.index
    discount = promotions["discount_pct"].fillna(0.0)
    # The regular price: from the clean days, else the promotion's price before discount.
    price = (sums["base_revenue"] / sums["base_qty"].replace(0, np.nan)).fillna(
        sums["promo_paid"] / (1 - discount) / sums["promo_units"].replace(0, np.nan)
    )
    unit_cost = (sums["cost"] / sums["units"].replace(0, np.nan)).where(
        sums["costed"].fillna(False).astype(bool)
    )
    dip_seen = pd.to_datetime(promotions["end_date"]) + pd.Timedelta(days=DIP_DAYS) <= pd.Timestamp(
        as_of
    )
    post_dip = sums["below"].clip(lower=0).where(dip_seen & (sums["dip_days"] > 0))
    incremental = sums["excess"] - post_dip.fillna(0)
    discount_given = sums["promo_revenue"] * discount / (1 - discount)
    cost = promotions["cost"].fillna(0.0) + discount_given
    uplift = sums["excess"] / sums["baseline_qty"].where(sums["baseline_qty"] > 0)
    # Margin at the regular unit margin: the discount is counted once, in the cost.
    margin = incremental * (price - unit_cost)
    out = promotions.rename(columns={"cost": "fixed_cost"}).assign(
        status=status(promotions, as_of),
        baseline_qty=sums["baseline_qty"],
        actual_qty=sums["baseline_qty"] + sums["excess"],
        incremental_qty=incremental,
        uplift_pct=uplift,
        post_dip_qty=post_dip,
        incremental_revenue=sums["promo_revenue"]
        - (sums["baseline_qty"] + post_dip.fillna(0)) * price,
        incremental_margin=margin,
        discount_given=discount_given,
        cost=cost.where(sums["baseline_qty"].notna()),
        roi=(margin - cost) / cost.where(cost > 0),
        efficiency=uplift / discount.where(discount > 0),
    )
    shared = promotions["promo_id"].map(overlaps(promotions))
    blocked = reasons(out, sums.assign(overlapping=shared), first_date, as_of)
    measurable = blocked.isna().all(axis=1)
    flags = _flags(out, shared, sums, dip_seen, unit_cost)
    parts = pd.concat([blocked, flags.where(measurable, None, axis=0)], axis=1)
    notes = ["; ".join(p for p in row if isinstance(p, str)) for row in parts.itertuples(False)]
    return out.assign(measurable=measurable, note=pd.Series(notes, index=out.index, dtype=str))


def _flags(
    out: pd.DataFrame,
    shared: pd.Series,
    sums: pd.DataFrame,
    dip_seen: pd.Series,
    unit_cost: pd.Series,
) -> pd.DataFrame:
    """What is approximate in a measurable promotion's figures, in words read next to them."""

    def said(when: pd.Series, text: str | pd.Series) -> pd.Series:
        return pd.Series(text, index=out.index, dtype=object).where(when.astype(bool))

    busy = sums["overlapped_days"].fillna(0).astype(int)
    return pd.DataFrame(
        {
            "dip": said(
                dip_seen & out["post_dip_qty"].isna(),
                "dip unknown: another promotion runs in the days after",
            ),
            "margin": said(
                unit_cost.isna() & (out["actual_qty"] > 0), "margin unknown: cost missing"
            ),
            "overlap": said(
                shared.notna(),
                "overlaps "
                + shared.astype(object).fillna("").astype(str)
                + " on "
                + busy.astype(str)
                + " of its "
                + sums["promo_days"].fillna(0).astype(int).astype(str)
                + " days: shared days' extra sales split",
            ),
        },
        index=out.index,
    )


def account_uplift(results: pd.DataFrame) -> pd.Series:
    """account_id -> mean uplift fraction (0.4 = +40%) of its measurable promotions."""
    measured = results[results["measurable"] & results["uplift_pct"].notna()]
    return measured.groupby("account_id")["uplift_pct"].mean().rename("uplift")


def compare(results: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Measurable promotions with a known ROI grouped by `by` (e.g. [kind], [account_id, name]):
    count, mean uplift, summed incremental margin and cost, pooled roi = (margin - cost) / cost."""
    known = results[results["measurable"] & results["roi"].notna()]
    groups = known.groupby(by, as_index=False).agg(
        promotions=("promo_id", "size"),
        uplift_pct=("uplift_pct", "mean"),
        incremental_margin=("incremental_margin", "sum"),
        cost=("cost", "sum"),
    )
    roi = (groups["incremental_margin"] - groups["cost"]) / groups["cost"]
    return groups.assign(roi=roi).sort_values("roi", ascending=False, ignore_index=True)
