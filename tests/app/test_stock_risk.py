"""The stock-risk page shows the same numbers the plan computes, and honours the filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.data.filters import Filters
from kam_core.store.stock_plan import stock_plan

PAGE = "pages/stock_risk.py"


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture(scope="module")
def plan(demo_db: Path):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return stock_plan(con, None, None, 0.95, Filters(date(2026, 1, 1), date(2026, 10, 30)))


def test_page_shows_the_risk_counts_and_backtest_a_user_reads(app: AppTest, plan) -> None:
    app.switch_page(PAGE).run()

    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Peak-season stock risk"
    high = (plan.risk["risk"] == "high").sum()
    assert _metric(app, "High-risk positions") == f"{high:,}"
    assert _metric(app, "Units short by end of peak") == f"{plan.risk['shortfall_qty'].sum():,.0f}"
    wape = plan.accuracy.set_index("method").loc["Forecast", "wape"]
    assert _metric(app, "Forecast WAPE") == f"{wape:.1%}"
    assert app.multiselect(key="peak-2026-10-31").value == [11, 12]
    assert "Peak 01 Nov – 31 Dec 2026" in app.caption[0].value


def test_the_ranked_list_puts_key_accounts_first(app: AppTest) -> None:
    app.switch_page(PAGE).run()

    listed = app.dataframe[0].value

    assert listed["risk"].isin(["high", "medium"]).all()
    assert listed["tier"].tolist() == sorted(listed["tier"])


def test_choosing_a_single_peak_month_shortens_the_window(app: AppTest) -> None:
    app.switch_page(PAGE).run()

    app.multiselect(key="peak-2026-10-31").set_value([11]).run()

    assert not app.exception, [e.value for e in app.exception]
    assert "Peak 01 Nov – 30 Nov 2026" in app.caption[0].value
