"""The brief's charts as data, and the projector restyling every page's charts go through."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core import account_brief, charts
from kam_core.charts import brief
from kam_core.talking_points import category_changes


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
