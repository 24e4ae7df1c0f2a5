"""Sales contests: ranking on growth or revenue, prizes by place, ties sharing."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.incentives.contests import PrizeError, contest_standings, prizes_from_text


def sales(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["account_id", "name", "revenue", "ly_revenue"])


SALES = sales(
    ("A1", "Big", 500_000, 450_000),  # +50,000, +11%
    ("A2", "Fast", 120_000, 60_000),  # +60,000, +100%
    ("A3", "New", 80_000, 0),  # +80,000, no base
    ("A4", "Lost", 0, 90_000),  # no sales: does not compete
)


def test_top_accounts_by_growth_win_the_prizes_in_order():
    standings = contest_standings(SALES, "growth", prizes=[5_000, 2_000])

    assert list(standings.account_id) == ["A3", "A2", "A1"]
    assert list(standings.prize) == [5_000, 2_000, 0]


def test_growth_percentage_needs_last_year_sales():
    standings = contest_standings(SALES, "growth_pct", prizes=[1_000])

    assert list(standings.account_id) == ["A2", "A1"]
    assert standings.value.iloc[0] == pytest.approx(1.0)


def test_accounts_tied_on_the_metric_share_their_places_prizes():
    tied = sales(("A1", "x", 200, 100), ("A2", "y", 200, 100), ("A3", "z", 150, 100))

    standings = contest_standings(tied, "growth", prizes=[3_000, 1_000])

    assert list(standings["rank"]) == [1, 1, 3]
    assert list(standings.prize) == [2_000, 2_000, 0]


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="unknown contest metric 'margin'"):
        contest_standings(SALES, "margin", prizes=[1])


@given(
    st.lists(st.tuples(st.integers(1, 10), st.integers(0, 10)), min_size=1, max_size=20),
    st.lists(st.integers(0, 10_000), max_size=5),
)
def test_the_prizes_paid_add_up_to_the_places_filled(rows, prizes):
    entrants = sales(*[(f"A{i}", "n", r, ly) for i, (r, ly) in enumerate(rows)])

    standings = contest_standings(entrants, "growth", prizes=prizes)

    assert standings.prize.sum() == pytest.approx(sum(prizes[: len(standings)]))


def test_the_top_n_are_shown_and_none_means_everyone():
    standings = contest_standings(SALES, "revenue", prizes=[1])

    assert len(contest_standings(SALES, "revenue", prizes=[1], top_n=1)) == 1
    assert len(standings) == len(SALES[SALES.revenue > 0])


def test_prizes_are_read_from_amounts_separated_by_commas():
    assert prizes_from_text(" 5000, 3000,,1000.5 ") == [5_000, 3_000, 1_000.5]
    assert prizes_from_text("") == []
    assert prizes_from_text("0, 1e12") == [0, 1e12]


@pytest.mark.parametrize("typed", ["nan", "inf", "-1", "1e13", "5k", "1_000", "<b>1</b>"])
def test_a_prize_that_is_not_an_amount_from_0_to_a_trillion_is_refused(typed: str):
    with pytest.raises(PrizeError, match=r"prize 2 \(.*\) is not an amount from 0 to"):
        prizes_from_text(f"100, {typed}")


def test_at_most_100_places_win_a_prize():
    assert len(prizes_from_text(",".join(["1"] * 100))) == 100
    with pytest.raises(PrizeError, match="101 prizes typed; award at most 100 places"):
        prizes_from_text(",".join(["1"] * 101))
