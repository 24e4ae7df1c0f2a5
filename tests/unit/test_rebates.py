"""Rebate rules: retroactive, incremental and growth tiers, and programme validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.incentives.rebates import (
    Position,
    Program,
    ProgramError,
    Tier,
    growth_rebate,
    incremental_rebate,
    next_tier,
    payout,
    retroactive_rebate,
    tier_reached,
)

# The worked example: 0% below 10,000, 5% from 10,000, 10% from 50,000.
TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
GROWTH_TIERS = (Tier(0.05, 0.02), Tier(0.15, 0.04), Tier(0.30, 0.06))


def program(method: str = "retroactive", basis: str = "revenue", tiers=TIERS) -> Program:
    return Program("P1", "Test programme", basis, "year", method, tuple(tiers))


def test_nothing_is_paid_below_the_first_tier():
    assert retroactive_rebate(9_999, TIERS) == 0
    assert incremental_rebate(9_999, TIERS) == 0


def test_whole_basis_earns_the_tier_reached():
    assert retroactive_rebate(20_000, TIERS) == pytest.approx(1_000)


def test_incremental_pays_each_band_at_its_own_rate():
    assert incremental_rebate(60_000, TIERS) == pytest.approx(0.05 * 40_000 + 0.10 * 10_000)
    assert incremental_rebate(60_000, TIERS) == pytest.approx(3_000)


def test_a_basis_exactly_at_a_threshold_reaches_that_tier():
    at_threshold = Position(50_000, 50_000)

    reached = tier_reached(program(), at_threshold)

    assert reached == Tier(50_000, 0.10)
    assert payout(program(), at_threshold) == pytest.approx(5_000)
    assert incremental_rebate(50_000, TIERS) == pytest.approx(2_000)


def test_an_account_with_no_sales_earns_nothing_and_aims_at_the_first_tier():
    nothing = Position(0, 0)

    for method in ("retroactive", "incremental"):
        assert payout(program(method), nothing) == 0
        assert tier_reached(program(method), nothing) is None
        assert next_tier(program(method), nothing) == TIERS[0]


def test_growth_pays_the_tier_rate_on_the_basis_above_last_year():
    # 120,000 against 100,000 is +20%: the 15% tier pays 4% of the 20,000 above last year.
    assert growth_rebate(120_000, 100_000, GROWTH_TIERS) == pytest.approx(800)


def test_growth_pays_nothing_without_growth():
    assert growth_rebate(90_000, 100_000, GROWTH_TIERS) == 0
    assert growth_rebate(100_000, 100_000, GROWTH_TIERS) == 0


def test_growth_below_the_first_growth_tier_pays_nothing():
    assert growth_rebate(104_000, 100_000, GROWTH_TIERS) == 0


def test_growth_with_no_prior_year_pays_nothing_and_has_no_next_tier():
    new_account = Position(500_000, 500_000, last_year=0)
    growth = program("growth", tiers=GROWTH_TIERS)

    assert payout(growth, new_account) == 0
    assert tier_reached(growth, new_account) is None
    assert next_tier(growth, new_account) is None


def test_quantity_tiers_count_units_and_pay_on_revenue():
    # 12,000 units for 600,000: the 5% tier from 10,000 units pays 5% of the revenue.
    units = program(basis="quantity")

    assert payout(units, Position(12_000, 600_000)) == pytest.approx(30_000)


def test_quantity_bands_pay_on_the_revenue_of_the_units_inside_them():
    # 60,000 units at an average 2.00: 40,000 units at 5% and 10,000 at 10%, on their revenue.
    units = program("incremental", basis="quantity")

    assert payout(units, Position(60_000, 120_000)) == pytest.approx(6_000)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"method": "bonus"}, "unknown method 'bonus'"),
        ({"basis": "margin"}, "unknown basis 'margin'"),
        ({"period": "month"}, "unknown period 'month'"),
        ({"tiers": ()}, "has no tiers"),
        ({"tiers": (Tier(50_000, 0.05), Tier(10_000, 0.10))}, "ascending and unique"),
        ({"tiers": (Tier(10_000, 0.05), Tier(10_000, 0.10))}, "ascending and unique"),
        ({"tiers": (Tier(10_000, 5),)}, "within 0..1"),
        ({"tiers": (Tier(10_000, -0.01),)}, "within 0..1"),
        ({"tiers": (Tier(10_000, 0.10), Tier(50_000, 0.05))}, "lower rate"),
        ({"tiers": (Tier(-1, 0.10),)}, "negative threshold"),
    ],
)
def test_a_bad_programme_is_refused_with_its_name(changes: dict, problem: str):
    fields = {"basis": "revenue", "period": "year", "method": "retroactive", "tiers": TIERS}

    with pytest.raises(ProgramError, match=problem) as refused:
        Program("BAD1", "Broken", **{**fields, **changes})

    assert "'BAD1'" in str(refused.value)


rising_tiers = st.lists(
    st.tuples(st.floats(0, 1e7), st.floats(0, 1)), min_size=1, max_size=5, unique_by=lambda t: t[0]
).map(
    lambda pairs: tuple(
        Tier(threshold, rate)
        for threshold, rate in zip(
            sorted(p[0] for p in pairs), sorted(p[1] for p in pairs), strict=True
        )
    )
)


@given(
    rising_tiers,
    st.floats(0, 1e9),
    st.floats(0, 1e9),
    st.sampled_from(["retroactive", "incremental"]),
)
def test_payout_never_falls_as_the_basis_rises(tiers, a, b, method):
    lo, hi = sorted((a, b))
    rules = program(method, tiers=tiers)

    assert payout(rules, Position(lo, lo)) <= payout(rules, Position(hi, hi)) * (1 + 1e-12)
