"""The default stock plan every writer stores is the plan the models compute, filtered alike."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.data.filters import Filters
from kam_core.stock.plan import StockPlan
from kam_core.stock.replenishment import DEFAULT_SERVICE_LEVEL
from kam_core.stock.seasonality import seasonal_index
from kam_core.store import (
    db,
    frames,
    portfolio,
    promotion_stock,
    promotions,
    query,
    rebates,
    stored_plan,
    trends,
)
from kam_core.store.imports import import_file
from kam_core.store.stock_plan import compute_plan, default_risk, stock_plan

SNAPSHOT = date(2026, 10, 31)  # the demo's last inventory snapshot


def _not_called(*args: object) -> None:
    raise AssertionError("computed again, not read from the file")


def _assert_same(left: StockPlan, right: StockPlan) -> None:
    for field in fields(StockPlan):
        a, b = getattr(left, field.name), getattr(right, field.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, obj=field.name)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, obj=field.name)
        else:
            assert a == b, field.name


def test_the_stored_plan_is_the_computed_default_plan(con: duckdb.DuckDBPyConnection) -> None:
    cursor = db.cursor(con)
    stored = stored_plan.load(cursor, None, None, DEFAULT_SERVICE_LEVEL)

    assert stored is not None and stored.as_of == SNAPSHOT and len(stored.risk) > 1000
    _assert_same(stored, compute_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL))


def test_a_filtered_plan_is_the_full_plans_rows_with_the_same_allocation(
    con: duckdb.DuckDBPyConnection,
) -> None:
    cursor = db.cursor(con)
    everyone = compute_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL)
    chains = Filters(date(2026, 1, 1), SNAPSHOT, channels=("Retail chain",))

    plan = stock_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL, chains)

    kept = set(portfolio.accounts(cursor, None, ["Retail chain"])["account_id"])
    assert set(plan.risk["channel"]) == {"Retail chain"}
    full = everyone.risk[everyone.risk["account_id"].isin(kept)].reset_index(drop=True)
    pd.testing.assert_frame_equal(plan.risk, full)  # allocated_qty included
    assert set(plan.demand.index.get_level_values("account_id")) <= kept
    assert plan.backtest_daily["actual"].sum() == pytest.approx(plan.backtest["actual"].sum())
    assert plan.backtest_daily["actual"].sum() < everyone.backtest_daily["actual"].sum()


def test_other_choices_are_computed_not_read(con: duckdb.DuckDBPyConnection) -> None:
    cursor = db.cursor(con)
    everyone = Filters(date(2026, 1, 1), SNAPSHOT)

    december = stock_plan(cursor, None, (12,), DEFAULT_SERVICE_LEVEL, everyone)
    cautious = stock_plan(cursor, None, None, 0.99, everyone)

    assert december.peak_months == (12,) and december.peak_start == date(2026, 12, 1)
    for asked in (
        (None, (12,), DEFAULT_SERVICE_LEVEL),
        (None, None, 0.99),
        (date(2026, 10, 24), None, DEFAULT_SERVICE_LEVEL),
    ):
        assert stored_plan.load(cursor, *asked) is None, asked
    default = stock_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL, everyone)
    assert cautious.service_level == 0.99
    assert cautious.risk["suggested_order_qty"].sum() > default.risk["suggested_order_qty"].sum()


def test_an_inventory_import_stores_the_plan_of_its_snapshot(
    fresh_db: Path, tmp_path: Path
) -> None:
    con = db.connect(fresh_db)
    position = con.execute(
        "select account_id, sku from inventory where date = $d limit 1", {"d": SNAPSHOT}
    ).fetchall()[0]
    con.close()
    snapshot = tmp_path / "inventory.csv"
    snapshot.write_text(f"date,account_id,sku,on_hand\n2026-11-07,{position[0]},{position[1]},0\n")

    import_file(fresh_db, "inventory", snapshot)

    con = db.connect(fresh_db)
    stored = stored_plan.load(db.cursor(con), None, None, DEFAULT_SERVICE_LEVEL)
    con.close()
    assert stored is not None and stored.as_of == date(2026, 11, 7)
    assert len(stored.risk) == 1 and stored.risk["on_hand"].iloc[0] == 0


def test_the_stored_promotions_are_the_measured_ones_filtered_alike(
    con: duckdb.DuckDBPyConnection,
) -> None:
    cursor = db.cursor(con)
    last = date(2026, 10, 30)  # the demo's last sale: the stored as-of date
    measured, cells = promotions.measure(cursor, last)
    chains = Filters(date(2026, 1, 1), last, channels=("Retail chain",))

    stored, stored_cells = promotions.promotion_analysis(cursor, Filters(date(2026, 1, 1), last))
    some, some_cells = promotions.promotion_analysis(cursor, chains)

    pd.testing.assert_frame_equal(stored, measured)
    pd.testing.assert_frame_equal(stored_cells, cells)
    kept = measured[
        measured["account_id"].isin(
            portfolio.accounts(cursor, None, ["Retail chain"])["account_id"]
        )
    ].reset_index(drop=True)
    pd.testing.assert_frame_equal(some, kept)
    started = kept[kept["status"] != "planned"]  # planned promotions have no days yet
    assert set(some_cells["promo_id"]) == set(started["promo_id"])
    assert 0 < len(kept) < len(measured)


def test_the_stored_stockout_flags_are_the_default_plans_filtered_alike(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursor = db.cursor(con)
    plan = compute_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL)
    last = date(2026, 10, 30)
    shown = []
    for filters in (Filters(date(2026, 1, 1), last), Filters(date(2026, 1, 1), last, ("North",))):
        kept = plan.for_accounts(portfolio.kept_accounts(cursor, filters))
        computed = promotion_stock.flags(cursor, kept, filters)[promotion_stock.COLUMNS]

        with monkeypatch.context() as m:  # read from the file, not computed again
            m.setattr(promotion_stock, "flags", _not_called)
            shown.append(promotion_stock.planned_stockouts(cursor, filters))

        pd.testing.assert_frame_equal(shown[-1], computed)
    everyone, north = shown
    assert everyone["stockout"].any() and 0 < len(north) < len(everyone)


def test_the_stored_season_is_the_one_computed(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursor = db.cursor(con)
    last = date(2026, 10, 30)  # stored as of the last sale; a month earlier is computed

    def computed(as_of: date) -> pd.Series:
        weeks = promotions.portfolio_weeks(cursor, as_of)
        return seasonal_index(weeks.assign(week=pd.to_datetime(weeks["week"])))

    expected = computed(last)
    with monkeypatch.context() as m:  # read from the file, not computed again
        m.setattr(promotions, "portfolio_weeks", _not_called)
        pd.testing.assert_series_equal(promotions.season(cursor, last), expected)
    earlier = date(2026, 9, 30)
    pd.testing.assert_series_equal(promotions.season(cursor, earlier), computed(earlier))
    assert not computed(last).equals(computed(earlier))  # the dates tell the two apart


def test_the_stored_risk_alone_is_the_default_plans_risk(con: duckdb.DuckDBPyConnection) -> None:
    cursor = db.cursor(con)
    plan = compute_plan(cursor, None, None, DEFAULT_SERVICE_LEVEL)

    pd.testing.assert_frame_equal(default_risk(cursor, None), plan.risk)
    pd.testing.assert_frame_equal(default_risk(cursor, SNAPSHOT), plan.risk)
    assert stored_plan.risk(cursor, date(2026, 10, 24)) is None  # an earlier snapshot: computed


@pytest.mark.parametrize("kept", [(), ("Retail chain",)], ids=["every account", "retail chains"])
def test_the_stored_windows_are_the_queried_ones(
    con: duckdb.DuckDBPyConnection, kept: tuple[str, ...]
) -> None:
    cursor = db.cursor(con)
    last = date(2026, 10, 30)  # the demo's last sale: the stored as-of date
    f = Filters(date(2026, 1, 1), last, channels=kept)

    stored = trends.account_windows(cursor, f)

    queried = query(cursor, trends.ACCOUNT_WINDOWS, trends._params(f))
    assert len(stored) > 100 * (0 if kept else 1)
    pd.testing.assert_frame_equal(stored, queried)
    earlier = Filters(date(2026, 1, 1), date(2026, 9, 30), channels=kept)
    assert frames.get_as_of(cursor, trends.WINDOWS_AS_OF, earlier.end, ()) is None


@pytest.mark.parametrize(
    ("kind", "kept", "account"),
    [
        (None, (), None),
        ("quarter", (), None),
        ("year", ("Retail chain",), None),
        (None, (), "AC0007"),
    ],
)
def test_the_stored_payouts_are_the_computed_ones(
    con: duckdb.DuckDBPyConnection, kind: str | None, kept: tuple[str, ...], account: str | None
) -> None:
    cursor = db.cursor(con)
    last = date(2026, 10, 30)  # the demo's last sale: the stored as-of date
    f = Filters(date(2026, 1, 1), last, channels=kept)

    stored = rebates.payouts(cursor, last, kind, f, account)

    computed = rebates._payouts(cursor, rebates.programs(cursor), last, kind, f, account)
    assert len(stored) > 0
    pd.testing.assert_frame_equal(stored, computed, check_dtype=False)
