"""The next-tier gap, what-ifs and the sentence a key account manager says to the customer."""

from __future__ import annotations

import pytest

from kam_core.incentives.advice import (
    buy_more,
    gap_to_next_tier,
    talking_point,
    what_if,
    what_if_range,
)
from kam_core.incentives.rebates import Position, Program, Tier, payout, tier_reached

TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
ANNUAL = Program("ANNUAL", "Annual", "revenue", "year", "retroactive", TIERS)
BANDS = Program("BANDS", "Bands", "revenue", "year", "incremental", TIERS)
UNITS = Program("UNITS", "Units", "quantity", "quarter", "incremental", TIERS)
GROWTH = Program(
    "GROWTH", "Growth", "revenue", "year", "growth", (Tier(0.05, 0.02), Tier(0.15, 0.04))
)


def test_retroactive_gap_includes_the_uplift_on_the_whole_basis():
    # At 20,000 (paying 1,000), 30,000 more reaches 10% on 50,000 = 5,000: 4,000 more.
    ahead = gap_to_next_tier(ANNUAL, Position(20_000, 20_000))

    assert ahead.tier == Tier(50_000, 0.10)
    assert ahead.gap == pytest.approx(30_000)
    assert ahead.extra_payout == pytest.approx(4_000)


def test_incremental_gap_pays_only_the_band_still_to_fill():
    ahead = gap_to_next_tier(BANDS, Position(20_000, 20_000))

    assert ahead.gap == pytest.approx(30_000)
    assert ahead.extra_payout == pytest.approx(0.05 * 30_000)


def test_at_a_threshold_the_next_tier_is_the_one_above():
    ahead = gap_to_next_tier(ANNUAL, Position(10_000, 10_000))

    assert ahead.tier.threshold == 50_000
    assert ahead.gap == pytest.approx(40_000)


def test_the_top_tier_has_no_next_tier():
    assert gap_to_next_tier(ANNUAL, Position(80_000, 80_000)) is None


def test_growth_gap_is_the_basis_needed_for_the_next_growth_fraction():
    # Last year 100,000; now 103,000 (+3%); 5% growth needs 105,000, paying 2% of 5,000.
    ahead = gap_to_next_tier(GROWTH, Position(103_000, 103_000, last_year=100_000))

    assert ahead.gap == pytest.approx(2_000)
    assert ahead.extra_payout == pytest.approx(100)


def test_growth_gap_reaches_its_tier_despite_floating_point_rounding():
    # 135,229.88 x 1.15 / 135,229.88 - 1 comes out a hair below 0.15 in floating point.
    last_year = 135_229.88
    position = Position(148_752.87, 148_752.87, last_year=last_year)

    ahead = gap_to_next_tier(GROWTH, position)

    target = last_year * 1.15
    assert ahead.tier.threshold == 0.15
    assert ahead.extra_payout == pytest.approx(
        (target - last_year) * 0.04 - (position.basis - last_year) * 0.02
    )


def test_buying_more_units_adds_revenue_at_the_account_average_price():
    after = buy_more(UNITS, Position(1_000, 5_000), 500)

    assert (after.basis, after.revenue) == (1_500, pytest.approx(7_500))


def test_what_if_moves_the_account_into_the_next_tier():
    now = Position(45_000, 45_000)

    after = buy_more(ANNUAL, now, 5_000)

    assert tier_reached(ANNUAL, after).rate == 0.10
    assert payout(ANNUAL, after) == pytest.approx(5_000)


def test_talking_point_names_the_gap_the_tier_and_the_extra_payout():
    sentence = talking_point(ANNUAL, Position(20_000, 20_000))

    assert (
        sentence == "Another 30,000 this year takes you to the 10% tier, worth 4,000 more to you."
    )


def test_talking_point_states_units_for_a_quantity_programme():
    sentence = talking_point(UNITS, Position(8_000, 40_000))

    assert sentence.startswith("Another 2,000 units this quarter takes you to the 5% tier")


def test_talking_point_on_the_top_tier_states_what_is_earned():
    assert talking_point(ANNUAL, Position(80_000, 80_000)) == (
        "You are on the top 10% tier: 8,000 earned this year."
    )


def test_talking_point_for_growth_names_the_growth_needed():
    sentence = talking_point(GROWTH, Position(103_000, 103_000, last_year=100_000))

    assert sentence == (
        "Another 2,000 this year takes you to 5% growth and the 2% tier, worth 100 more to you."
    )


def test_rates_with_decimals_are_written_as_people_say_them():
    program = Program("P", "P", "revenue", "year", "retroactive", (Tier(100, 0.035),))

    assert "3.5% tier" in talking_point(program, Position(50, 50))


def test_the_what_if_range_reaches_past_the_next_tier_in_round_steps():
    top, step = what_if_range(ANNUAL, Position(20_000, 20_000))

    assert top >= 30_000
    assert step == 500
    assert top % step == 0


def test_what_if_reports_the_tier_and_payout_gained():
    outcome = what_if(ANNUAL, Position(45_000, 45_000), 5_000)

    assert (outcome.rate, outcome.extra_rate) == (0.10, pytest.approx(0.05))
    assert (outcome.payout, outcome.extra_payout) == (pytest.approx(5_000), pytest.approx(2_750))


def test_what_if_buying_nothing_changes_nothing():
    outcome = what_if(BANDS, Position(20_000, 20_000), 0)

    assert (outcome.extra_rate, outcome.extra_payout) == (0, 0)
