"""Stock-risk queries against the demo database, checked with independent pandas sums."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.data.filters import Filters
from kam_core.store import stock, views
from kam_core.store.stock_plan import STOCK_RISK_COLUMNS, stock_plan

EVERYONE = {"regions": None, "channels": None, "managers": None}
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="module")
def con(demo_db: Path):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def sales(con) -> pd.DataFrame:
    frame = con.execute("select * from sales").df()
    return frame.assign(date=pd.to_datetime(frame["date"]))


def test_weekly_units_per_position_match_pandas(con, sales):
    start, end = date(2026, 1, 1), AS_OF

    weekly = stock.position_weekly(con, start, end, EVERYONE)

    window = sales[sales["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    expected = window.groupby(
        ["account_id", "sku", window["date"].dt.to_period("W-SUN").dt.start_time]
    )["quantity"].sum()
    got = weekly.set_index(["account_id", "sku", "week"])["quantity"]
    assert got.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())


def test_positions_are_the_last_snapshot_on_or_before_as_of(con):
    inventory = con.execute("select * from inventory").df()

    positions = stock.positions(con, date(2026, 10, 30), EVERYONE)

    assert set(positions["snapshot_date"].astype(str)) == {"2026-10-24"}
    assert len(positions) == (inventory["date"].astype(str) == "2026-10-24").sum()


def test_channel_filter_keeps_only_that_channel(con):
    accounts = {**EVERYONE, "channels": ["Retail chain"]}

    positions = stock.positions(con, AS_OF, accounts)

    assert set(positions["channel"]) == {"Retail chain"}


def test_promotions_in_the_window_overlap_it(con):
    found = stock.promotions(con, date(2026, 11, 1), date(2026, 12, 31), EVERYONE)

    assert len(found) > 0
    assert (pd.to_datetime(found["end_date"]) >= pd.Timestamp("2026-11-01")).all()
    assert (pd.to_datetime(found["start_date"]) <= pd.Timestamp("2026-12-31")).all()


def test_stock_risk_view_has_the_contract_columns_and_respects_supply(con):
    risk = views.build(con, "stock_risk")
    supply = stock.supply(con, AS_OF).set_index("sku")["available"]

    assert list(risk.columns) == STOCK_RISK_COLUMNS
    assert not risk.duplicated(["account_id", "sku"]).any()
    assert (risk["allocated_qty"] <= risk["suggested_order_qty"]).all()
    given = risk.groupby("sku")["allocated_qty"].sum()
    assert (given <= supply.reindex(given.index).fillna(0) + 1e-9).all()
    assert set(risk["risk"]) <= {"high", "medium", "low"}


def test_backtest_actuals_are_last_years_peak_sales(con, sales):
    table = views.build(con, "forecast_backtest")

    peak = sales["date"].between(pd.Timestamp("2025-11-01"), pd.Timestamp("2025-12-31"))
    assert list(table.columns) == ["account_id", "sku", "actual", "forecast", "baseline_forecast"]
    assert table["actual"].sum() == pytest.approx(sales.loc[peak, "quantity"].sum())
    naive = sales["date"].between(pd.Timestamp("2024-11-02"), pd.Timestamp("2025-01-01"))
    assert table["baseline_forecast"].sum() == pytest.approx(sales.loc[naive, "quantity"].sum())


def test_the_demo_peak_is_detected_as_november_and_december(con):
    plan = stock_plan(con, None, None, 0.95, Filters(date(2026, 1, 1), AS_OF))

    assert plan.detected_months == (11, 12)
    assert (plan.peak_start, plan.peak_end) == (date(2026, 11, 1), date(2026, 12, 31))
    assert plan.as_of == AS_OF


def test_the_plan_honours_the_sidebar_filters(con):
    chains = Filters(date(2026, 1, 1), AS_OF, channels=("Retail chain",))

    plan = stock_plan(con, None, None, 0.95, chains)

    assert set(plan.risk["channel"]) == {"Retail chain"}
    assert set(plan.backtest["account_id"]) <= {f"AC{i:04d}" for i in range(1, 13)}  # chains
