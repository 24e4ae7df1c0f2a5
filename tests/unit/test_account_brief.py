"""What the brief says: KPIs, trend, top stock risks, promotions; its charts as data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core import charts
from kam_core.charts import brief
from kam_core.visits import brief as account_brief
from kam_core.visits.talking_points import TalkingPoint, category_changes


def test_the_trend_draws_this_year_over_last_year_month_by_month() -> None:
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "revenue": [10.0, 20.0],
            "revenue_last_year": [8.0, 0.0],
        }
    )

    months = account_brief.trend(monthly, date(2026, 10, 31))
    fig = brief.trend(months)

    assert len(months) == 12 and months["month"].iloc[-1] == "Oct 26"
    lines = {trace.name: list(trace.y) for trace in fig.data}
    assert lines["This year"][-2:] == [10.0, 20.0]
    assert lines["Last year"][-2:] == [8.0, 0.0]
    assert sum(lines["This year"][:-2]) == 0  # months without sales are drawn as 0, not skipped


def test_the_mix_shows_each_categorys_share_both_years() -> None:
    mix = pd.DataFrame(
        {"category": ["Kettles", "Toasters"], "revenue": [30.0, 70.0], "revenue_ly": [50.0, 50.0]}
    )

    fig = brief.mix(category_changes(mix))

    bars = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in fig.data}
    assert bars["This period"] == {"Kettles": 0.3, "Toasters": 0.7}
    assert bars["Last year"] == {"Kettles": 0.5, "Toasters": 0.5}


def test_presentation_mode_enlarges_type_and_stamps_the_date_without_touching_the_original() -> (
    None
):
    fig = brief.trend(
        account_brief.trend(
            pd.DataFrame({"month": [], "revenue": [], "revenue_last_year": []}), date(2026, 10, 31)
        )
    )

    shown = charts.for_presentation(fig, "As of 31 Oct 2026 · data to 31 Oct 2026").to_dict()

    assert shown["layout"]["font"]["size"] == 20
    assert shown["layout"]["title"]["subtitle"]["text"] == "As of 31 Oct 2026 · data to 31 Oct 2026"
    assert "subtitle" not in fig.to_dict()["layout"]["title"]


def test_a_promotion_started_by_the_as_of_date_is_running_a_later_one_planned() -> None:
    promotions = pd.DataFrame(
        {"promo_id": ["P1", "P2"], "start_date": [date(2026, 10, 20), date(2026, 11, 20)]}
    )

    shown = account_brief.promotions_ahead(promotions, date(2026, 10, 31))

    assert list(shown["status"]) == ["running", "planned"]


def _kpis(this: dict[str, float], last: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame([{"period": "this", **this}, {"period": "last", **last}])


def test_kpis_compare_with_last_year_and_margin_moves_in_points() -> None:
    row = {
        "revenue": 110.0,
        "quantity": 10.0,
        "gross_margin": 33.0,
        "costed_revenue": 100.0,
        "orders": 4.0,
    }
    before = {**row, "revenue": 100.0, "gross_margin": 30.0, "orders": 5.0}

    shown = {k.label: (k.value, k.change, k.good) for k in account_brief.kpis(_kpis(row, before))}

    assert shown["Revenue"] == ("110", "+10.0% vs LY", True)
    assert shown["Gross margin"] == ("33.0%", "+3.0 pts vs LY", True)
    assert shown["Orders"] == ("4", "-20.0% vs LY", False)


def test_without_last_year_the_change_is_not_a_number_and_margin_can_be_hidden() -> None:
    row = {
        "revenue": 50.0,
        "quantity": 5.0,
        "gross_margin": None,
        "costed_revenue": None,
        "orders": 1.0,
    }
    before = {
        "revenue": 0.0,
        "quantity": 0.0,
        "gross_margin": None,
        "costed_revenue": None,
        "orders": 0.0,
    }

    shown = account_brief.kpis(_kpis(row, before), show_margin=False)

    assert [k.label for k in shown] == ["Revenue", "Units", "Orders"]
    assert shown[0].change == "n/a vs LY" and shown[0].good is None


def test_top_stock_risks_are_the_accounts_own_high_and_medium_first_out_first() -> None:
    risk = pd.DataFrame(
        {
            "account_id": ["A", "A", "A", "B"],
            "sku": ["S1", "S2", "S3", "S4"],
            "risk": ["medium", "high", "low", "high"],
            "stockout_date": pd.to_datetime(
                ["2026-11-20", "2026-11-05", "2026-11-01", "2026-11-02"]
            ),
            "days_of_cover": [20.0, 5.0, 1.0, 2.0],
        }
    )

    assert list(account_brief.stock_risks(risk, "A")["sku"]) == ["S2", "S1"]


def test_a_points_numbers_read_as_figures() -> None:
    point = TalkingPoint(
        "Sales",
        "Revenue in Kettles down 18%.",
        "rule",
        {
            "category": "Kettles",
            "revenue": 12_300.0,
            "change": -0.18,
            "stockout_date": date(2026, 12, 3),
            "days_of_cover": 6.25,
        },
    )

    shown = dict(account_brief.figures(point).itertuples(index=False))

    assert shown == {
        "Category": "Kettles",
        "Revenue": "12,300",
        "Change": "-18.0%",
        "Stockout date": "03 Dec 2026",
        "Days of cover": "6.25",
    }
