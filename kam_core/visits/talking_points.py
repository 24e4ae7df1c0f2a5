"""Talking points for a visit: each a stated rule on the account's numbers, fired or silent.

Every point carries the figures it was built from, so the page and the PDF can show them.
Growth is a fraction (0.18 = 18%); dates are calendar days; money is in the sales currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kam_core.accounts.trends import category_mix, growth
from kam_core.data.formats import DEFAULT, Style, money

REVENUE_CHANGE = 0.10  # the account's revenue moved at least 10% against last year
CATEGORY_CHANGE = 0.15  # a category moved at least 15% against last year ...
CATEGORY_MIN_SHARE = 0.05  # ... and was at least 5% of the account's revenue last year
CATEGORY_POINTS = 2  # the largest moves in money only: more is noise in a visit
STOCK_RISKS = ("high", "medium")  # stock-out positions worth raising
STOCK_POINTS = 3  # the earliest stock-outs only: a visit has time for a few
NEXT_TIER_REACH = 0.25  # at most a quarter of the next tier's basis is still missing ...
NEXT_TIER_MIN_EXTRA = 100.0  # ... and reaching it is worth at least this much money more


@dataclass(frozen=True)
class TalkingPoint:
    topic: str  # Sales, Stock, Incentives, Promotions, Diary
    text: str  # the sentence to say
    rule: str  # the rule that fired, in words, with its threshold
    numbers: Mapping[str, object] = field(default_factory=dict)  # the figures behind the text


def day(when: date) -> str:
    """'3 Dec': how a date reads in a sentence."""
    return f"{when.day} {when:%b}"


def _direction(change: float) -> str:
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%}"


def revenue_change(
    revenue: float,
    revenue_last_year: float,
    threshold: float = REVENUE_CHANGE,
    style: Style = DEFAULT,
) -> list[TalkingPoint]:
    """Revenue of the period against the same dates last year, when it moved >= `threshold`."""
    change = growth(revenue, revenue_last_year)
    if change is None or abs(change) < threshold:
        return []
    return [
        TalkingPoint(
            "Sales",
            f"Revenue {_direction(change)} against last year: "
            f"{money(revenue, style)} against {money(revenue_last_year, style)}."
            if revenue
            else f"No purchases this period, against {money(revenue_last_year, style)} last year.",
            f"Revenue changed by {threshold:.0%} or more against the same dates last year.",
            {"revenue": revenue, "revenue_last_year": revenue_last_year, "change": change},
        )
    ]


def plan_gap(plan: pd.DataFrame, style: Style = DEFAULT) -> list[TalkingPoint]:
    """What the account needs a month to reach its plan (accounts.targets attainment row), when
    it has a target and days of the year remain."""
    if plan.empty or pd.isna(plan["required_per_month"].iloc[0]):
        return []
    row = plan.iloc[0]
    target, needed = row["revenue_target"], row["required_per_month"]
    to_date = f"{row['attainment']:.0%} of plan to date" if pd.notna(row["attainment"]) else ""
    course = (
        f"on course for {row['projected_attainment']:.0%}"
        if pd.notna(row["projected_attainment"])
        else ""
    )
    where = "; ".join(p for p in (to_date, course) if p)
    text = (
        f"Needs {money(needed, style)} a month for the rest of {row['year']} to reach its plan of "
        f"{money(target, style)}" + (f" ({where})." if where else ".")
        if needed > 0
        else f"Has passed its {row['year']} plan of {money(target, style)}: "
        f"{money(row['ytd_actual'], style)} so far."
    )
    return [
        TalkingPoint(
            "Plan",
            text,
            "The account has a revenue target for the year: (target - revenue to date) / "
            "months left.",
            {
                "revenue_target": target,
                "ytd_actual": row["ytd_actual"],
                "attainment": row["attainment"],
                "projected_attainment": row["projected_attainment"],
                "required_per_month": needed,
            },
        )
    ]


def category_changes(mix: pd.DataFrame) -> pd.DataFrame:
    """trends.category_mix (category, revenue, revenue_ly -> shares and shift) plus growth."""
    shares = category_mix(mix)
    return shares.assign(
        change=[growth(a, b) for a, b in zip(shares["revenue"], shares["revenue_ly"], strict=True)]
    )


def category_shifts(
    mix: pd.DataFrame,
    threshold: float = CATEGORY_CHANGE,
    min_share: float = CATEGORY_MIN_SHARE,
    limit: int = CATEGORY_POINTS,
    style: Style = DEFAULT,
) -> list[TalkingPoint]:
    """Categories (category, revenue, revenue_ly) that moved >= `threshold`.

    Left out: categories under `min_share` of last year's revenue (small numbers swing) and every
    category of an account that bought nothing this period (the revenue point says it). The
    `limit` largest moves in money are kept.
    """
    if mix["revenue"].sum() == 0 or mix["revenue_ly"].sum() == 0:
        return []
    moved = category_changes(mix)
    moved = moved.assign(size=(moved["revenue"] - moved["revenue_ly"]).abs())
    moved = moved[
        moved["change"].notna()
        & (moved["change"].abs() >= threshold)
        & (moved["share_ly"] >= min_share)
    ]
    return [
        TalkingPoint(
            "Sales",
            f"Revenue in {row.category} {_direction(row.change)} against last year "
            f"({money(row.revenue, style)} against {money(row.revenue_ly, style)}).",
            f"A category with at least {min_share:.0%} of last year's revenue moved by "
            f"{threshold:.0%} or more; the {limit} largest moves.",
            {
                "category": row.category,
                "revenue": row.revenue,
                "revenue_last_year": row.revenue_ly,
                "change": row.change,
                "share_last_year": row.share_ly,
            },
        )
        for row in moved.sort_values(["size", "category"], ascending=[False, True])
        .head(limit)
        .itertuples()
    ]


def stock_outs(risks: pd.DataFrame, limit: int = STOCK_POINTS) -> list[TalkingPoint]:
    """The earliest projected stock-outs at high or medium risk, with the order to propose.

    `risks` has the stock_risk view's columns (sku, on_hand, days_of_cover, stockout_date, risk,
    suggested_order_qty) and optionally product.
    """
    due = risks[risks["stockout_date"].notna() & risks["risk"].isin(STOCK_RISKS)]
    points = []
    for row in due.sort_values(["stockout_date", "sku"]).head(limit).itertuples():
        when = pd.Timestamp(row.stockout_date).date()
        order = float(row.suggested_order_qty or 0)
        propose = f"; propose {order:,.0f} units" if order > 0 else ""
        points.append(
            TalkingPoint(
                "Stock",
                f"{row.sku} runs out around {day(when)} at the current rate{propose}.",
                f"Projected stock-out before the end of the peak at {' or '.join(STOCK_RISKS)} "
                f"risk; the {limit} earliest.",
                {
                    "sku": row.sku,
                    "on_hand": row.on_hand,
                    "days_of_cover": row.days_of_cover,
                    "stockout_date": when,
                    "risk": row.risk,
                    "suggested_order_qty": order,
                },
            )
        )
    return points


def next_tiers(
    payouts: pd.DataFrame, reach: float = NEXT_TIER_REACH, min_extra: float = NEXT_TIER_MIN_EXTRA
) -> list[TalkingPoint]:
    """Programmes where the next tier is within reach, in the rebates' own sentence.

    `payouts` is incentives.payouts.payout_table for the account (gap_share: fraction of the next
    tier's basis still missing; talking_point: the sentence rebate_advice words).
    """
    near = payouts[
        (payouts["gap_share"] <= reach) & (payouts["extra_payout_at_next_tier"] >= min_extra)
    ]
    return [
        TalkingPoint(
            "Incentives",
            f"{row.program_id}: {row.talking_point}",
            f"The next tier of a programme is within {reach:.0%} of its threshold and worth at "
            f"least {min_extra:,.0f} more.",
            {
                "program_id": row.program_id,
                "basis": row.basis,
                "next_threshold": row.next_threshold,
                "gap_to_next_tier": row.gap_to_next_tier,
                "extra_payout_at_next_tier": row.extra_payout_at_next_tier,
            },
        )
        for row in near.sort_values("gap_share").itertuples()
    ]
