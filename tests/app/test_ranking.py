"""Accounts ranking: the 20/80 figures and the table a user reads, thresholds as options."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.sales_frame import class_a_count, default_period, metric, money, raw_sales
from tests.integration.test_targets_store import by_pandas

PAGE = "pages/ranking.py"


@pytest.fixture(scope="module")
def lines(demo_db: Path) -> pd.DataFrame:
    return raw_sales(demo_db)


def _twelve_months(lines: pd.DataFrame) -> pd.Series:
    _, last = default_period(lines)
    window = lines[(lines["date"] > last - pd.DateOffset(years=1)) & (lines["date"] <= last)]
    return window.groupby("account_id")["revenue"].sum().sort_values(ascending=False)


def test_ranking_figures_match_an_independent_pareto(app: AppTest, lines):
    app.switch_page(PAGE).run()

    revenue = _twelve_months(lines)
    top = np.interp(
        0.2,
        np.arange(len(revenue) + 1) / len(revenue),
        np.concatenate([[0], revenue.cumsum() / revenue.sum()]),
    )
    table = app.dataframe[0].value
    assert not app.exception
    assert metric(app, "Accounts with sales") == str(len(revenue))
    assert metric(app, "Revenue, twelve months") == money(revenue.sum())
    assert metric(app, "Top 20% of accounts hold") == f"{top:.1%}"  # one decimal, as every share
    assert metric(app, "Class A accounts") == str(class_a_count(lines, default_period(lines)[1]))
    assert table["account_id"].tolist() == revenue.index.tolist()
    assert table["revenue_12m"].tolist() == pytest.approx(revenue.tolist())  # shown to the unit


def test_class_thresholds_are_options(app: AppTest, lines):
    app.switch_page(PAGE).run()

    app.number_input[0].set_value(50).run()

    revenue = _twelve_months(lines)
    above = (revenue.cumsum() - revenue) / revenue.sum()
    assert metric(app, "Class A accounts") == str(int((above < 0.5).sum()))


def test_presentation_mode_hides_the_margin_column(app: AppTest):
    app.session_state["presentation"] = True
    app.switch_page(PAGE).run()

    assert "margin_rate" not in app.dataframe[0].value.columns


def test_the_ranking_shows_each_accounts_target_and_attainment(app: AppTest, demo_db: Path):
    app.switch_page(PAGE).run()

    table = app.dataframe[0].value.set_index("account_id")
    con = duckdb.connect(str(demo_db), read_only=True)
    expected = by_pandas(con, con.execute("select max(date) from sales").fetchall()[0][0])
    con.close()
    expected = expected[expected["account_id"].isin(table.index)]  # a lost account is not ranked
    shown = table.loc[expected["account_id"]]
    assert len(shown) > 50
    assert shown["revenue_target"].tolist() == pytest.approx(expected["revenue_target"].tolist())
    # The grid shows rates in percent.
    assert shown["attainment"].tolist() == pytest.approx(
        (expected["attainment"] * 100).tolist(), abs=5e-4
    )  # to the thousandth of a percent
    assert table.loc[~table.index.isin(expected["account_id"]), "attainment"].isna().all()
