"""Trend charts as data: what each figure draws, from hand-made tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from kam_core.accounts.ranking import (
    class_summary,
    pareto_curve,
    rank_accounts,
    revenue_share_of_top,
)
from kam_core.accounts.trends import price_volume_mix
from kam_core.charts import LAST_YEAR, MONTH_TICKS, THIS_YEAR, month_axis
from kam_core.charts import trends as charts

MONTHS = pd.to_datetime(["2026-01-01", "2026-02-01"])


def _ranking() -> pd.DataFrame:
    totals = pd.DataFrame(
        {
            "account_id": ["A1", "A2", "A3", "A4", "A5"],
            "revenue_12m": [80.0, 5, 5, 5, 5],
            "margin_12m": None,
        }
    )
    return rank_accounts(totals).assign(name=["One", "Two", "Three", "Four", "Five"])


def test_this_year_is_drawn_as_bars_and_last_year_as_a_grey_line() -> None:
    table = pd.DataFrame({"month": MONTHS, "revenue": [10, 20], "revenue_last_year": [8, 25]})

    fig = charts.this_year_vs_last(table, "revenue", "Monthly revenue", "Revenue")

    bars, line = fig.data
    assert (bars.type, list(bars.y), bars.marker.color) == ("bar", [10, 20], THIS_YEAR)
    assert (list(line.y), line.line.color) == ([8, 25], LAST_YEAR)
    assert fig.layout.title.text == "Monthly revenue"


def test_pareto_marks_the_20_percent_point_and_carries_account_ids_for_clicks() -> None:
    ranking = _ranking()

    fig = charts.pareto(ranking, pareto_curve(ranking), revenue_share_of_top(ranking))

    curve, accounts, point = fig.data
    assert [row[0] for row in accounts.customdata] == ["A1", "A2", "A3", "A4", "A5"]
    assert (list(point.x), list(point.y)) == ([0.2], [pytest.approx(0.8)])
    assert list(curve.y)[-1] == pytest.approx(1.0)


def test_abc_bars_show_each_class_share() -> None:
    bars = charts.abc_bars(class_summary(_ranking())).data[0]

    assert list(bars.x) == ["A", "B", "C"]
    assert list(bars.y) == pytest.approx([0.80, 0.15, 0.05])  # A2 has 80% above it: B


def test_waterfall_runs_from_last_year_through_the_effects_to_this_year() -> None:
    lines = pd.DataFrame(
        {
            "sku": ["K"],
            "quantity_ly": [10],
            "revenue_ly": [100.0],
            "quantity": [12],
            "revenue": [132.0],
        }
    )

    trace = charts.pvm_waterfall(price_volume_mix(lines), 100.0, 132.0).data[0]

    assert list(trace.x) == ["Last year", "Volume", "Mix", "Price", "This year"]
    assert list(trace.y) == pytest.approx([100, 20, 0, 12, 132])
    assert list(trace.measure) == ["absolute", "relative", "relative", "relative", "total"]


def test_account_timeline_shades_each_promotion_and_marks_events() -> None:
    table = pd.DataFrame({"month": MONTHS, "revenue": [10, 20], "revenue_last_year": [8, 25]})
    promotions = pd.DataFrame(
        {
            "promo_id": ["P1"],
            "kind": ["Display"],
            "start_date": pd.to_datetime(["2026-01-10"]),
            "end_date": pd.to_datetime(["2026-01-20"]),
        }
    )
    events = pd.DataFrame({"date": pd.to_datetime(["2026-02-03"]), "kind": ["Store opening"]})

    fig = charts.account_timeline(table, promotions, events, "Revenue").to_dict()

    assert [s["type"] for s in fig["layout"]["shapes"]] == ["rect"]
    assert [t["name"] for t in fig["data"]] == ["This year", "Last year", "Promotion", "Event"]


def test_tier_flow_links_previous_to_proposed_tiers_with_new_and_lost() -> None:
    screening = pd.DataFrame(
        {"previous_tier": ["A", "A", None, "B"], "proposed_tier": ["A", "B", "C", None]}
    )

    sankey = charts.tier_flow(screening).data[0]

    labels = list(sankey.node.label)
    link = sankey.link
    links = {
        (labels[s], labels[t]): v
        for s, t, v in zip(link.source, link.target, link.value, strict=True)
    }
    assert links == {
        ("A last year", "A proposed"): 1,
        ("A last year", "B proposed"): 1,
        ("new account", "C proposed"): 1,
        ("B last year", "lost (no sales)"): 1,
    }


def test_five_months_get_five_ticks_each_on_its_month_and_named_once() -> None:
    months = pd.date_range("1998-01-01", periods=5, freq="MS")
    table = pd.DataFrame({"month": months, "revenue": 1.0, "revenue_last_year": 1.0})

    axis = charts.this_year_vs_last(table, "revenue", "Monthly revenue", "Revenue").layout.xaxis

    assert [pd.Timestamp(t) for t in axis.tickvals] == list(months)
    assert list(axis.ticktext) == ["Jan 1998", "Feb 1998", "Mar 1998", "Apr 1998", "May 1998"]


@pytest.mark.parametrize(("count", "step"), [(1, 1), (18, 1), (19, 2), (36, 2), (37, 3)])
def test_a_long_span_labels_every_kth_month_from_the_first(count: int, step: int) -> None:
    months = pd.date_range("2020-01-01", periods=count, freq="MS")

    axis = month_axis(months)

    assert axis["tickvals"] == list(months[::step])
    assert len(set(axis["ticktext"])) == len(axis["ticktext"]) <= MONTH_TICKS


def test_dates_inside_a_month_tick_once_on_its_first_day() -> None:
    axis = month_axis([date(2026, 3, 5), date(2026, 3, 30), date(2026, 4, 1)])

    assert axis["ticktext"] == ["Mar 2026", "Apr 2026"]
