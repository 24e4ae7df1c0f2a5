"""Trend, ranking and screening queries match an independent pandas computation on the demo."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from kam_core.data.filters import Filters
from kam_core.store import trends as store
from kam_core.store import views

PERIOD = Filters(date(2026, 1, 1), date(2026, 10, 31))
LAST_YEAR = (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-10-31"))


@pytest.fixture(scope="module")
def sales(con) -> pd.DataFrame:
    lines = con.execute("select * from sales").df()
    accounts = con.execute("select account_id, region, credit_rating from accounts").df()
    return lines.assign(date=pd.to_datetime(lines["date"])).merge(accounts, on="account_id")


def _between(sales: pd.DataFrame, first: str | pd.Timestamp, last: str | pd.Timestamp):
    return sales[(sales["date"] >= pd.Timestamp(first)) & (sales["date"] <= pd.Timestamp(last))]


def test_monthly_sales_view_matches_pandas(con, sales):
    view = views.build(con, "monthly_sales", date(2026, 6, 30))

    lines = sales[sales["date"] <= "2026-06-30"].assign(
        month=lambda s: s["date"].dt.to_period("M").dt.to_timestamp()
    )
    expected = lines.groupby(["account_id", "month"]).agg(
        revenue=("revenue", "sum"),
        quantity=("quantity", "sum"),
        cost=("cost", lambda c: c.sum() if c.notna().all() else np.nan),
    )
    expected["gross_margin"] = expected["revenue"] - expected["cost"]
    shifted = expected["revenue"].rename(lambda m: m + pd.DateOffset(years=1), level="month")
    expected["revenue_last_year"] = shifted.reindex(expected.index)
    ly = expected["revenue_last_year"]
    expected["yoy_growth"] = expected["revenue"] / ly.where(ly != 0) - 1
    got = view.assign(month=pd.to_datetime(view["month"])).set_index(["account_id", "month"])
    assert list(view.columns) == [
        "account_id",
        "month",
        "revenue",
        "quantity",
        "gross_margin",
        "revenue_last_year",
        "yoy_growth",
    ]
    assert got.index.equals(expected.index)
    for column in ("revenue", "quantity", "gross_margin", "revenue_last_year", "yoy_growth"):
        np.testing.assert_allclose(got[column], expected[column], rtol=1e-9, err_msg=column)
    assert got["gross_margin"].isna().any()  # the new SKUs have no cost: unknown, not zero


def test_account_ranking_matches_pandas_with_default_as_of(con, sales):
    view = views.build(con, "account_ranking", None)

    as_of = sales["date"].max()
    window = sales[(sales["date"] > as_of - pd.DateOffset(years=1)) & (sales["date"] <= as_of)]
    revenue = window.groupby("account_id")["revenue"].sum().sort_values(ascending=False)
    cumulative = revenue.cumsum() / revenue.sum()
    above = cumulative - revenue / revenue.sum()
    expected_class = np.where(above < 0.8, "A", np.where(above < 0.95, "B", "C"))
    assert list(view.columns) == [
        "account_id",
        "revenue_12m",
        "margin_12m",
        "share",
        "cumulative_share",
        "abc_class",
        "rank",
    ]
    assert view["account_id"].tolist() == revenue.index.tolist()
    np.testing.assert_allclose(view["revenue_12m"], revenue.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(view["cumulative_share"], cumulative.to_numpy(), rtol=1e-9)
    assert view["abc_class"].tolist() == expected_class.tolist()
    assert view["rank"].tolist() == list(range(1, len(revenue) + 1))


def test_ranking_honours_the_region_filter(con, sales):
    north = Filters(PERIOD.start, PERIOD.end, regions=("North",))

    ranking = store.ranking(con, north)

    window = _between(sales, "2025-11-01", "2026-10-31")
    expected = window[window["region"] == "North"].groupby("account_id")["revenue"].sum()
    assert set(ranking["account_id"]) == set(expected.index)
    assert ranking["revenue_12m"].sum() == pytest.approx(expected.sum())
    assert ranking["share"].sum() == pytest.approx(1.0)


def test_monthly_this_year_and_last_match_pandas(con, sales):
    monthly = store.monthly(con, PERIOD).set_index("month")

    this_year = _between(sales, PERIOD.start, PERIOD.end)
    last_year = _between(sales, *LAST_YEAR)
    by_month = this_year.groupby(this_year["date"].dt.month)["revenue"].sum()
    by_month_ly = last_year.groupby(last_year["date"].dt.month)["revenue"].sum()
    np.testing.assert_allclose(monthly["revenue"], by_month.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(monthly["revenue_last_year"], by_month_ly.to_numpy(), rtol=1e-9)
    costed = this_year[this_year["cost"].notna()]
    assert monthly["known_margin"].sum() == pytest.approx((costed.revenue - costed.cost).sum())


def test_account_totals_and_trailing_three_months_match_pandas(con, sales):
    totals = store.account_totals(con, PERIOD).set_index("account_id")

    period = _between(sales, PERIOD.start, PERIOD.end).groupby("account_id")["revenue"].sum()
    ly = _between(sales, *LAST_YEAR).groupby("account_id")["revenue"].sum()
    m3 = _between(sales, "2026-08-01", "2026-10-31").groupby("account_id")["revenue"].sum()
    m3_ly = _between(sales, "2025-08-01", "2025-10-31").groupby("account_id")["revenue"].sum()
    for column, expected in (
        ("revenue", period),
        ("revenue_ly", ly),
        ("revenue_3m", m3),
        ("revenue_3m_ly", m3_ly),
    ):
        got = totals[column]
        np.testing.assert_allclose(got, expected.reindex(got.index, fill_value=0), rtol=1e-9)
    assert totals.loc["AC0010", "revenue"] == 0  # lost in 2025: no sales this year
    assert totals.loc["AC0010", "revenue_ly"] > 0


def test_sku_changes_split_the_account_change(con, sales):
    lines = store.sku_changes(con, PERIOD, "AC0001")

    mine = sales[sales["account_id"] == "AC0001"]
    change = (
        _between(mine, PERIOD.start, PERIOD.end)["revenue"].sum()
        - _between(mine, *LAST_YEAR)["revenue"].sum()
    )
    assert (lines["revenue"] - lines["revenue_ly"]).sum() == pytest.approx(change)


def test_screening_view_columns_tiers_and_lost_account(con):
    view = views.build(con, "account_screening", date(2026, 10, 31))

    assert list(view.columns) == [
        "account_id",
        "score",
        "proposed_tier",
        "previous_tier",
        "revenue_12m",
        "margin_rate",
        "growth",
        "credit_rating",
        "wallet_share",
    ]
    ranking = views.build(con, "account_ranking", date(2026, 10, 31))
    assert (view["proposed_tier"] == "A").sum() == (ranking["abc_class"] == "A").sum()
    lost = view.set_index("account_id").loc["AC0010"]
    assert pd.isna(lost["proposed_tier"]) and pd.isna(lost["score"])
