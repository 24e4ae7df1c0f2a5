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

    stamp = "1 Jan 2026 – 31 Oct 2026 · All accounts · last sale 31 Oct 2026, today"
    shown = charts.for_presentation(fig, stamp).to_dict()

    projector = shown["layout"]["template"]["layout"]
    assert projector["font"]["size"] == 20
    assert projector["xaxis"]["tickfont"]["size"] == projector["yaxis"]["tickfont"]["size"] == 17
    assert projector["font"]["family"].startswith("Source Sans Pro")  # still the app's template
    assert shown["layout"]["title"]["subtitle"]["text"] == stamp
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

    assert shown["Revenue"] == ("$110", "+10.0% vs LY", True)  # the default currency
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
    assert shown[0].change == "– vs LY" and shown[0].good is None


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
        "Stockout date": "3 Dec 2026",
        "Days of cover": "6.25",
    }


def test_every_kind_of_figure_reads_in_its_own_format() -> None:
    point = TalkingPoint(
        "Stock",
        "text",
        "rule",
        {
            "sku": "KE-1",
            "change": 0.05,
            "share_last_year": 0.25,
            "discount_pct": 0.1,
            "on_hand": 100.5,  # from 100 whole units are enough
            "days_of_cover": 99.5,
            "suggested_order_qty": 12.0,
            "last_visit": None,
            "days_since": float("nan"),
            "ok": True,
        },
    )

    shown = account_brief.figures(point)

    assert list(shown.columns) == ["figure", "value"]
    assert dict(shown.itertuples(index=False)) == {
        "SKU": "KE-1",
        "Change": "+5.0%",
        "Share last year": "25.0%",
        "Discount pct": "10.0%",
        "On hand": "100",
        "Days of cover": "99.50",
        "Suggested order qty": "12",
        "Last visit": "–",
        "Days since": "–",
        "Ok": "True",
    }


def test_units_are_shown_whole_and_no_change_counts_as_good() -> None:
    row = {
        "revenue": 100.0,
        "quantity": 1234.0,
        "gross_margin": 30.0,
        "costed_revenue": 100.0,
        "orders": 4.0,
    }

    shown = {k.label: k for k in account_brief.kpis(_kpis(row, row))}

    assert [k for k in shown] == ["Revenue", "Gross margin", "Units", "Orders"]
    assert (shown["Units"].value, shown["Units"].change) == ("1,234", "+0.0% vs LY")
    assert shown["Revenue"].good is True
    assert (shown["Gross margin"].change, shown["Gross margin"].good) == ("+0.0 pts vs LY", True)


def test_a_margin_without_costed_revenue_either_year_is_unknown() -> None:
    row = {
        "revenue": 100.0,
        "quantity": 1.0,
        "gross_margin": 0.0,
        "costed_revenue": 0.0,
        "orders": 1.0,
    }
    before = {**row, "gross_margin": 1.0, "costed_revenue": 1.0}

    margin = account_brief.kpis(_kpis(row, before))[1]

    assert (margin.value, margin.change, margin.good) == ("–", "– vs LY", None)
    assert account_brief.margin_rate(pd.Series(before)) == 1.0


def test_a_promotion_starting_on_the_as_of_date_is_running() -> None:
    promotions = pd.DataFrame({"start_date": [date(2026, 10, 31), date(2026, 11, 1)]})

    shown = account_brief.promotions_ahead(promotions, date(2026, 10, 31))

    assert list(shown["status"]) == ["running", "planned"]


def test_the_brief_shows_at_most_five_stock_risks() -> None:
    risk = pd.DataFrame(
        {
            "account_id": ["A"] * 7,
            "sku": [f"S{i}" for i in range(7)],
            "risk": ["high"] * 7,
            "stockout_date": pd.to_datetime([f"2026-11-{10 + i}" for i in range(7)]),
            "days_of_cover": [float(i) for i in range(7)],
        }
    )

    assert list(account_brief.stock_risks(risk, "A")["sku"]) == [f"S{i}" for i in range(5)]


def test_the_briefs_points_come_sales_first_then_stock_money_promotions_diary() -> None:
    row = {
        "revenue": 80.0,
        "quantity": 1.0,
        "gross_margin": 0.0,
        "costed_revenue": 0.0,
        "orders": 1.0,
    }
    risk = pd.DataFrame(
        {
            "account_id": ["A1", "A2"],
            "sku": ["KE-1", "KE-2"],
            "stockout_date": pd.to_datetime(["2026-11-20", "2026-11-10"]),
            "risk": ["high", "high"],
            "suggested_order_qty": [0.0, 0.0],
            "on_hand": [1.0, 1.0],
            "days_of_cover": [20.0, 10.0],
        }
    )
    brief_ = account_brief.AccountBrief(
        account_id="A1",
        start=date(2026, 1, 1),
        end=date(2026, 10, 31),
        header=pd.DataFrame({"name": ["Shop"]}),
        kpis=_kpis(row, {**row, "revenue": 100.0}),
        monthly=pd.DataFrame(),
        mix=pd.DataFrame({"category": ["K"], "revenue": [80.0], "revenue_ly": [100.0]}),
        events=pd.DataFrame({"date": [date(2026, 11, 2)], "kind": ["Fair"], "note": [None]}),
        visits=pd.DataFrame({"date": [date(2026, 1, 5)]}),
        promotions=pd.DataFrame(
            {
                "promo_id": ["P1"],
                "kind": ["Feature"],
                "sku": [None],
                "start_date": [date(2026, 11, 3)],
                "discount_pct": [None],
            }
        ),
        payouts=pd.DataFrame(
            {
                "program_id": ["ANNUAL"],
                "basis": [90.0],
                "next_threshold": [100.0],
                "gap_to_next_tier": [10.0],
                "extra_payout_at_next_tier": [500.0],
                "gap_share": [0.1],
                "talking_point": ["Another 10 takes you to the next tier."],
            }
        ),
    )

    points = account_brief.points(brief_, risk)

    assert brief_.name == "Shop"
    assert [p.topic for p in points] == [
        "Sales",
        "Sales",
        "Stock",
        "Incentives",
        "Promotions",
        "Diary",
        "Diary",
    ]
    assert points[2].numbers["sku"] == "KE-1"  # the account's own stock only
    assert [p.topic for p in account_brief.points(brief_)] == [
        "Sales",
        "Sales",
        "Incentives",
        "Promotions",
        "Diary",
        "Diary",
    ]
