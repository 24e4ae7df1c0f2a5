"""Stock-risk charts, tested as data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.charts import BAD
from kam_core.charts.stock import backtest_chart, risk_map, runs_dry_first, season_bars, stock_curve


def _risk() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": ["A1", "A1", "B1", "C1"],
            "account": ["MegaMart", "MegaMart", "Harbor Electric", "Zelby Trading"],
            "tier": ["A", "A", "B", "C"],
            "sku": ["KE-1", "TO-1", "KE-1", "KE-1"],
            "snapshot_date": [date(2026, 10, 31)] * 4,
            "stockout_date": [date(2026, 11, 3), date(2026, 11, 20), None, date(2026, 12, 20)],
            "days_of_cover": [3.0, 20.0, 90.0, 50.0],
            "risk": ["high", "medium", "low", "medium"],
            "revenue_at_risk": [500.0, 100.0, 0.0, 50.0],
        }
    )


def test_risk_map_counts_skus_run_dry_by_each_week_for_the_worst_accounts():
    heat = risk_map(_risk(), date(2026, 12, 31), top=1).data[0]

    assert list(heat.y) == ["MegaMart (A)"]
    assert list(heat.z[0][:3]) == [1, 1, 2]  # by 7, 14, 21 Nov
    assert heat.x[-1] == "31 Dec"


def test_runs_dry_first_ranks_positions_by_stockout_date_and_leaves_out_the_safe():
    fig = runs_dry_first(_risk()).to_dict()

    order = fig["layout"]["yaxis"]["categoryarray"]
    assert list(order) == ["Zelby Trading (C) · KE-1", "MegaMart (A) · TO-1", "MegaMart (A) · KE-1"]
    assert fig["data"][0]["text"][0] == "out 03 Nov"
    high = next(t for t in fig["data"] if t["name"] == "high")
    assert high["marker"]["color"] == BAD


def test_a_stock_out_date_beside_the_longest_bar_is_never_clipped():
    fig = runs_dry_first(_risk()).to_dict()

    assert all(t["cliponaxis"] is False for t in fig["data"] if t.get("text") is not None)
    assert fig["layout"]["margin"]["r"] >= 70  # "out 01 Nov" at the chart's 13 px


def test_stock_curve_marks_the_peak_and_the_stockout():
    history = pd.DataFrame({"date": pd.to_datetime(["2026-10-24", "2026-10-31"]), "stock": [9, 7]})
    projection = pd.DataFrame({"date": pd.date_range("2026-10-31", periods=3), "stock": [7, 3, 0]})

    fig = stock_curve(
        history,
        projection,
        (date(2026, 11, 1), date(2026, 12, 31)),
        date(2026, 11, 2),
        "Projected stock",
    ).to_dict()

    shapes = fig["layout"]["shapes"]
    assert {s["type"] for s in shapes} == {"rect", "line"}
    assert any("Stock-out 02 Nov" in a["text"] for a in fig["layout"]["annotations"])
    assert fig["data"][1]["name"] == "Projected stock"


def test_backtest_chart_sums_days_into_full_weeks_for_each_series():
    daily = pd.DataFrame(
        {
            "date": pd.date_range("2025-11-03", periods=16),  # two full weeks and two days
            "actual": 1.0,
            "forecast": 2.0,
            "baseline_forecast": 3.0,
        }
    )

    fig = backtest_chart(daily)

    assert [list(t.y) for t in fig.data] == [[7.0, 7.0], [14.0, 14.0], [21.0, 21.0]]


def test_season_bars_colour_the_peak_months():
    monthly = pd.Series([1.0] * 10 + [1.8, 1.7], index=range(1, 13))

    colours = season_bars(monthly, (11, 12)).to_dict()["data"][0]["marker"]["color"]

    assert [c == BAD for c in colours] == [False] * 10 + [True, True]
