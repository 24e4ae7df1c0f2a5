"""Portfolio overview: the landing page's revenue, growth, key-account KPIs and at-risk list."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.sales_frame import (
    between,
    class_a_count,
    default_period,
    metric,
    money,
    raw_sales,
)
from tests.integration.test_targets_store import by_pandas


@pytest.fixture(scope="module")
def lines(demo_db: Path) -> pd.DataFrame:
    return raw_sales(demo_db)


def test_overview_is_the_landing_page_and_shows_the_period_revenue(app: AppTest, lines):
    first, last = default_period(lines)

    revenue = between(lines, first, last)["revenue"].sum()
    revenue_ly = between(lines, first - pd.DateOffset(years=1), last - pd.DateOffset(years=1))[
        "revenue"
    ].sum()
    assert app.title[0].value == "Portfolio overview"
    assert metric(app, "Revenue") == money(revenue)
    assert metric(app, "Growth vs last year") == f"{revenue / revenue_ly - 1:+.1%}"
    assert metric(app, "Key accounts (tier A)") == str(class_a_count(lines, last))
    assert metric(app, "Gross margin").endswith("%")


def test_region_filter_changes_every_figure(app: AppTest, lines):
    app.sidebar.multiselect(key="region").set_value(["North"]).run()

    first, last = default_period(lines)
    north = lines[lines["region"] == "North"]
    assert metric(app, "Revenue") == money(between(north, first, last)["revenue"].sum())
    assert metric(app, "Key accounts (tier A)") == str(class_a_count(north, last))


def test_at_risk_list_follows_the_chosen_threshold(app: AppTest, lines):
    app.slider[0].set_value(50).run()

    _, last = default_period(lines)
    after = last - pd.DateOffset(months=3)  # trailing three months: (after, last]
    year = pd.DateOffset(years=1)
    three = lines[(lines["date"] > after) & (lines["date"] <= last)]
    three_ly = lines[(lines["date"] > after - year) & (lines["date"] <= last - year)]
    revenue = three.groupby("account_id")["revenue"].sum()
    revenue_ly = three_ly.groupby("account_id")["revenue"].sum()
    change = revenue.reindex(revenue_ly.index, fill_value=0) / revenue_ly - 1
    table = app.dataframe[-1].value
    assert sorted(table["account_id"]) == sorted(change[change < -0.5].index)


def test_presentation_mode_hides_the_margin(app: AppTest):
    app.session_state["presentation"] = True
    app.run()

    assert "Gross margin" not in [m.label for m in app.metric]
    assert not app.exception


def test_plan_attainment_matches_the_pandas_computation(app: AppTest, demo_db: Path, lines):
    _, last = default_period(lines)
    con = duckdb.connect(str(demo_db), read_only=True)
    expected = by_pandas(con, last.date())
    con.close()

    behind = app.dataframe(key="behind_plan").value
    managers = [d.value for d in app.dataframe if "manager" in d.value.columns][0]
    assert metric(app, "Target") == money(expected["revenue_target"].sum())
    attained = expected["ytd_actual"].sum() / expected["ytd_target"].sum()
    assert metric(app, "Attainment to date") == f"{attained:.1%}"
    shortfall = expected["ytd_target"] - expected["ytd_actual"]
    late = expected[expected["attainment"] < 0.95].assign(shortfall=shortfall)
    assert list(behind["account_id"]) == list(
        late.sort_values("shortfall", ascending=False)["account_id"].head(10)
    )
    assert managers["revenue_target"].sum() == pytest.approx(expected["revenue_target"].sum())
