"""Which promotions paid off: incremental volume, revenue and margin, cost, ROI, efficiency.

Quantities are units, money in the sales currency, fractions stay fractions (uplift_pct 1.0
= sales doubled; roi -0.5 = half the cost lost). See promotion_baseline for the weeks.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kam_core.promotions.baseline import DIP_WEEKS, last_observed_week, mondays, overlaps, status

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
    """Sums over each promotion's promotion, dip and clean baseline weeks."""
    c = cells.assign(
        excess=cells["share"] * (cells["quantity"] - cells["baseline"]),
        shared_revenue=cells["share"] * cells["revenue"],
        below=cells["baseline"] - cells["quantity"],
    )
    promo = c[c["role"] == "promo"].groupby("promo_id")
    base = c[c["clean"]].groupby("promo_id")
    # A dip week another promotion lifts says nothing about this one's dip.
    dip = c[(c["role"] == "dip") & (c["others_promo"] == 0)].groupby("promo_id")
    return pd.DataFrame(
        {
            "baseline_qty": promo["baseline"].sum(min_count=1),
            "excess": promo["excess"].sum(min_count=1),
            "promo_revenue": promo["shared_revenue"].sum(),
            "promo_paid": promo["revenue"].sum(),
            "promo_units": promo["quantity"].sum(),
            "base_qty": base["quantity"].sum(),
            "base_revenue": base["revenue"].sum(),
            "units": c.groupby("promo_id")["quantity"].sum(),
            "cost": c.groupby("promo_id")["cost"].sum(min_count=1),
            "costed": c.groupby("promo_id")["costed"].all(),
            "dip_weeks": dip.size(),
            "below": dip["below"].sum(min_count=1),
        }
    )


def results(promotions: pd.DataFrame, cells: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per promotion: its columns (`cost` renamed fixed_cost), status, the
    RESULT_COLUMNS (`cost` = fixed cost + discount given) and a `note` explaining anything not
    measured (planned, too few clean weeks, dip unknown, overlaps, no cost).

    `cells` is promotion_baseline.weekly_baseline(...) for the same promotions.
    """
    sums = _per_promotion(cells).reindex(promotions["promo_id"])
    sums.index = promotions.index
    discount = promotions["discount_pct"].fillna(0.0)
    # The regular price: from the clean weeks, else the promotion's price before discount.
    price = (sums["base_revenue"] / sums["base_qty"].replace(0, np.nan)).fillna(
        sums["promo_paid"] / (1 - discount) / sums["promo_units"].replace(0, np.nan)
    )
    unit_cost = (sums["cost"] / sums["units"].replace(0, np.nan)).where(
        sums["costed"].fillna(False).astype(bool)
    )
    dip_seen = mondays(promotions["end_date"]) + pd.Timedelta(
        weeks=DIP_WEEKS
    ) <= last_observed_week(as_of)
    post_dip = sums["below"].clip(lower=0).where(dip_seen & (sums["dip_weeks"] > 0))
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
    return out.assign(note=_notes(out, overlaps(promotions), dip_seen, unit_cost))


def _notes(
    out: pd.DataFrame, shared: pd.Series, dip_seen: pd.Series, unit_cost: pd.Series
) -> pd.Series:
    """Why a figure is missing or approximate, in words a user reads next to the number."""
    status, baseline, actual = out["status"], out["baseline_qty"], out["actual_qty"]
    planned = status == "planned"
    no_base = ~planned & baseline.isna()
    empty = ~planned & ~no_base & (baseline == 0) & (actual == 0)
    measured = ~planned & ~no_base & ~empty

    def said(when: pd.Series, text: str | pd.Series) -> pd.Series:
        return pd.Series(text, index=out.index, dtype=object).where(when.astype(bool))

    overlap = out["promo_id"].map(shared).astype(object)
    parts = [
        said(planned, "planned: no result yet"),
        said(no_base, "too few comparable weeks without promotions for a baseline"),
        said(empty, "no sales in the scope: nothing to measure"),
        said(measured & (baseline == 0), "no sales in the comparable weeks: uplift undefined"),
        said(measured & (status == "running"), "running: measured to date"),
        said(measured & ~dip_seen, "dip unknown: data ends before the weeks after"),
        said(
            measured & dip_seen & out["post_dip_qty"].isna(),
            "dip unknown: another promotion runs in the weeks after",
        ),
        said(measured & unit_cost.isna() & (actual > 0), "margin unknown: cost missing"),
        said(
            overlap.notna(),
            "overlaps " + overlap.fillna("") + ": shared weeks' extra sales split",
        ),
    ]
    notes = ["; ".join(p for p in row if isinstance(p, str)) for row in zip(*parts, strict=True)]
    return pd.Series(notes, index=out.index, dtype=str)


def account_uplift(results: pd.DataFrame) -> pd.Series:
    """account_id -> mean uplift fraction (0.4 = +40%) of its measured past promotions."""
    measured = results[(results["status"] == "past") & results["uplift_pct"].notna()]
    return measured.groupby("account_id")["uplift_pct"].mean().rename("uplift")


def compare(results: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Past promotions with a known ROI grouped by `by` (e.g. [kind], [account_id, name]):
    count, mean uplift, summed incremental margin and cost, pooled roi = (margin - cost) / cost."""
    known = results[(results["status"] == "past") & results["roi"].notna()]
    groups = known.groupby(by, as_index=False).agg(
        promotions=("promo_id", "size"),
        uplift_pct=("uplift_pct", "mean"),
        incremental_margin=("incremental_margin", "sum"),
        cost=("cost", "sum"),
    )
    roi = (groups["incremental_margin"] - groups["cost"]) / groups["cost"]
    return groups.assign(roi=roi).sort_values("roi", ascending=False, ignore_index=True)
