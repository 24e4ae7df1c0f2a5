"""The account brief page: deep link, the numbers a user reads, and the same numbers on paper."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from kam_core.__main__ import main
from kam_core.reports import deck
from kam_core.store import db, portfolio
from kam_core.store.brief import account_brief as load_brief
from kam_core.visits import brief as account_brief
from tests.integration.test_targets_store import by_pandas

PAGE = "pages/brief.py"
ACCOUNT = "AC0004"  # a retail chain down against last year: several talking points fire


def _open(app: AppTest, account: str | None = ACCOUNT) -> AppTest:
    app.switch_page(PAGE)
    if account:
        app.query_params["account"] = account
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_without_an_account_the_page_says_how_to_choose_one(app: AppTest) -> None:
    _open(app, None)

    assert app.title[0].value == "Account brief"
    assert "Choose an account" in app.info[0].value


def test_a_deep_link_opens_the_account_with_its_kpis_against_last_year(
    app: AppTest, demo_db: Path
) -> None:
    _open(app)

    assert app.selectbox(key="account").value == ACCOUNT
    with db.connect(demo_db) as con:
        last_sale = portfolio.sales_dates(con)[1]  # the sidebar's default as-of date
        brief = load_brief(con, ACCOUNT, date(last_sale.year, 1, 1), last_sale)
    shown = {m.label: (m.value, m.delta) for m in app.metric}
    expected = {
        k.label: (k.value, None if k.good is None else k.change)  # no arrow without a change
        for k in account_brief.kpis(brief.kpis, plan=brief.plan)
    }
    assert shown == expected
    revenue = brief.kpis.set_index("period")["revenue"]
    assert shown["Revenue"][1] == f"{revenue['this'] / revenue['last'] - 1:+.1%} vs LY"
    with duckdb.connect(str(demo_db), read_only=True) as con:
        plan = by_pandas(con, last_sale).set_index("account_id").loc[ACCOUNT]
    assert shown["Plan attainment"][0] == f"{plan.attainment:.1%}"  # one decimal, as every share
    assert [p for p in account_brief.points(brief) if p.topic == "Plan"][0].numbers[
        "required_per_month"
    ] == pytest.approx(plan.required_per_month)


def test_choosing_another_account_updates_the_link(app: AppTest) -> None:
    _open(app)

    app.selectbox(key="account").set_value("AC0001").run()

    assert app.query_params["account"] == "AC0001"
    assert "MegaMart" in app.subheader[0].value


def test_the_pdf_and_deck_carry_the_kpis_and_points_the_page_shows(
    app: AppTest, demo_db: Path, tmp_path: Path
) -> None:
    _open(app)
    metrics = [(m.value, m.delta) for m in app.metric]
    points = [e.label.split(" · ", 1)[1].replace("\\", "") for e in app.expander]
    pdf, pptx = tmp_path / "brief.pdf", tmp_path / "deck.pptx"

    assert main(["brief", "--db", str(demo_db), "--account", ACCOUNT, "--out", str(pdf)]) == 0
    assert main(["deck", "--db", str(demo_db), "--account", ACCOUNT, "--out", str(pptx)]) == 0

    paper = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    slide = Presentation(str(pptx)).slides[-1]
    on_slide = _flat(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
    assert points, "the demo account should have talking points"
    for text in ("KitchenWorld", *(v for pair in metrics for v in pair if v)):
        assert text in paper and text in on_slide
    for point in points:
        assert _flat(point) in paper
    for point in points[: deck.POINTS_PER_SLIDE]:  # the slide has room for the first six
        assert _flat(point) in on_slide


def test_presentation_mode_hides_margin_and_credit(app: AppTest) -> None:
    assert app.toggle(key="presentation").label == "Presentation mode"  # in the sidebar
    # AppTest drops sidebar widgets after switch_page, so the toggle is set through its key.
    app.session_state["presentation"] = True

    _open(app)

    assert "Gross margin" not in [m.label for m in app.metric]
    assert "Credit rating" not in app.dataframe[0].value.columns


@pytest.mark.parametrize("account", ["AC0010", "AC0150"])
def test_lost_and_small_accounts_render(app: AppTest, account: str) -> None:
    _open(app, account)

    assert app.selectbox(key="account").value == account


def test_the_overview_offers_a_meeting_deck_for_the_chosen_accounts(app: AppTest) -> None:
    app.switch_page("pages/overview.py").run()
    chosen = next(m for m in app.multiselect if m.label == "Accounts with a slide of their own")

    assert not app.exception, [e.value for e in app.exception]
    assert chosen.value == ["AC0001", "AC0002", "AC0003"]  # the three largest by revenue
    assert "Download meeting deck" in [d.proto.label for d in app.get("download_button")]
