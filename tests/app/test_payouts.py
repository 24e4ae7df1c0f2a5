"""The Incentive payouts page: the statement arithmetic a user reads, and the what-if slider."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui
from kam_core.store import db
from tests.app.conftest import ROOT

PAGE = "pages/payouts.py"


def _sql(demo_db: Path, sql: str, params: dict | None = None) -> list[tuple]:
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def _tiers(demo_db: Path, program_id: str) -> list[tuple[float, float]]:
    return _sql(
        demo_db,
        "select threshold, rate from rebate_tiers where program_id = $p order by threshold",
        {"p": program_id},
    )


def _revenue(demo_db: Path, account: str, first: str, last: str, column: str = "revenue") -> float:
    sql = {
        "revenue": "select coalesce(sum(revenue), 0) from sales where account_id = $a "
        "and date between $f and $l",
        "quantity": "select coalesce(sum(quantity), 0) from sales where account_id = $a "
        "and date between $f and $l",
    }[column]
    return _sql(demo_db, sql, {"a": account, "f": first, "l": last})[0][0]


def _last_year_to_date(demo_db: Path) -> tuple[str, str]:
    """Last year's span matching this year to the as-of date (the last sale, the page default)."""
    as_of = _sql(demo_db, "select max(date) from sales")[0][0]
    return f"{as_of.year - 1}-01-01", str(as_of.replace(year=as_of.year - 1))


def _open(app: AppTest, account: str) -> AppTest:
    app.session_state["account"] = account
    return app.switch_page(PAGE).run()


def _metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def _read(cell: str) -> float:
    """A number as printed on the statement: '1,234.56' or '3.50%'; blank is NaN."""
    if not cell:
        return float("nan")
    if cell.endswith("%"):
        return float(cell[:-1]) / 100
    return float(cell.replace(",", ""))


def _statement(app: AppTest) -> pd.DataFrame:
    """The statement table as the user reads it, its printed numbers parsed back."""
    shown = next(d.value for d in app.dataframe if list(d.value.columns)[0] == "Step")
    numbers = shown.iloc[:, 1:].map(_read)
    numbers.columns = ["basis", "paid_on", "rate", "payout"]
    return numbers.assign(line=shown.Step)


def cents(value: float) -> object:
    return pytest.approx(value, abs=0.01)


def test_retroactive_statement_shows_the_whole_basis_at_the_tier_reached(app, demo_db):
    basis = _revenue(demo_db, "AC0005", "2026-01-01", "2026-10-31")
    rate = max((r for t, r in _tiers(demo_db, "ANNUAL") if basis >= t), default=0.0)

    at = _open(app, "AC0005")

    assert not at.exception, [e.value for e in at.exception]
    lines = _statement(at)
    assert lines.basis.iloc[0] == cents(basis)
    paying = lines[lines.rate > 0].iloc[0]
    assert (paying.paid_on, paying.rate) == (cents(basis), rate)
    assert paying.payout == cents(basis * rate)
    assert lines.payout.iloc[-1] == cents(basis * rate)
    assert _metric(at, "Payout") == ui.money(basis * rate)


def test_incremental_statement_adds_up_its_bands(app, demo_db):
    # The largest dealer in the QUARTER programme, for 2026-Q4 to date.
    account = _sql(
        demo_db,
        "select e.account_id from rebate_enrolments e join sales s using (account_id) "
        "where e.program_id = 'QUARTER' and s.date >= '2026-10-01' "
        "group by all order by sum(s.quantity) desc limit 1",
    )[0][0]
    units = _revenue(demo_db, account, "2026-10-01", "2026-10-31", "quantity")
    revenue = _revenue(demo_db, account, "2026-10-01", "2026-10-31")
    tiers = _tiers(demo_db, "QUARTER")
    uppers = [t for t, _ in tiers[1:]] + [float("inf")]
    expected = sum(
        r * max(0.0, min(units, u) - t) for (t, r), u in zip(tiers, uppers, strict=True)
    ) * (revenue / units)

    at = _open(app, account)
    at.radio[0].set_value("quarter").run()

    lines = _statement(at)
    bands = lines[lines.line.str.startswith("Band")]
    assert bands.basis.sum() == pytest.approx(units - tiers[0][0])
    assert (bands.paid_on * bands.rate).tolist() == pytest.approx(bands.payout.tolist(), abs=0.01)
    assert lines.payout.iloc[-1] == cents(bands.payout.sum())
    assert lines.payout.iloc[-1] == cents(expected)


def test_growth_statement_shows_last_year_and_the_growth(app, demo_db):
    this = _revenue(demo_db, "AC0002", "2026-01-01", "2026-10-31")
    last = _revenue(demo_db, "AC0002", *_last_year_to_date(demo_db))

    at = _open(app, "AC0002")
    next(r for r in at.radio if r.label == "Programme").set_value("GROWTH").run()

    lines = _statement(at).set_index("line")
    assert lines.loc["Same period last year", "basis"] == cents(last)
    assert lines.loc["This period", "basis"] == cents(this)
    assert f"Growth {(this / last - 1) * 100:+.1f}%" in lines.index


def test_what_if_buying_the_gap_reaches_the_next_tier(app, demo_db):
    basis = _revenue(demo_db, "AC0030", "2026-01-01", "2026-10-31")
    tiers = _tiers(demo_db, "ANNUAL")
    threshold, rate = next((t, r) for t, r in tiers if t > basis)

    at = _open(app, "AC0030")
    slider = at.slider[0]
    extra = -(-(threshold - basis) // slider.step) * slider.step  # the first step past the gap
    slider.set_value(extra).run()

    assert not at.exception, [e.value for e in at.exception]
    assert _metric(at, "Tier rate") == ui.pct(rate)
    assert _metric(at, "Payout") == ui.money((basis + extra) * rate)


def test_the_contest_gives_the_first_prize_to_the_biggest_grower(app, demo_db):
    first, last = _last_year_to_date(demo_db)
    this_first, this_last = f"{int(first[:4]) + 1}-01-01", f"{int(last[:4]) + 1}{last[4:]}"
    growth = _sql(
        demo_db,
        "select account_id, sum(revenue) filter (where date >= $a) "
        " - coalesce(sum(revenue) filter (where date <= $d), 0) as growth "
        "from sales where date between $c and $d or date between $a and $b "
        "group by all having sum(revenue) filter (where date >= $a) > 0 "
        "order by growth desc, account_id limit 2",
        {"a": this_first, "b": this_last, "c": first, "d": last},
    )

    at = app.switch_page(PAGE).run()
    at.text_input[0].set_value("7000, 2000").run()

    standings = next(d.value for d in at.dataframe if "prize" in d.value.columns)
    assert list(standings.account_id[:2]) == [a for a, _ in growth]
    assert list(standings.value[:2]) == pytest.approx([g for _, g in growth])
    assert list(standings.prize[:3]) == [7_000, 2_000, 0]


def test_without_programmes_the_page_says_what_to_import(fresh_db: Path, monkeypatch):
    with db.writing(fresh_db) as con:
        for table in ("rebate_enrolments", "rebate_tiers", "rebate_programs"):
            con.execute(f"delete from {table}")  # noqa: S608 - fixed table names
    monkeypatch.setenv("KAM_DB", str(fresh_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    at.switch_page(PAGE).run()

    assert not at.exception, [e.value for e in at.exception]
    assert "import them on the Data page" in at.info[0].value


def test_a_bad_programme_is_named_in_an_error(fresh_db: Path, monkeypatch):
    with db.writing(fresh_db) as con:
        con.execute("update rebate_tiers set rate = 0.01 where program_id = 'ANNUAL'")
        con.execute(
            "update rebate_tiers set rate = 0.001 where threshold = "
            "(select max(threshold) from rebate_tiers where program_id = 'ANNUAL')"
        )
    monkeypatch.setenv("KAM_DB", str(fresh_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    at.switch_page(PAGE).run()

    assert not at.exception, [e.value for e in at.exception]
    assert "'ANNUAL'" in at.error[0].value and "lower rate" in at.error[0].value
