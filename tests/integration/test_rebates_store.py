"""Rebate bases from DuckDB match an independent pandas computation on the demo database."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.data.filters import Filters
from kam_core.store import rebates as store
from kam_core.store import views

AS_OF = date(2025, 8, 15)


@pytest.fixture(scope="module")
def sales(con) -> pd.DataFrame:
    return con.execute("select date, account_id, quantity, revenue from sales").df()


def _sum(sales: pd.DataFrame, column: str, first: str, last: str) -> pd.Series:
    inside = sales[(sales.date >= first) & (sales.date <= last)]
    return inside.groupby("account_id")[column].sum()


def test_demo_programmes_load_and_validate(con):
    programs = store.programs(con)

    assert {p: (v.basis, v.period, v.method) for p, v in programs.items()} == {
        "ANNUAL": ("revenue", "year", "retroactive"),
        "GROWTH": ("revenue", "year", "growth"),
        "QUARTER": ("quantity", "quarter", "incremental"),
    }
    assert [t.threshold for t in programs["GROWTH"].tiers] == [0.05, 0.15, 0.30]


def test_year_bases_match_pandas_including_last_year(con, sales):
    bases = store.bases(con, "year", AS_OF).set_index(["program_id", "account_id"])

    annual = bases.loc["ANNUAL"]
    expected = _sum(sales, "revenue", "2025-01-01", "2025-08-15").reindex(annual.index).fillna(0)
    pd.testing.assert_series_equal(annual.basis, expected, check_names=False)
    growth = bases.loc["GROWTH"]
    ly_to_date = _sum(sales, "revenue", "2024-01-01", "2024-08-15").reindex(growth.index).fillna(0)
    ly_full = _sum(sales, "revenue", "2024-01-01", "2024-12-31").reindex(growth.index).fillna(0)
    pd.testing.assert_series_equal(growth.ly_to_date, ly_to_date, check_names=False)
    pd.testing.assert_series_equal(growth.ly_basis, ly_full, check_names=False)


def test_open_programmes_cover_every_account_even_without_sales(con):
    bases = store.bases(con, "year", AS_OF)

    annual = bases[bases.program_id == "ANNUAL"]
    assert len(annual) == 150
    assert (annual[annual.account_id == "AC0010"].basis > 0).all()  # lost mid-2025, sold before
    assert (
        store.bases(con, "year", date(2026, 10, 31)).query("account_id == 'AC0010'").basis == 0
    ).all()


def test_quarter_bases_count_units_of_enrolled_dealers_only(con, sales):
    bases = store.bases(con, "quarter", AS_OF).set_index("account_id")
    dealers = set(store.enrolments(con).query("program_id == 'QUARTER'").account_id)

    assert set(bases.index) == dealers
    expected = _sum(sales, "quantity", "2025-07-01", "2025-08-15").reindex(bases.index).fillna(0)
    pd.testing.assert_series_equal(bases.basis, expected, check_names=False)


def test_the_sidebar_filters_restrict_the_accounts(con):
    region = con.execute("select region from accounts order by account_id limit 1").fetchall()[0][0]
    filters = Filters(date(2025, 1, 1), AS_OF, regions=(region,))

    bases = store.bases(con, "year", AS_OF, filters)

    in_region = con.execute("select account_id from accounts where region = $r", {"r": region}).df()
    assert set(bases.account_id) == set(in_region.account_id)


def test_the_export_view_has_exactly_the_issue_columns_and_the_as_of_period(con):
    table = views.build(con, "rebate_payouts", AS_OF)

    assert list(table.columns) == [
        "account_id", "program_id", "period", "basis", "tier_threshold", "tier_rate", "payout",
        "projected_basis", "projected_payout", "next_threshold", "gap_to_next_tier",
        "extra_payout_at_next_tier",
    ]  # fmt: skip
    assert set(table.period) == {"2025", "2025-Q3"}
    assert (table.payout >= 0).all() and (table.projected_basis >= table.basis).all()


def test_the_view_defaults_to_the_period_of_the_last_sale(con):
    assert set(views.build(con, "rebate_payouts").period) == {"2026", "2026-Q4"}


@pytest.mark.parametrize("account", ["AC0001", "AC0042", "AC0150"])
def test_one_accounts_payouts_are_its_rows_of_the_full_table(con, account):
    full = store.payouts(con, AS_OF)

    mine = store.payouts(con, AS_OF, account=account)

    expected = full[full["account_id"] == account].reset_index(drop=True)
    assert len(mine) > 0
    # Same rows and values; a column of text may come out object rather than str.
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), expected, check_dtype=False)


@pytest.mark.parametrize("kind", ["year", "quarter"])
def test_projections_follow_each_accounts_season_of_last_year(con, sales, kind):
    as_of = date(2025, 11, 10)
    first = date(2025, 1, 1) if kind == "year" else date(2025, 10, 1)
    dates = pd.to_datetime(sales.date)
    ref = sales[dates.dt.year == 2024].assign(month=dates.dt.month)
    months = ref.pivot_table("revenue", "account_id", "month", aggfunc="sum", fill_value=0.0)
    started = sales.groupby("account_id")["date"].min()
    full = months[(months.sum(axis=1) > 0) & (started.reindex(months.index) <= "2024-01-31")]
    elapsed = pd.Series([1.0] * 10 + [10 / 30, 0.0], index=range(1, 13))
    inside = [m for m in range(first.month, 13)]
    share = (full[inside] @ elapsed[inside]) / full[inside].sum(axis=1)

    table = store.payouts(con, as_of, kind).set_index("account_id")

    mine = table[table.index.isin(share.index) & (table.basis > 0)]
    assert len(mine) > 20
    expected = mine.basis / share.reindex(mine.index)
    assert mine.projected_basis.to_numpy() == pytest.approx(expected.to_numpy())
