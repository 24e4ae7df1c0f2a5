"""The stock plan's views: one region's rows, the positions at risk, orders and short SKUs."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.stock.plan import AT_RISK_COLUMNS, ORDER_COLUMNS, StockPlan, horizon


def risk_rows() -> pd.DataFrame:
    rows = [
        # account, sku, risk, revenue at risk, suggested, allocated, short
        ("A1", "KE-1", "low", 0.0, 0, 0, 0),
        ("A1", "KE-2", "high", 50.0, 12, 6, 6),
        ("A2", "KE-1", "medium", 80.0, 24, 24, 0),
        ("A2", "KE-2", "high", 90.0, 6, 6, 0),
        ("A3", "KE-3", "medium", 10.0, 6, 6, 0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "account_id",
            "sku",
            "risk",
            "revenue_at_risk",
            "suggested_order_qty",
            "allocated_qty",
            "short_qty",
        ],
    )
    frame = frame.assign(tier=["B", "A", "A", "A", "B"])
    return frame.assign(**{c: 1 for c in AT_RISK_COLUMNS + ORDER_COLUMNS if c not in frame})


def plan() -> StockPlan:
    positions = pd.MultiIndex.from_tuples(
        [("A1", "KE-1"), ("A2", "KE-1"), ("A3", "KE-3")], names=["account_id", "sku"]
    )
    backtest = pd.DataFrame({"account_id": ["A1", "A2"], "date": [date(2025, 11, 1)] * 2})
    return StockPlan(
        as_of=date(2026, 10, 31),
        peak_months=(11, 12),
        detected_months=(11, 12),
        monthly_index=pd.Series(1.0, index=range(1, 13)),
        peak_start=date(2026, 11, 1),
        peak_end=date(2026, 12, 31),
        service_level=0.95,
        risk=risk_rows(),
        demand=pd.DataFrame({"2026-11-01": [1.0, 2.0, 3.0]}, index=positions),
        backtest=backtest.assign(actual=1.0, forecast=1.0, baseline_forecast=1.0),
        backtest_by_account=backtest.assign(actual=1.0, forecast=2.0, baseline_forecast=3.0),
    )


def test_the_horizon_runs_from_the_day_after_as_of_to_the_end_of_the_peak():
    days = horizon(date(2026, 10, 31), date(2026, 11, 3))

    assert list(days.date) == [date(2026, 11, d) for d in (1, 2, 3)]
    assert days.name == "date"


def test_a_regions_view_keeps_its_accounts_rows_of_every_table():
    view = plan().for_accounts(["A2", "A3"])

    assert set(view.risk.account_id) == {"A2", "A3"}
    assert list(view.risk.index) == [0, 1, 2]
    assert list(view.demand.index.get_level_values("account_id")) == ["A2", "A3"]
    assert list(view.backtest.account_id) == ["A2"]
    assert list(view.backtest_by_account.account_id) == ["A2"]
    assert view.service_level == 0.95


def test_no_filter_is_the_whole_plan():
    whole = plan()

    assert whole.for_accounts(None) is whole


def test_positions_at_risk_are_the_high_and_medium_ones_in_the_shown_columns():
    at_risk = plan().at_risk()

    assert list(at_risk.columns) == AT_RISK_COLUMNS
    assert sorted(at_risk.risk) == ["high", "high", "medium", "medium"]


def test_worst_first_puts_high_risk_first_then_the_most_revenue_at_risk():
    worst = plan().worst_first()

    assert list(zip(worst.risk, worst.revenue_at_risk, strict=True)) == [
        ("high", 90.0),
        ("high", 50.0),
        ("medium", 80.0),
        ("medium", 10.0),
        ("low", 0.0),
    ]


def test_orders_are_the_positions_with_a_suggested_quantity():
    orders = plan().orders()

    assert list(orders.columns) == ORDER_COLUMNS
    assert len(orders) == 4
    assert (orders.suggested_order_qty > 0).all()


def test_short_orders_are_every_order_of_a_sku_the_warehouse_cannot_serve_in_full():
    short = plan().short_orders()

    assert list(zip(short.sku, short.tier, short.account_id, strict=True)) == [
        ("KE-2", "A", "A1"),
        ("KE-2", "A", "A2"),
    ]


def test_the_backtest_by_day_adds_up_the_accounts():
    daily = plan().backtest_daily

    assert daily.to_dict("records") == [
        {"date": date(2025, 11, 1), "actual": 2.0, "forecast": 4.0, "baseline_forecast": 6.0}
    ]
