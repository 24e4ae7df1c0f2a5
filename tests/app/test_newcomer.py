"""A newcomer's own first data: each page says exactly what is missing and why a figure is
unknown, with examples from their database, instead of the demo's ids or an empty chart."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kam_core.store import db, insert_frame
from tests.app.conftest import first_run


def _open(app: AppTest, page: str) -> AppTest:
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize(
    ("page", "says"),
    [
        (
            "pages/payouts.py",
            "No rebate programmes or rebate tiers yet (the rebate_programs and rebate_tiers "
            "tables are empty): import them on the Data page.",
        ),
        (
            "pages/promotions.py",
            "No promotions yet (the promotions table is empty): import it on the Data page.",
        ),
    ],
)
def test_an_empty_page_names_exactly_the_tables_it_lacks(newcomer: AppTest, page: str, says: str):
    shown = _open(newcomer, page)

    assert [i.value for i in shown.info] == [says]


def test_the_brief_hint_links_an_account_of_this_database(newcomer: AppTest):
    shown = _open(newcomer, "pages/brief.py")

    assert "?account=ALFKI" in shown.info[0].value
    assert "AC0001" not in shown.info[0].value


def test_margin_without_any_cost_is_said_to_be_unknown_not_drawn_empty(newcomer: AppTest):
    newcomer.session_state["account"] = "ALFKI"

    shown = _open(newcomer, "pages/account_trend.py")

    assert any("gross margin: unknown" in i.value for i in shown.info)
    titles = [c.proto.spec for c in shown.get("plotly_chart")]
    assert not any("Monthly gross margin" in spec for spec in titles)


def test_five_months_of_sales_show_no_peak_and_ask_for_the_months(newcomer: AppTest):
    shown = _open(newcomer, "pages/stock_risk.py")

    assert shown.multiselect(key="peak-1998-05-06").value == []
    assert [i.value for i in shown.info] == [
        "No peak season detected in the sales to 6 May 1998: no month sells 25% above an "
        "average one, or there are under two years of sales. Choose the peak months."
    ]


@pytest.mark.parametrize(
    "page",
    ["pages/overview.py", "pages/ranking.py", "pages/account_trend.py", "pages/screening.py"],
)
def test_with_only_accounts_imported_the_portfolio_pages_ask_for_sales(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "accounts_only.duckdb"
    with db.writing(path, fresh=True) as con:
        insert_frame(con, "accounts", pd.DataFrame({"account_id": ["ALFKI"], "name": ["Alfreds"]}))
    app = first_run(path, monkeypatch)

    shown = _open(app, page)

    assert [i.value for i in shown.info] == [
        "No sales yet (the sales table is empty): import it on the Data page."
    ]
