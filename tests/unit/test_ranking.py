"""The 20/80 ranking: shares, cumulative shares and A/B/C classes."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.accounts.ranking import class_summary, rank_accounts, revenue_share_of_top


def _totals(revenue: dict[str, float], margin: float | None = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": list(revenue),
            "revenue_12m": list(revenue.values()),
            "margin_12m": [margin] * len(revenue),
        }
    )


def test_accounts_are_ranked_by_revenue_largest_first() -> None:
    totals = _totals({"S": 10, "L": 70, "M": 20})

    ranking = rank_accounts(totals)

    assert list(ranking["account_id"]) == ["L", "M", "S"]
    assert list(ranking["rank"]) == [1, 2, 3]
    assert list(ranking["cumulative_share"]) == pytest.approx([0.7, 0.9, 1.0])


def test_an_account_is_a_while_the_accounts_above_hold_less_than_80_percent() -> None:
    totals = _totals({"X": 50, "Y": 30, "Z": 15, "W": 5})

    ranking = rank_accounts(totals)

    # Z: the accounts above hold exactly 80% -> not below 80% -> B; W: above hold 95% -> C.
    assert list(ranking["abc_class"]) == ["A", "A", "B", "C"]


def test_boundary_exactly_at_80_percent_survives_float_rounding() -> None:
    totals = _totals({f"AC{i}": 0.1 for i in range(10)})  # 8 x 0.1 sums to 0.7999999999999999

    ranking = rank_accounts(totals)

    assert list(ranking["abc_class"]) == ["A"] * 8 + ["B", "B"]


def test_thresholds_are_options() -> None:
    totals = _totals({"X": 50, "Y": 30, "Z": 20})

    ranking = rank_accounts(totals, a=0.5, b=0.6)

    assert list(ranking["abc_class"]) == ["A", "B", "C"]


def test_a_single_account_is_class_a_with_the_whole_revenue() -> None:
    ranking = rank_accounts(_totals({"ONLY": 123.0}))

    assert ranking.iloc[0].to_dict() | {"margin_12m": 1.0} == {
        "account_id": "ONLY",
        "revenue_12m": 123.0,
        "margin_12m": 1.0,
        "share": 1.0,
        "cumulative_share": 1.0,
        "abc_class": "A",
        "rank": 1,
    }


def test_accounts_without_revenue_are_not_ranked_and_unknown_margin_stays_unknown() -> None:
    totals = _totals({"X": 10, "NONE": 0}, margin=None)

    ranking = rank_accounts(totals)

    assert list(ranking["account_id"]) == ["X"]
    assert ranking["margin_12m"].isna().all()


def test_ties_are_broken_by_account_id() -> None:
    ranking = rank_accounts(_totals({"B": 5, "A": 5}))

    assert list(ranking["account_id"]) == ["A", "B"]


def test_revenue_share_of_the_top_20_percent_of_accounts() -> None:
    ranking = rank_accounts(_totals({"A": 80, "B": 5, "C": 5, "D": 5, "E": 5}))

    assert revenue_share_of_top(ranking, 0.2) == pytest.approx(0.8)
    assert revenue_share_of_top(ranking, 0.1) == pytest.approx(0.4)


def test_class_summary_counts_every_class_even_when_empty() -> None:
    summary = class_summary(rank_accounts(_totals({"X": 1.0})))

    assert list(summary["abc_class"]) == ["A", "B", "C"]
    assert list(summary["accounts"]) == [1, 0, 0]


revenues = st.lists(st.floats(0.01, 1e7, allow_nan=False), min_size=1, max_size=60)


@given(revenues)
def test_shares_sum_to_one_and_cumulative_share_never_falls(values: list[float]) -> None:
    totals = _totals({f"AC{i:03d}": v for i, v in enumerate(values)})

    ranking = rank_accounts(totals)

    assert ranking["share"].sum() == pytest.approx(1.0)
    assert ranking["cumulative_share"].is_monotonic_increasing
    assert ranking["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert ranking["abc_class"].is_monotonic_increasing  # A before B before C
    assert ranking["abc_class"].iloc[0] == "A"
