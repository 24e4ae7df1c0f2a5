"""Promotion and trial queries on the demo database, checked against pandas on the raw tables."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from kam_core.data.filters import Filters
from kam_core.promotions import baseline
from kam_core.promotions.measures import account_uplift
from kam_core.store import promotions as store
from kam_core.store import views

AS_OF = date(2026, 10, 30)  # the demo's last sales date
EVERYTHING = Filters(date(2023, 1, 1), AS_OF)


@pytest.fixture(scope="module")
def analysis(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    return store.promotion_analysis(con, EVERYTHING)


@pytest.fixture(scope="module")
def sales(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from sales").df()


def test_sales_per_chunk_of_days_match_pandas(
    con: duckdb.DuckDBPyConnection, sales: pd.DataFrame
) -> None:
    promotions = store.calendar(con, EVERYTHING)
    big = promotions[promotions.account_id.isin(["AC0001", "AC0002"])]
    chosen = pd.concat([big[big.sku.isna()].head(2), big[big.sku.notna()].head(3)])
    # A start on a Thursday and a 3-day length cut weeks into days, as real calendars do.
    chosen = chosen.assign(
        start_date=pd.to_datetime(chosen.start_date) + pd.Timedelta(days=3),
        end_date=pd.to_datetime(chosen.start_date) + pd.Timedelta(days=5),
    )
    cut = baseline.chunks(baseline.windows(chosen, date(2023, 1, 2), AS_OF))

    got = store.chunk_sales(con, cut).set_index(["promo_id", "first"])["quantity"]

    compared = 0
    for c in cut.itertuples():
        last = c.first + pd.Timedelta(days=c.days - 1)
        lines = sales[
            (sales.account_id == c.account_id)
            & ((sales.sku == c.sku) if isinstance(c.sku, str) else True)
            & sales.date.between(c.first, last)
        ]
        assert got.get((c.promo_id, c.first), 0.0) == pytest.approx(lines.quantity.sum())
        compared += c.days == 1
    assert compared > 20 and (cut.days == 7).sum() > 20


def test_weekday_units_leave_out_promotion_days_and_match_pandas(
    con: duckdb.DuckDBPyConnection, sales: pd.DataFrame
) -> None:
    last = pd.Timestamp(AS_OF)
    year = pd.date_range(last - pd.Timedelta(days=363), last)
    promotions = con.execute("select account_id, start_date, end_date from promotions").df()
    promoted = {
        (p.account_id, day)
        for p in promotions.itertuples()
        for day in pd.date_range(p.start_date, p.end_date)
        if day in year
    }
    recent = sales[sales.date.between(year[0], last)]
    kept = recent[[k not in promoted for k in zip(recent.account_id, recent.date, strict=True)]]
    expected = kept.groupby([kept.account_id, kept.date.dt.day_of_week])["quantity"].sum()
    left_out = pd.Series([(a, d.day_of_week) for a, d in promoted]).value_counts()

    got = store.weekday_units(con, AS_OF).set_index(["account_id", "weekday"])

    assert got["quantity"].to_dict() == pytest.approx(expected.to_dict())
    days = (52 - left_out.reindex(list(got.index), fill_value=0)).to_numpy()
    assert (got["days"].to_numpy() == days).all() and (days < 52).any()


def test_demo_promotions_range_from_flops_to_strong_lifts_and_some_lose_money(
    analysis: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    results, _ = analysis
    measured = results[results.measurable]

    assert (measured.roi < 0).sum() > 10  # promotions that lost money
    assert measured.roi.max() - measured.roi.min() > 1
    assert (measured.uplift_pct > 1).any() and (measured.uplift_pct <= 0).any()
    assert measured.uplift_pct.median() > 0  # the demo's promotions lift sales on average


def test_planned_promotions_have_no_result_and_past_ones_do(
    con: duckdb.DuckDBPyConnection, analysis: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    results, _ = analysis
    planned = con.execute("select count(*) from promotions where start_date > $d", {"d": AS_OF})

    assert (results.status == "planned").sum() == planned.fetchall()[0][0]
    assert results.loc[results.status == "planned", "uplift_pct"].isna().all()
    # The test demo is small: most one-SKU scopes sell too rarely to be measured.
    measurable = results[results.measurable]
    assert len(measurable) > 30
    assert (measurable.status == "past").all() and measurable.uplift_pct.notna().all()
    apart = results[~results.measurable]
    assert (apart.note != "").all()


def test_account_uplift_gives_the_key_accounts_a_past_uplift(
    analysis: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    uplift = account_uplift(analysis[0])

    assert {"AC0001", "AC0002", "AC0003"} <= set(uplift.index)
    assert uplift[["AC0001", "AC0002", "AC0003"]].mean() > 0


def test_promotions_honour_the_region_filter(con: duckdb.DuckDBPyConnection) -> None:
    north = Filters(EVERYTHING.start, AS_OF, regions=("North",))
    accounts = con.execute("select account_id from accounts where region = 'North'").df()

    results, _ = store.promotion_analysis(con, north)

    assert len(results) > 0
    assert set(results.account_id) <= set(accounts.account_id)


def test_the_export_view_has_exactly_the_issue_columns(con: duckdb.DuckDBPyConnection) -> None:
    table = views.build(con, "promotion_results", AS_OF)

    assert list(table.columns) == [
        "promo_id", "account_id", "sku", "start_date", "end_date", "baseline_qty", "actual_qty",
        "incremental_qty", "uplift_pct", "post_dip_qty", "incremental_revenue",
        "incremental_margin", "cost", "roi", "measurable", "note",
    ]  # fmt: skip
    assert len(table) == con.execute("select count(*) from promotions").fetchall()[0][0]


def test_trial_sell_in_matches_pandas(con: duckdb.DuckDBPyConnection, sales: pd.DataFrame) -> None:
    products, orders, category, accounts = store.trials(con, EVERYTHING, 12)

    new = sales[sales.sku.isin(products.sku)]
    expected = new.groupby(["sku", "account_id"])["quantity"].sum()
    got = orders.set_index(["sku", "account_id"])["units"]
    assert len(products) == 5
    assert got.sort_index().to_dict() == pytest.approx(expected.sort_index().to_dict())
    assert set(category.sku) == set(products.sku)
    assert (category.listings > 0).all()
    assert len(accounts) == 150
