"""Promotion charts as data (their traces and layout): what each shows, in which colour."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.charts import BAD, GOOD, LAST_YEAR, THIS_YEAR
from kam_core.charts.promotions import calendar, promotion_days, roi_comparison, trial_read_out

PROMOTIONS = pd.DataFrame(
    {
        "promo_id": ["P1", "P2", "P3"],
        "name": ["MegaMart", "MegaMart", "Corner Shop"],
        "account_id": ["AC0001", "AC0001", "AC0099"],
        "sku": ["KE-1001", None, "TO-1002"],
        "kind": ["Display", "Price cut", "Bundle"],
        "start_date": [date(2026, 3, 2), date(2026, 11, 9), date(2026, 10, 26)],
        "end_date": [date(2026, 3, 15), date(2026, 11, 22), date(2026, 11, 8)],
        "status": ["past", "planned", "running"],
        "stockout": [None, True, None],
    }
)


def test_calendar_colours_by_status_outlines_stockouts_and_shades_the_peak() -> None:
    fig = calendar(PROMOTIONS, [(date(2026, 11, 1), date(2026, 12, 31))])

    bars = {t.name: t for t in fig.data}
    assert bars["Past"].marker.color == LAST_YEAR
    assert bars["Planned"].marker.color == THIS_YEAR
    assert list(bars["Planned"].marker.line.color) == [BAD]
    assert list(bars["Running"].marker.line.color) == [bars["Running"].marker.color]
    assert list(bars["Planned"].y) == ["MegaMart (AC0001)"]
    assert bars["Past"].x[0] == 14 * 86_400_000  # 14 days long
    assert "Peak season" in bars and "Stock-out risk" in bars
    assert fig.layout.shapes[0].x0 == date(2026, 11, 1)
    assert fig.layout.yaxis.categoryarray[0] == "MegaMart (AC0001)"  # key account first


def test_promotion_chart_shows_units_a_day_by_role_and_the_baseline() -> None:
    cells = pd.DataFrame(
        {
            "first": pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-17"]),
            "days": [7, 7, 1, 7],
            "role": ["base", "base", "promo", "dip"],
            "clean": [True, False, False, False],  # week 2: another promotion's week
            "quantity": [70.0, 210.0, 20.0, 35.0],
            "baseline": [70.0, 70.0, 10.0, 70.0],
        }
    )

    fig = promotion_days(cells, "P1")

    names = [t.name for t in fig.data]
    assert names == [
        "Comparable days",
        "Other promotions' days (left out)",
        "Promotion days",
        "Days after",
        "Baseline",
    ]
    assert list(fig.data[1].y) == [30.0]
    assert list(fig.data[2].y) == [20.0]
    assert list(fig.data[2].width) == [86_400_000]  # one day wide
    assert list(fig.data[4].y) == [10.0] * 5  # a step per chunk and one closing the last
    assert fig.data[4].line.shape == "hv"
    assert fig.layout.yaxis.title.text == "Units per day"


def test_roi_bars_are_green_when_paid_and_red_when_lost_and_can_show_extremes_only() -> None:
    groups = pd.DataFrame(
        {"kind": list("ABCDE"), "promotions": [1] * 5, "roi": [0.5, -0.2, 0.1, -0.9, 0.0]}
    )

    fig = roi_comparison(groups, "kind", "ROI by kind", limit=2)

    bar = fig.data[0]
    assert list(bar.y) == ["D", "B", "C", "A"]
    assert list(bar.marker.color) == [BAD, BAD, GOOD, GOOD]
    assert "2 best and 2 worst of 5" in fig.layout.title.text


def test_trial_read_out_sets_each_product_beside_its_category() -> None:
    read_out = pd.DataFrame(
        {
            "sku": ["KE-1010"],
            "product": ["Kettle Eco"],
            "units_per_account_week": [1.5],
            "category_units_per_account_week": [2.0],
        }
    )

    fig = trial_read_out(read_out)

    assert [t.name for t in fig.data] == ["New product", "Category average"]
    assert list(fig.data[1].y) == [2.0]
