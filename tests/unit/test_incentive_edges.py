"""Edges of the incentive rules: thresholds met exactly, a first day, a prior year of 1."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.incentives.advice import gap_to_next_tier, talking_point, what_if, what_if_range
from kam_core.incentives.contests import contest_standings
from kam_core.incentives.payouts import closest_to_next_tier, payout_table
from kam_core.incentives.periods import period_containing, periods_between, run_rate
from kam_core.incentives.rebates import (
    Position,
    Program,
    ProgramError,
    Tier,
    growth_fraction,
    growth_rebate,
)

TIERS = (Tier(10_000, 0.05), Tier(50_000, 0.10))
ANNUAL = Program("ANNUAL", "Annual", "revenue", "year", "retroactive", TIERS)


def test_growth_is_measured_against_any_positive_last_year():
    assert growth_fraction(2.0, 1.0) == 1.0
    assert growth_fraction(2.0, 0.0) is None


def test_growth_exactly_on_a_tier_earns_it():
    assert growth_rebate(125.0, 100.0, (Tier(0.25, 0.1),)) == pytest.approx(2.5)
    assert growth_rebate(124.0, 100.0, (Tier(0.25, 0.1),)) == 0.0


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ((), "rebate programme 'X': has no tiers"),
        ((Tier(-1, 0.1),), "rebate programme 'X': has a negative threshold"),
        (
            (Tier(0, 0.1), Tier(0, 0.2)),
            r"rebate programme 'X': thresholds must be ascending and unique, got \[0, 0\]",
        ),
        (
            (Tier(0, 0.2), Tier(10, 0.1)),
            r"rebate programme 'X': a higher tier must not pay a lower rate, got \[0.2, 0.1\]",
        ),
    ],
)
def test_a_programme_that_cannot_be_paid_is_refused_in_words(tiers, message):
    with pytest.raises(ProgramError, match=f"^{message}$"):
        Program("X", "X", "revenue", "year", "retroactive", tiers)


def test_an_unknown_method_lists_the_choices():
    with pytest.raises(ProgramError, match="choose one of retroactive, incremental, growth$"):
        Program("X", "X", "revenue", "year", "bonus", TIERS)


def test_a_rate_of_one_is_a_fraction_and_allowed():
    assert Program("X", "X", "revenue", "year", "retroactive", (Tier(0, 1.0),)).tiers[0].rate == 1


def test_periods_between_stop_at_the_period_that_starts_on_the_first_day():
    found = periods_between("quarter", date(2025, 1, 1), date(2025, 8, 15))

    assert [p.label for p in found] == ["2025-Q3", "2025-Q2", "2025-Q1"]


def test_nothing_is_projected_before_the_period_starts():
    year = period_containing("year", date(2025, 6, 1))

    assert year.elapsed_days(date(2024, 12, 31)) == 0
    assert run_rate(500.0, year, date(2024, 12, 31)) == 0.0
    assert year.elapsed_days(date(2025, 1, 1)) == 1
    assert run_rate(500.0, year, date(2025, 1, 1)) == 500.0 * 365


def test_an_unknown_period_is_refused_in_words():
    with pytest.raises(ValueError, match="^unknown period 'month'; choose year or quarter$"):
        period_containing("month", date(2025, 1, 1))


def test_a_quantity_account_buying_more_is_valued_at_its_own_price():
    program = Program("Q", "Units", "quantity", "year", "retroactive", TIERS)

    found = what_if(program, Position(9_000, 27_000), 1_000)  # 3.00 a unit

    assert (found.rate, found.payout) == (0.05, pytest.approx(0.05 * 30_000))
    assert found.extra_payout == pytest.approx(1_500)


def test_a_gap_is_never_negative_and_the_talking_point_says_what_it_is_worth():
    ahead = gap_to_next_tier(ANNUAL, Position(9_999, 9_999))

    assert ahead is not None
    assert ahead.gap == pytest.approx(1)
    assert talking_point(ANNUAL, Position(9_999, 9_999)) == (
        "Another 1 this year takes you to the 5% tier, worth 500 more to you."
    )


def test_a_tier_worth_nothing_more_is_not_sold_as_worth_something():
    free = Program("F", "F", "revenue", "year", "retroactive", (Tier(100, 0.0), Tier(200, 0.025)))

    assert talking_point(free, Position(50, 50)) == "Another 50 this year takes you to the 0% tier."
    assert talking_point(free, Position(250, 250)) == (
        "You are on the top 2.5% tier: 6 earned this year."
    )


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        (9_999.0, (2_500.0, 50.0)),  # a quarter of the basis beats 1.5 x the gap of 1
        (30_000.0, (30_000.0, 500.0)),  # 1.5 x the 20,000 gap
        (80_000.0, (20_000.0, 200.0)),  # at the top: a quarter of the basis
    ],
)
def test_the_what_if_control_reaches_past_the_next_tier_in_round_steps(basis, expected):
    assert what_if_range(ANNUAL, Position(basis, basis)) == expected


def test_with_nothing_ahead_and_no_basis_the_what_if_control_reaches_100():
    growth = Program("G", "G", "revenue", "year", "growth", (Tier(0.05, 0.02),))

    assert what_if_range(growth, Position(0.0, 0.0)) == (100.0, 1.0)


def test_a_growth_contest_needs_sales_last_year_even_of_one():
    sales = pd.DataFrame(
        {
            "account_id": ["A", "B", "C"],
            "name": ["a", "b", "c"],
            "revenue": [3.0, 100.0, 50.0],
            "ly_revenue": [1.0, 80.0, 0.0],
        }
    )

    table = contest_standings(sales, "growth_pct", [100.0])

    assert table.to_dict("records") == [
        {
            "rank": 1,
            "account_id": "A",
            "name": "a",
            "revenue": 3.0,
            "ly_revenue": 1.0,
            "value": 2.0,
            "prize": 100.0,
        },
        {
            "rank": 2,
            "account_id": "B",
            "name": "b",
            "revenue": 100.0,
            "ly_revenue": 80.0,
            "value": 0.25,
            "prize": 0.0,
        },
    ]


def test_more_prizes_than_entrants_award_only_the_places_held():
    sales = pd.DataFrame(
        {"account_id": ["A"], "name": ["a"], "revenue": [10.0], "ly_revenue": [0.0]}
    )

    table = contest_standings(sales, "revenue", [300.0, 200.0, 100.0])

    assert table.prize.tolist() == [300.0]


def test_an_unknown_contest_metric_lists_the_choices():
    with pytest.raises(ValueError, match="choose one of growth, growth_pct, revenue$"):
        contest_standings(pd.DataFrame(), "margin", [])


def bases(*rows: tuple) -> pd.DataFrame:
    columns = ["account_id", "name", "program_id", "basis", "revenue", "ly_to_date", "ly_basis"]
    return pd.DataFrame(list(rows), columns=columns)


def test_the_payout_row_names_the_tier_reached_now_and_by_the_projection():
    table = payout_table(
        bases(("A1", "Shop", "ANNUAL", 30_000, 30_000, 0, 0)).set_axis([7]),
        {"ANNUAL": ANNUAL},
        date(2025, 7, 2),
    )

    assert list(table.index) == [7]
    row = table.loc[7]
    assert (row.tier_threshold, row.tier_rate) == (10_000, 0.05)
    assert row.projected_tier_rate == 0.10  # 30,000 by 2 July runs to 59,836
    assert row.talking_point == (
        "Another 20,000 this year takes you to the 10% tier, worth 3,500 more to you."
    )


def test_no_bases_give_an_empty_table_with_every_column():
    table = payout_table(bases(), {"ANNUAL": ANNUAL}, date(2025, 7, 2))

    assert table.empty
    assert "talking_point" in table.columns and "ly_basis" in table.columns


def test_the_ten_closest_accounts_by_default_and_those_with_any_basis():
    rows = [(f"A{i:02}", "Shop", "ANNUAL", 9_000 + i, 9_000 + i, 0, 0) for i in range(11)]
    rows.append(("B", "Tiny", "ANNUAL", 1, 1, 0, 0))
    table = payout_table(
        bases(*rows).set_axis(range(100, 112)), {"ANNUAL": ANNUAL}, date(2025, 7, 2)
    )

    closest = closest_to_next_tier(table)

    assert len(closest) == 10
    assert list(closest.index) == list(range(10))
    assert closest.account_id.iloc[0] == "A10"
    assert "B" in set(closest_to_next_tier(table, n=20).account_id)
