"""Talking points: each rule fires on the case built for it and stays silent on one against it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.visits import talking_points as tp

AS_OF = date(2026, 10, 31)


def _mix(*rows: tuple[str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["category", "revenue", "revenue_ly"])


def _risks(*rows: tuple[str, str | None, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["sku", "stockout_date", "risk", "suggested_order_qty"])
    return frame.assign(
        stockout_date=pd.to_datetime(frame["stockout_date"]), on_hand=100.0, days_of_cover=12.0
    )


def test_revenue_down_a_tenth_or_more_is_said_with_both_figures() -> None:
    points = tp.revenue_change(880_000, 1_000_000)

    assert [p.text for p in points] == ["Revenue down 12% against last year: $880K against $1M."]
    assert points[0].numbers["change"] == pytest.approx(-0.12)


def test_revenue_within_a_tenth_of_last_year_is_not_a_point() -> None:
    assert tp.revenue_change(950_000, 1_000_000) == []


def test_an_account_that_stopped_buying_is_said_plainly() -> None:
    points = tp.revenue_change(0, 429_480)

    assert [p.text for p in points] == ["No purchases this period, against $429.5K last year."]


def test_no_revenue_last_year_gives_no_growth_point() -> None:
    assert tp.revenue_change(50_000, 0) == []


def test_a_category_down_18_percent_is_a_point() -> None:
    mix = _mix(("Kettles", 12_300, 15_000), ("Toasters", 50_000, 50_000))

    points = tp.category_shifts(mix)

    assert [p.text for p in points] == [
        "Revenue in Kettles down 18% against last year ($12.3K against $15K)."
    ]
    assert points[0].numbers["change"] == pytest.approx(-0.18)


def test_a_category_that_barely_moved_is_silent() -> None:
    assert tp.category_shifts(_mix(("Kettles", 14_000, 15_000), ("Toasters", 9_000, 10_000))) == []


def test_a_tiny_category_swinging_wildly_is_silent() -> None:
    mix = _mix(("Accessories", 100, 400), ("Kettles", 20_000, 20_000))

    assert tp.category_shifts(mix) == []


def test_a_growing_category_is_a_point_too() -> None:
    points = tp.category_shifts(_mix(("Air fryers", 30_000, 20_000)))

    assert points[0].text.startswith("Revenue in Air fryers up 50%")


def test_the_earliest_stock_out_comes_first_with_its_proposed_order() -> None:
    risks = _risks(("TO-1002", "2026-12-09", "high", 300), ("KE-1001", "2026-12-03", "high", 1200))

    points = tp.stock_outs(risks)

    assert points[0].text == (
        "KE-1001 runs out around 3 Dec at the current rate; propose 1,200 units."
    )
    assert [p.numbers["sku"] for p in points] == ["KE-1001", "TO-1002"]


def test_low_risk_or_no_stock_out_is_silent() -> None:
    risks = _risks(("KE-1001", "2026-12-03", "low", 0), ("TO-1002", None, "high", 500))

    assert tp.stock_outs(risks) == []


def test_only_the_earliest_stock_outs_are_raised() -> None:
    risks = _risks(*((f"SKU-{i}", f"2026-12-{10 + i}", "medium", 10) for i in range(5)))

    assert len(tp.stock_outs(risks)) == tp.STOCK_POINTS


@given(st.floats(1, 1e9), st.floats(1, 1e9))
def test_revenue_fires_exactly_when_the_change_reaches_the_threshold(
    now: float, before: float
) -> None:
    points = tp.revenue_change(now, before)

    assert bool(points) == (abs(now / before - 1) >= tp.REVENUE_CHANGE)


def _payouts(gap_share: float, extra: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "program_id": ["ANNUAL"],
            "basis": [255_000.0],
            "next_threshold": [300_000.0],
            "gap_to_next_tier": [45_000.0],
            "extra_payout_at_next_tier": [extra],
            "gap_share": [gap_share],
            "talking_point": ["Another 45,000 this year takes you to the 3.5% tier."],
        }
    )


def test_a_next_tier_within_reach_is_said_in_the_rebates_words() -> None:
    points = tp.next_tiers(_payouts(gap_share=0.15, extra=18_000))

    assert [p.text for p in points] == [
        "ANNUAL: Another 45,000 this year takes you to the 3.5% tier."
    ]
    assert points[0].numbers["gap_to_next_tier"] == 45_000


def test_a_next_tier_far_away_or_worth_nothing_is_silent() -> None:
    assert tp.next_tiers(_payouts(gap_share=0.6, extra=18_000)) == []
    assert tp.next_tiers(_payouts(gap_share=0.1, extra=tp.NEXT_TIER_MIN_EXTRA - 1)) == []


def test_only_the_largest_category_moves_in_money_are_raised() -> None:
    mix = _mix(
        ("Kettles", 8_000, 10_000), ("Toasters", 50_000, 70_000), ("Blenders", 30_000, 20_000)
    )

    points = tp.category_shifts(mix)

    assert [p.numbers["category"] for p in points] == ["Toasters", "Blenders"]


def test_a_lost_account_gets_no_category_points() -> None:
    assert tp.category_shifts(_mix(("Kettles", 0, 10_000), ("Toasters", 0, 70_000))) == []


def test_a_revenue_point_carries_its_topic_rule_and_figures() -> None:
    points = tp.revenue_change(125.0, 100.0, threshold=0.25)  # exactly on the threshold

    assert points == [
        tp.TalkingPoint(
            "Sales",
            "Revenue up 25% against last year: $125 against $100.",
            "Revenue changed by 25% or more against the same dates last year.",
            {"revenue": 125.0, "revenue_last_year": 100.0, "change": 0.25},
        )
    ]


def test_a_category_exactly_on_both_thresholds_is_a_point_with_its_figures() -> None:
    mix = _mix(("Kettles", 12_500, 10_000), ("Toasters", 30_000, 30_000))  # +25%, 25% share

    points = tp.category_shifts(mix, threshold=0.25, min_share=0.25)

    assert points == [
        tp.TalkingPoint(
            "Sales",
            "Revenue in Kettles up 25% against last year ($12.5K against $10K).",
            "A category with at least 25% of last year's revenue moved by 25% or more; "
            "the 2 largest moves.",
            {
                "category": "Kettles",
                "revenue": 12_500,
                "revenue_last_year": 10_000,
                "change": 0.25,
                "share_last_year": 0.25,
            },
        )
    ]


def test_the_largest_move_is_in_money_not_in_the_sum_of_both_years() -> None:
    mix = _mix(("Kettles", 60_000, 50_000), ("Toasters", 20_000, 40_000), ("Irons", 9, 9))

    points = tp.category_shifts(mix)

    assert [p.numbers["category"] for p in points] == ["Toasters", "Kettles"]


def test_moves_of_the_same_size_are_listed_alphabetically() -> None:
    mix = _mix(("Toasters", 12_000, 10_000), ("Kettles", 8_000, 10_000))

    points = tp.category_shifts(mix)

    assert [p.numbers["category"] for p in points] == ["Kettles", "Toasters"]


def test_a_category_point_needs_only_some_revenue_in_each_year() -> None:
    assert len(tp.category_shifts(_mix(("Kettles", 2.0, 1.0)))) == 1


def test_a_stock_out_point_carries_its_topic_rule_and_figures() -> None:
    points = tp.stock_outs(_risks(("KE-1", "2026-12-03", "medium", None)))

    assert points == [
        tp.TalkingPoint(
            "Stock",
            "KE-1 runs out around 3 Dec at the current rate.",
            "Projected stock-out before the end of the peak at high or medium risk; "
            "the 3 earliest.",
            {
                "sku": "KE-1",
                "on_hand": 100.0,
                "days_of_cover": 12.0,
                "stockout_date": date(2026, 12, 3),
                "risk": "medium",
                "suggested_order_qty": 0.0,
            },
        )
    ]


@pytest.mark.parametrize(("order", "said"), [(0, ""), (1, "; propose 1 units")])
def test_an_order_is_proposed_from_one_unit(order, said) -> None:
    [point] = tp.stock_outs(_risks(("KE-1", "2026-12-03", "high", order)))

    assert point.text == f"KE-1 runs out around 3 Dec at the current rate{said}."


@pytest.mark.parametrize(
    ("gap_share", "extra", "fires"),
    [
        (0.25, 100.0, True),  # on both thresholds
        (0.26, 100.0, False),
        (0.25, 99.99, False),
    ],
)
def test_a_next_tier_is_said_up_to_a_quarter_away_and_from_100_more(gap_share, extra, fires):
    assert bool(tp.next_tiers(_payouts(gap_share=gap_share, extra=extra))) == fires


def test_a_next_tier_point_carries_its_topic_rule_and_figures() -> None:
    [point] = tp.next_tiers(_payouts(gap_share=0.15, extra=18_000))

    assert point.topic == "Incentives"
    assert point.rule == (
        "The next tier of a programme is within 25% of its threshold and worth at least 100 more."
    )
    assert point.numbers == {
        "program_id": "ANNUAL",
        "basis": 255_000.0,
        "next_threshold": 300_000.0,
        "gap_to_next_tier": 45_000.0,
        "extra_payout_at_next_tier": 18_000,
    }
