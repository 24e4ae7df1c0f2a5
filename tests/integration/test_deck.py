"""The meeting deck: every section's slide, native charts holding the numbers, the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation

from kam_core.__main__ import main
from kam_core.data.filters import Filters
from kam_core.store import db, query
from kam_core.store import trends as store_trends
from kam_core.store.brief import account_brief as load_brief
from kam_core.visits import brief as account_brief


@pytest.fixture(scope="module")
def deck(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("deck") / "meeting.pptx"
    args = ["deck", "--db", str(demo_db), "--as-of", "2026-10-31", "--account", "AC0001"]
    args += ["--account", "AC0004"]
    assert main([*args, "--out", str(out)]) == 0
    return Presentation(str(out))


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_deck_has_the_portfolio_slides_then_one_per_account(deck) -> None:
    titles = [_texts(s).split(" 1 Jan 2026 – ")[0] for s in deck.slides]

    assert [t.split(" ")[0] for t in titles[:5]] == [
        "Key",
        "Portfolio",
        "Accounts",
        "Peak-season",
        "Incentive",
    ]
    assert titles[5].startswith("MegaMart (AC0001)")
    assert titles[6].startswith("KitchenWorld (AC0004)")
    stamp = "1 Jan 2026 – 31 Oct 2026 · All accounts · last sale 30 Oct 2026, "  # days ago: today's
    assert all(stamp in _texts(s) for s in deck.slides)


def test_charts_are_native_and_hold_the_accounts_trend(deck, demo_db: Path) -> None:
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    with db.connect(demo_db) as con:
        brief = load_brief(con, "AC0004", date(2026, 1, 1), date(2026, 10, 31))
    months = account_brief.trend(brief.monthly, brief.end)

    assert len(charts) >= 6
    trend = [s.chart for s in deck.slides[6].shapes if s.has_chart][0]
    this_year = next(s for s in trend.plots[0].series if s.name == "This year")
    assert list(trend.plots[0].categories) == list(months["month"])
    assert list(this_year.values) == pytest.approx(list(months["This year"]))


def test_an_account_slide_carries_its_kpis_and_talking_points(deck, demo_db: Path) -> None:
    with db.connect(demo_db) as con:
        brief = load_brief(con, "AC0001", date(2026, 1, 1), date(2026, 10, 31))
    text = " ".join(_texts(deck.slides[5]).split())

    for kpi in account_brief.kpis(brief.kpis):
        assert kpi.value in text and str(kpi.change) in text
    assert "Talking points" in text


def test_deck_command_refuses_an_unknown_account_and_a_wrong_suffix(
    demo_db: Path, tmp_path: Path, capsys
) -> None:
    unknown = ["deck", "--db", str(demo_db), "--account", "AC9999", "--out"]

    assert main([*unknown, str(tmp_path / "x.pptx")]) == 1
    assert main(["deck", "--db", str(demo_db), "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "no account 'AC9999'" in err and "must be a .pptx" in err
    assert not (tmp_path / "x.pptx").exists()


def test_a_deck_without_accounts_gives_the_periods_largest_a_slide_as_the_app_does(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "default.pptx"
    start, end = date(2026, 1, 1), date(2026, 10, 31)
    with db.connect(demo_db) as con:
        totals = store_trends.account_totals(con, Filters(start, end))
        names = dict(query(con, "select account_id, name from accounts").values)
    largest = totals.sort_values("revenue", ascending=False)["account_id"].head(3)

    code = main(["deck", "--db", str(demo_db), "--as-of", str(end), "--out", str(out)])

    titles = [_texts(s) for s in Presentation(str(out)).slides]
    assert code == 0
    assert len(titles) == 5 + 3
    for account_id, title in zip(largest, titles[5:], strict=True):
        assert names[account_id] in title


def test_slides_show_the_pages_figures_in_the_companys_currency(demo_db: Path) -> None:
    import io
    import re

    from kam_core.data import formats
    from kam_core.reports.deck import meeting_deck
    from kam_core.store import brief as store_brief

    euros = formats.Style("Brightline", "EUR", "de_DE")
    with db.connect(demo_db) as con:
        meeting = store_brief.meeting(
            con, Filters(date(2026, 1, 1), date(2026, 10, 31)), ("AC0004",)
        )

    pptx = meeting_deck(meeting, [[]], None, style=euros)

    slides = Presentation(io.BytesIO(pptx)).slides
    revenue = formats.money(meeting.monthly["revenue"].sum(), euros)
    assert revenue in _texts(slides[1])  # the portfolio KPI, compact as on the overview
    payouts = next(s for s in slides if _texts(s).startswith("Incentive payouts"))
    table = next(s.table for s in payouts.shapes if s.has_table)
    owed = [table.cell(i, 1).text for i in range(1, len(table.rows))]
    assert table.cell(0, 1).text == "Owed"
    assert owed and all(re.fullmatch(r"\d{1,3}(\.\d{3})*\xa0€", cell) for cell in owed)
    charts = [s.chart for slide in slides for s in slide.shapes if s.has_chart]
    assert '"k\xa0€"' in charts[0].value_axis.tick_labels.number_format
