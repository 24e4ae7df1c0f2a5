"""Account trend: one account's figures, opened by the picker or a ?account= link."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.sales_frame import between, default_period, metric, money, raw_sales

PAGE = "pages/account_trend.py"


@pytest.fixture(scope="module")
def lines(demo_db: Path) -> pd.DataFrame:
    return raw_sales(demo_db)


def test_without_an_account_the_page_says_what_to_do(app: AppTest):
    app.switch_page(PAGE).run()

    assert "Choose an account" in app.info[0].value


def test_deep_link_shows_that_accounts_figures(app: AppTest, lines):
    app.query_params["account"] = "AC0001"
    app.switch_page(PAGE).run()

    first, last = default_period(lines)
    year = pd.DateOffset(years=1)
    mine = lines[lines["account_id"] == "AC0001"]
    revenue = between(mine, first, last)["revenue"].sum()
    revenue_ly = between(mine, first - year, last - year)["revenue"].sum()
    # rolling twelve months: the twelve calendar months ending with the as-of month
    twelve = between(mine, last.to_period("M").to_timestamp() - pd.DateOffset(months=11), last)
    assert app.selectbox(key="account").value == "AC0001"
    assert metric(app, "Revenue in the period") == money(revenue)
    assert metric(app, "Same period last year") == money(revenue_ly)
    assert metric(app, "Year to date") == money(revenue)  # the default period is the YTD
    assert metric(app, "Rolling twelve months") == money(twelve["revenue"].sum())


def test_mix_table_shares_sum_to_one(app: AppTest):
    app.session_state["account"] = "AC0002"
    app.switch_page(PAGE).run()

    mix = app.dataframe[0].value  # rates as the grid shows them, in percent and points
    assert mix["share"].sum() == pytest.approx(100.0, abs=0.01)  # each to 0.001 point
    assert mix["shift"].sum() == pytest.approx(0.0, abs=0.01)


def test_presentation_mode_draws_no_margin_chart(app: AppTest):
    app.session_state["presentation"] = True
    app.session_state["account"] = "AC0001"
    app.switch_page(PAGE).run()

    titles = [c.proto.spec for c in app.get("plotly_chart")]
    assert titles and not any("gross margin" in spec for spec in titles)
