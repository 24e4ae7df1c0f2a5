"""Edges of the account rules: a drop exactly on the at-risk threshold, shares without any
revenue, whole frames with a fresh index, the key-account KPIs of a single case each."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.accounts.ranking import class_summary, pareto_curve, rank_accounts
from kam_core.accounts.trends import (
    account_changes,
    at_risk,
    category_mix,
    gainers_and_losers,
    key_account_kpis,
    price_volume_mix,
    rolling_twelve_months,
    this_year_vs_last,
)


def test_a_drop_of_exactly_the_threshold_is_not_yet_at_risk():
    totals = pd.DataFrame(
        {"account_id": ["EDGE", "OVER"], "revenue_3m": [75.0, 74.0], "revenue_3m_ly": [100.0] * 2},
        index=[10, 11],
    )

    risky = at_risk(totals, drop=0.25)

    assert risky.account_id.tolist() == ["OVER"]
    assert list(risky.index) == [0]
    assert list(risky.columns) == ["account_id", "revenue_3m", "revenue_3m_ly", "change_3m"]


def test_the_at_risk_threshold_is_a_fifth_by_default():
    totals = pd.DataFrame(
        {"account_id": ["A", "B"], "revenue_3m": [81.0, 79.0], "revenue_3m_ly": [100.0] * 2}
    )

    assert at_risk(totals).account_id.tolist() == ["B"]


def test_accounts_losing_the_same_amount_keep_their_order():
    totals = pd.DataFrame(
        {
            "account_id": ["Z", "A", "M"],
            "revenue_3m": [50.0, 50.0, 10.0],
            "revenue_3m_ly": [100.0, 100.0, 60.0],
        }
    )

    assert at_risk(totals).account_id.tolist() == ["Z", "A", "M"]


def test_the_ten_largest_gains_and_losses_by_default_with_a_fresh_index():
    totals = pd.DataFrame(
        {
            "account_id": [f"A{i:02}" for i in range(24)],
            "revenue": [100.0 + i for i in range(12)] + [100.0 - i - 1 for i in range(12)],
            "revenue_ly": [100.0] * 24,
        },
        index=range(50, 74),
    )

    gains, losses = gainers_and_losers(totals)

    assert len(gains) == 10 and len(losses) == 10
    assert gains.account_id.iloc[0] == "A11" and losses.account_id.iloc[0] == "A23"
    assert list(gains.index) == list(range(10)) == list(losses.index)
    assert "index" not in gains.columns and "index" not in losses.columns


def test_a_gain_of_less_than_one_is_still_a_gain():
    totals = pd.DataFrame({"account_id": ["A"], "revenue": [100.5], "revenue_ly": [100.0]})

    gains, _ = gainers_and_losers(totals)

    assert gains.account_id.tolist() == ["A"]


def test_account_changes_give_amount_and_growth():
    totals = pd.DataFrame(
        {"account_id": ["A", "B"], "revenue": [120.0, 5.0], "revenue_ly": [100.0, 0.0]}
    )

    changes = account_changes(totals)

    assert changes.change.tolist() == [20.0, 5.0]
    assert changes.growth.iloc[0] == pytest.approx(0.2)
    assert pd.isna(changes.growth.iloc[1])


def test_a_mix_without_revenue_has_zero_shares_and_is_largest_first():
    mix = pd.DataFrame(
        {"category": ["K", "T"], "revenue": [0.0, 0.0], "revenue_ly": [10.0, 30.0]}, index=[4, 5]
    )

    shares = category_mix(mix)

    assert shares.share.tolist() == [0.0, 0.0]
    assert shares.share_ly.tolist() == [0.25, 0.75]
    assert list(shares.index) == [0, 1]
    assert "index" not in shares.columns


def test_a_mix_is_ordered_by_this_years_revenue_largest_first():
    mix = pd.DataFrame({"category": ["K", "T"], "revenue": [1.0, 3.0], "revenue_ly": [0.0, 0.0]})

    shares = category_mix(mix)

    assert shares.category.tolist() == ["T", "K"]
    assert shares.share_ly.tolist() == [0.0, 0.0]


def test_rolling_twelve_months_are_named_and_start_with_the_twelfth_month():
    monthly = pd.DataFrame(
        {"month": pd.date_range("2025-01-01", periods=13, freq="MS"), "revenue": [1.0] * 13}
    )

    rolled = rolling_twelve_months(monthly, date(2025, 1, 1), date(2026, 1, 31))

    assert list(rolled.columns) == ["month", "revenue_12m"]
    assert rolled.revenue_12m.isna().sum() == 11
    assert rolled.revenue_12m.iloc[-2:].tolist() == [12.0, 12.0]


def test_this_year_against_last_names_its_month_column():
    monthly = pd.DataFrame({"month": ["2025-02-01"], "revenue": [10.0], "revenue_last_year": [5.0]})

    table = this_year_vs_last(monthly, date(2025, 1, 15), date(2025, 2, 28))

    assert list(table.columns) == ["month", "revenue", "revenue_last_year", "yoy_growth"]
    assert table.revenue.tolist() == [0.0, 10.0]
    assert table.yoy_growth.iloc[1] == pytest.approx(1.0)


def test_units_sold_only_this_year_take_this_years_average_price():
    lines = pd.DataFrame(
        {
            "sku": ["K", "T"],
            "quantity_ly": [0.0, 0.0],
            "quantity": [2.0, 0.0],
            "revenue_ly": [0.0, 0.0],
            "revenue": [10.0, 0.0],
        }
    )

    split = price_volume_mix(lines).set_index("component")["amount"]

    assert split.to_dict() == {"volume": 10.0, "mix": 0.0, "price": 0.0}


def test_less_than_one_unit_last_year_still_sets_last_years_price():
    lines = pd.DataFrame(
        {
            "sku": ["K"],
            "quantity_ly": [0.5],
            "quantity": [1.0],
            "revenue_ly": [5.0],
            "revenue": [12.0],
        }
    )

    split = price_volume_mix(lines).set_index("component")["amount"]

    assert split.to_dict() == pytest.approx({"volume": 5.0, "mix": 0.0, "price": 2.0})


def test_nothing_sold_in_either_year_splits_into_nothing():
    lines = pd.DataFrame(
        {"sku": ["K"], "quantity_ly": [0], "quantity": [0], "revenue_ly": [0], "revenue": [0]}
    )

    assert price_volume_mix(lines).amount.tolist() == [0.0, 0.0, 0.0]


def test_key_account_kpis_count_upgrades_from_c_and_have_no_churn_without_key_accounts():
    tiers = pd.DataFrame(
        {
            "account_id": ["A", "B", "C"],
            "proposed_tier": ["A", "A", "B"],
            "previous_tier": ["C", "B", None],
        }
    )
    totals = pd.DataFrame(
        {"account_id": ["A", "B"], "revenue": [110.0, 10.0], "revenue_ly": [100.0, 0.0]}
    )

    kpis = key_account_kpis(tiers, totals)

    assert (kpis.key_accounts, kpis.upgraded, kpis.new, kpis.churned) == (2, 2, 0, 0)
    assert kpis.churn_rate is None
    assert kpis.revenue_growth == pytest.approx(0.2)


def test_the_pareto_curve_of_one_account_and_of_none():
    one = pareto_curve(
        rank_accounts(
            pd.DataFrame({"account_id": ["X"], "revenue_12m": [5.0], "margin_12m": [1.0]})
        )
    )

    assert one.account_share.tolist() == [0.0, 1.0]
    assert one.revenue_share.tolist() == [0.0, 1.0]


def test_class_summary_of_accounts_without_revenue_has_zero_shares():
    ranking = pd.DataFrame(
        {"abc_class": ["A", "B"], "account_id": ["X", "Y"], "revenue_12m": [0.0, 0.0]}
    )

    summary = class_summary(ranking)

    assert summary.share.tolist() == [0.0, 0.0, 0.0]
    assert list(summary.columns) == ["abc_class", "accounts", "revenue_12m", "share"]
