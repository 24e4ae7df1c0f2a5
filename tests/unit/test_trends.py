"""Sales trends: growth, this year against last, rolling twelve months, mix and PVM."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kam_core.accounts.trends import (
    account_changes,
    at_risk,
    category_mix,
    gainers_and_losers,
    growth,
    key_account_kpis,
    largest_accounts,
    price_volume_mix,
    rolling_twelve_months,
    this_year_vs_last,
)


def _monthly(revenue: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.to_datetime(list(revenue)), "revenue": list(revenue.values())})


def test_growth_is_unknown_without_last_year_sales() -> None:
    assert growth(110, 100) == pytest.approx(0.10)
    assert growth(50, 0) is None
    assert growth(50, float("nan")) is None


def test_each_month_is_compared_with_the_same_month_a_year_earlier() -> None:
    monthly = _monthly({"2026-01-01": 120}).assign(revenue_last_year=[100.0])

    table = this_year_vs_last(monthly, date(2026, 1, 1), date(2026, 2, 28))

    assert list(table["revenue"]) == [120, 0]  # February 2026 had no sales: 0, not missing
    assert list(table["revenue_last_year"]) == [100, 0]
    assert table["yoy_growth"].iloc[0] == pytest.approx(0.2)


def test_a_partial_year_has_no_growth_for_months_without_last_year() -> None:
    monthly = _monthly({"2026-03-01": 40}).assign(revenue_last_year=[0.0])

    table = this_year_vs_last(monthly, date(2026, 3, 1), date(2026, 3, 31))

    assert table["yoy_growth"].isna().all()


def test_rolling_twelve_months_is_unknown_until_a_full_year_of_data() -> None:
    monthly = _monthly({f"2025-{m:02d}-01": 10 for m in range(1, 13)} | {"2026-02-01": 5})

    rolled = rolling_twelve_months(monthly, date(2025, 1, 1), date(2026, 2, 28))

    assert rolled["revenue_12m"].iloc[:11].isna().all()
    assert rolled["revenue_12m"].iloc[11:].tolist() == [120, 110, 105]


def test_gainers_and_losers_are_ordered_by_the_size_of_the_change() -> None:
    totals = pd.DataFrame(
        {
            "account_id": ["A", "B", "C", "D"],
            "revenue": [150, 80, 100, 0],
            "revenue_ly": [100, 100, 100, 30],
        }
    )

    gains, losses = gainers_and_losers(totals, n=5)

    assert gains["account_id"].tolist() == ["A"]
    assert losses["account_id"].tolist() == ["D", "B"]
    assert losses["change"].tolist() == [-30, -20]


def test_an_account_new_this_year_has_unknown_growth() -> None:
    totals = pd.DataFrame({"account_id": ["N"], "revenue": [10.0], "revenue_ly": [0.0]})

    assert account_changes(totals)["growth"].isna().all()


def test_accounts_down_more_than_the_threshold_in_three_months_are_at_risk() -> None:
    totals = pd.DataFrame(
        {
            "account_id": ["DOWN30", "DOWN10", "LOST", "NEW"],
            "revenue_3m": [70.0, 90.0, 0.0, 50.0],
            "revenue_3m_ly": [100.0, 100.0, 20.0, 0.0],
        }
    )

    risky = at_risk(totals, drop=0.2)

    # the largest amount lost first: DOWN30 lost 30, LOST lost all of its 20
    assert risky["account_id"].tolist() == ["DOWN30", "LOST"]
    assert risky["change_3m"].tolist() == pytest.approx([-0.3, -1.0])


def test_category_mix_shift_is_the_change_in_share() -> None:
    mix = pd.DataFrame(
        {"category": ["Kettles", "Toasters"], "revenue": [75.0, 25.0], "revenue_ly": [50.0, 50.0]}
    )

    shifted = category_mix(mix).set_index("category")

    assert shifted.loc["Kettles", "shift"] == pytest.approx(0.25)
    assert shifted["shift"].sum() == pytest.approx(0.0)


def _lines(rows: list[tuple[str, float, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["sku", "quantity_ly", "revenue_ly", "quantity", "revenue"])


def test_selling_more_units_at_the_same_prices_is_all_volume() -> None:
    lines = _lines([("K", 10, 100, 20, 200)])

    pvm = price_volume_mix(lines).set_index("component")["amount"]

    assert pvm.to_dict() == pytest.approx({"volume": 100, "mix": 0, "price": 0})


def test_a_price_rise_on_the_same_units_is_all_price() -> None:
    lines = _lines([("K", 10, 100, 10, 120)])

    pvm = price_volume_mix(lines).set_index("component")["amount"]

    assert pvm.to_dict() == pytest.approx({"volume": 0, "mix": 0, "price": 20})


def test_selling_the_dearer_sku_instead_of_the_cheaper_is_mix() -> None:
    lines = _lines([("CHEAP", 10, 100, 0, 0), ("DEAR", 10, 300, 20, 600)])

    pvm = price_volume_mix(lines).set_index("component")["amount"]

    assert pvm.to_dict() == pytest.approx({"volume": 0, "mix": 200, "price": 0})


def test_an_account_with_no_sales_last_year_grew_by_volume() -> None:
    lines = _lines([("K", 0, 0, 5, 50), ("T", 0, 0, 1, 30)])

    pvm = price_volume_mix(lines).set_index("component")["amount"]

    assert pvm.to_dict() == pytest.approx({"volume": 80, "mix": 0, "price": 0})


units = st.integers(0, 10_000)  # whole units sold, as in the sales table
amount = st.floats(0, 1e6)
line = st.tuples(units, amount, units, amount)


@given(st.lists(line, min_size=1, max_size=20))
def test_volume_mix_and_price_add_up_to_the_change(rows: list[tuple[float, ...]]) -> None:
    lines = _lines([(f"S{i}", *r) for i, r in enumerate(rows)])

    pvm = price_volume_mix(lines)

    change = lines["revenue"].sum() - lines["revenue_ly"].sum()
    assert pvm["amount"].sum() == pytest.approx(change, abs=1e-3)


def test_key_account_kpis() -> None:
    tiers = pd.DataFrame(
        {
            "account_id": ["STAY", "UP", "NEW", "DOWN", "LOST", "SMALL"],
            "proposed_tier": ["A", "A", "A", "B", None, "C"],
            "previous_tier": ["A", "B", None, "A", "A", "C"],
        }
    )
    totals = pd.DataFrame(
        {
            "account_id": ["STAY", "UP", "NEW", "DOWN", "LOST", "SMALL"],
            "revenue": [110.0, 60.0, 30.0, 20.0, 0.0, 5.0],
            "revenue_ly": [100.0, 40.0, 0.0, 50.0, 70.0, 5.0],
        }
    )

    kpis = key_account_kpis(tiers, totals)

    assert kpis.key_accounts == 3
    assert kpis.revenue_growth == pytest.approx(200 / 140 - 1)
    assert (kpis.churned, kpis.churn_rate) == (2, pytest.approx(2 / 3))
    assert (kpis.new, kpis.upgraded) == (1, 1)


def test_the_largest_accounts_come_first_with_ties_broken_by_id():
    totals = pd.DataFrame({"account_id": ["C", "B", "A", "D"], "revenue": [5.0, 9.0, 5.0, 1.0]})

    assert largest_accounts(totals, 3) == ("B", "A", "C")


def test_fewer_accounts_than_asked_gives_them_all():
    totals = pd.DataFrame({"account_id": ["A"], "revenue": [1.0]})

    assert largest_accounts(totals, 3) == ("A",)
