"""The plan across accounts: sums per manager or region, the status bands, behind plan."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.accounts import plan_totals

AS_OF = date(2026, 6, 30)


def attained(rows: list[tuple[str, str, float, float, float, float | None]]) -> pd.DataFrame:
    """Attainment rows: account_id, manager, revenue_target, ytd_target, ytd_actual, projection."""
    columns = ["account_id", "manager", "revenue_target", "ytd_target", "ytd_actual"]
    table = pd.DataFrame(rows, columns=[*columns, "projected_full_year"])
    return table.assign(attainment=table.ytd_actual / table.ytd_target)


def test_totals_per_manager_sum_the_amounts_and_recompute_the_rates():
    table = attained(
        [
            ("A", "Ann", 100.0, 50.0, 40.0, 80.0),
            ("B", "Ann", 300.0, 150.0, 200.0, 400.0),
            ("C", "Bo", 100.0, 50.0, 50.0, None),  # no projection: its ytd_actual counts
        ]
    )

    by_manager = plan_totals.totals(table, AS_OF, by=["manager"]).set_index("manager")

    assert list(by_manager.index) == ["Ann", "Bo"]
    assert by_manager.loc["Ann", "revenue_target"] == 400
    assert by_manager.loc["Ann", "attainment"] == pytest.approx(240 / 200)
    assert by_manager.loc["Ann", "projected_attainment"] == pytest.approx(480 / 400)
    assert by_manager.loc["Ann", "gap_to_target"] == pytest.approx(400 - 480)
    assert by_manager.loc["Bo", "projected_full_year"] == 50
    assert by_manager.loc["Bo", "projected_attainment"] == pytest.approx(0.5)


def test_totals_of_everything_are_one_row_without_an_index_column():
    table = attained([("A", "Ann", 100.0, 50.0, 40.0, 80.0), ("B", "Bo", 100.0, 50.0, 60.0, 120.0)])

    both = plan_totals.totals(table, AS_OF)

    assert list(both.index) == [0]
    assert "index" not in both.columns
    assert both.loc[0, "attainment"] == pytest.approx(1.0)
    assert both.loc[0, "projected_full_year"] == 200


@pytest.mark.parametrize(("rate", "listed"), [(0.9499, True), (0.95, False), (0.9501, False)])
def test_an_account_is_behind_plan_below_95_percent_only(rate, listed):
    table = attained([("A", "Ann", 200.0, 100.0, 100.0 * rate, None)])

    behind = plan_totals.behind_plan(table)

    assert (list(behind.account_id) == ["A"]) == listed


def test_behind_plan_keeps_the_n_largest_shortfalls_ties_by_account():
    table = attained(
        [
            ("C", "Ann", 0.0, 100.0, 50.0, None),
            ("A", "Ann", 0.0, 100.0, 50.0, None),
            ("B", "Ann", 0.0, 100.0, 10.0, None),
        ]
    )

    behind = plan_totals.behind_plan(table, n=2)

    assert list(behind.account_id) == ["B", "A"]
    assert list(behind.shortfall) == [90, 50]
    assert list(behind.index) == [0, 1]


def test_behind_plan_lists_ten_by_default():
    table = attained([(f"A{i:02}", "Ann", 0.0, 100.0, 50.0, None) for i in range(11)])

    assert len(plan_totals.behind_plan(table)) == 10


TARGET_ROWS = pd.DataFrame(
    {
        "account_id": ["A", "A", "B", "C", "GHOST"],
        "month": [1, 2, None, None, None],
        "revenue_target": [100, 50, "n/a", 300, 7],
        "quantity_target": [10, 5, 20, "?", 1],
    }
)
MASTER = pd.DataFrame({"account_id": ["A", "B", "C"], "region": ["North", "North", "South"]})


def test_the_plan_per_region_counts_accounts_phased_ones_and_sums_numbers_only():
    plan = plan_totals.plan_by(TARGET_ROWS, MASTER, "region").set_index("region")

    assert list(plan.index) == ["(unknown)", "North", "South"]
    assert plan.loc["North"].to_dict() == {
        "accounts": 2,
        "phased": 1,
        "revenue_target": 150,
        "quantity_target": 35,
    }
    assert plan.loc["South", "quantity_target"] == 0  # "?" is not a number
    assert plan.loc["(unknown)", "revenue_target"] == 7


def test_the_whole_plan_is_one_row_for_all_accounts():
    plan = plan_totals.plan_by(TARGET_ROWS, MASTER)

    assert plan.to_dict("records") == [
        {
            "all": "all",
            "accounts": 4,
            "phased": 1,
            "revenue_target": 457,
            "quantity_target": 36,
        }
    ]


def test_with_plan_adds_the_target_and_attainment_and_leaves_others_empty():
    table = pd.DataFrame({"account_id": ["B", "A", "Z"], "revenue": [1.0, 2.0, 3.0]})
    attainment = attained([("A", "Ann", 100.0, 50.0, 40.0, None), ("B", "Bo", 80.0, 40, 40, None)])

    joined = plan_totals.with_plan(table, attainment)

    assert list(joined.columns) == ["account_id", "revenue", "revenue_target", "attainment"]
    assert list(joined.account_id) == ["B", "A", "Z"]
    assert joined.revenue_target.tolist()[:2] == [80, 100]
    assert joined.attainment.tolist()[:2] == pytest.approx([1.0, 0.8])
    assert joined.iloc[2].isna()[["revenue_target", "attainment"]].all()
