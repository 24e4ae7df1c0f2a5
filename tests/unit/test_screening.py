"""Key-account screening: score, tiers by the one rule, movements, unknown criteria."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.accounts.ranking import rank_accounts
from kam_core.accounts.screening import Weights, criteria, movement, score, screen_windows, tiers

SALES_ONLY = Weights(sales=1, margin=0, growth=0, credit=0, wallet_share=0)


def _window(rows: dict[str, tuple[float, float | None, str | None]], window: int = 0):
    """account_id: (revenue, margin_rate or None, credit_rating)."""
    return pd.DataFrame(
        {
            "account_id": list(rows),
            "years_ago": window,
            "revenue": [r[0] for r in rows.values()],
            "known_margin": [r[0] * r[1] if r[1] is not None else 0.0 for r in rows.values()],
            "revenue_with_cost": [r[0] if r[1] is not None else 0.0 for r in rows.values()],
            "credit_rating": [r[2] for r in rows.values()],
            "wallet_share": None,
        }
    )


def _history(*windows: dict[str, tuple[float, float | None, str | None]]) -> pd.DataFrame:
    return pd.concat([_window(w, k) for k, w in enumerate(windows)], ignore_index=True)


def test_margin_is_unknown_not_zero_when_no_line_has_a_cost() -> None:
    window = _window({"COSTED": (100, 0.3, "A"), "NOCOST": (100, None, "A")})

    table = criteria(window, _window({})).set_index("account_id")

    assert table.loc["COSTED", "margin_rate"] == pytest.approx(0.3)
    assert pd.isna(table.loc["NOCOST", "margin_rate"])


def test_growth_is_unknown_for_an_account_without_sales_the_year_before() -> None:
    table = criteria(_window({"NEW": (100, 0.3, "A")}), _window({})).set_index("account_id")

    assert pd.isna(table.loc["NEW", "growth"])


def test_an_unknown_criterion_gives_its_weight_to_the_known_ones() -> None:
    table = criteria(
        _window({"BIG": (100, None, "A"), "SMALL": (10, None, "D")}), _window({})
    ).set_index("account_id")

    scores = score(table, Weights(sales=1, margin=5, growth=5, credit=1, wallet_share=5))

    # Only sales (Pareto points: 1 - share held above) and credit (percentile) are known.
    assert scores["BIG"] == pytest.approx(100)
    assert scores["SMALL"] == pytest.approx(100 * ((1 - 100 / 110) + 0.5) / 2)


def test_with_all_weight_on_sales_the_tiers_are_the_ranking_classes() -> None:
    revenue = {"W": 50, "X": 30, "Y": 15, "Z": 5}
    table = criteria(_window({k: (v, 0.2, "B") for k, v in revenue.items()}), _window({}))

    proposed = tiers(table, SALES_ONLY).set_index("account_id")["tier"]

    ranking = rank_accounts(
        pd.DataFrame(
            {"account_id": list(revenue), "revenue_12m": list(revenue.values()), "margin_12m": None}
        )
    ).set_index("account_id")["abc_class"]
    assert proposed.sort_index().tolist() == ranking.sort_index().tolist() == ["A", "A", "B", "C"]


def test_a_tail_account_cannot_jump_to_key_however_well_it_scores() -> None:
    accounts = {"BIG": (85, 0.1, "D"), "MID": (10, 0.1, "D"), "TAIL": (5, 0.9, "A")}
    table = criteria(_window(accounts), _window({}))

    proposed = tiers(table, Weights(sales=0.01, margin=1, credit=1)).set_index("account_id")

    # Revenue classes: BIG A, MID B (85% above), TAIL C (95% above): one place in each tier.
    # TAIL scores best but is class C: it takes the B place, MID is pushed to C.
    assert proposed["tier"].to_dict() == {"BIG": "A", "TAIL": "B", "MID": "C"}


def test_a_single_account_scores_100_and_is_key() -> None:
    history = _history({"ONLY": (10, 0.2, "C")}, {"ONLY": (8, 0.2, "C")}, {})

    table = screen_windows(history)

    assert table.loc[0, ["score", "proposed_tier", "previous_tier", "movement"]].tolist() == [
        100,
        "A",
        "A",
        "same",
    ]


def test_previous_tier_comes_from_the_previous_twelve_months_and_movements_follow() -> None:
    now = {"RISER": (60, 0.3, "A"), "FALLER": (30, 0.3, "A"), "NEWBIE": (10, 0.3, "A")}
    before = {"RISER": (10, 0.3, "A"), "FALLER": (80, 0.3, "A"), "GONE": (10, 0.3, "A")}

    table = screen_windows(_history(now, before, {}), SALES_ONLY).set_index("account_id")

    assert table.loc[["RISER", "FALLER", "GONE"], "previous_tier"].tolist() == ["B", "A", "B"]
    assert pd.isna(table.loc["NEWBIE", "previous_tier"])
    assert table["movement"].to_dict() == {
        "RISER": "up",
        "FALLER": "same",
        "NEWBIE": "new",
        "GONE": "lost",
    }
    assert pd.isna(table.loc["GONE", "score"])


def test_movement_between_tiers() -> None:
    assert movement("C", "A") == "up"
    assert movement("A", "B") == "down"
    assert movement(None, "C") == "new"
    assert movement("B", None) == "lost"


def test_weights_cannot_all_be_zero_or_negative() -> None:
    with pytest.raises(ValueError):
        Weights(0, 0, 0, 0, 0)
    with pytest.raises(ValueError):
        Weights(sales=-1)


@given(st.lists(st.floats(0.01, 1e6), min_size=1, max_size=30), st.floats(0, 1))
def test_scores_stay_between_0_and_100(revenues: list[float], margin: float) -> None:
    table = criteria(
        _window({f"AC{i}": (r, margin, "AB"[i % 2]) for i, r in enumerate(revenues)}), _window({})
    )

    scores = score(table)

    assert ((scores >= 0) & (scores <= 100 + 1e-9)).all()  # float rounding of a weighted mean


def test_the_class_thresholds_given_reach_both_windows_tiers() -> None:
    # revenue shares 50/30/15/5: with a = 0.5 and b = 0.8 only the first is A and the
    # second B; the defaults (0.8, 0.95) would make the first two A and the third B.
    rows = {"W": (50, 0.2, "A"), "X": (30, 0.2, "A"), "Y": (15, 0.2, "A"), "Z": (5, 0.2, "A")}
    history = _history(rows, rows, {})

    table = screen_windows(history, SALES_ONLY, a=0.5, b=0.8).set_index("account_id")

    assert table.proposed_tier.to_dict() == {"W": "A", "X": "B", "Y": "C", "Z": "C"}
    assert table.previous_tier.to_dict() == table.proposed_tier.to_dict()


def test_the_screen_is_ordered_by_score_then_account_with_a_fresh_index() -> None:
    rows = {"B": (30, 0.2, "A"), "A": (50, 0.2, "A"), "C": (10, 0.2, "A")}
    history = _history(rows, {"GZ": (10, 0.2, "A"), "GA": (10, 0.2, "A")}, {})

    table = screen_windows(history, SALES_ONLY)

    # the accounts lost have no score now: last, by account
    assert table.account_id.tolist() == ["A", "B", "C", "GA", "GZ"]
    assert list(table.index) == [0, 1, 2, 3, 4]
    assert list(table.columns) == [
        "account_id",
        "score",
        "proposed_tier",
        "previous_tier",
        "revenue_12m",
        "margin_rate",
        "growth",
        "credit_rating",
        "wallet_share",
        "movement",
    ]


def test_the_window_three_years_ago_sets_last_years_growth() -> None:
    history = _history({"A": (10, 0.2, "A")}, {"A": (10, 0.2, "A")}, {"A": (5, 0.2, "A")})

    windows = screen_windows(history)

    assert windows.loc[0, "account_id"] == "A"


@pytest.mark.parametrize(
    "weights",
    [
        {"sales": -0.1},
        {"sales": 0, "margin": 0, "growth": 0, "credit": 0, "wallet_share": 0},
    ],
)
def test_weights_must_be_non_negative_and_not_all_zero(weights) -> None:
    with pytest.raises(ValueError, match="^weights must be non-negative and not all zero$"):
        Weights(**weights)


def test_a_weight_of_zero_is_allowed() -> None:
    assert Weights(margin=0).margin == 0
