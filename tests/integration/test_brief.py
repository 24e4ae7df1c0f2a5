"""The brief's queries against the demo, checked with pandas; the `brief` command end to end."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from kam_core.__main__ import main
from kam_core.store.brief import account_brief as load_brief
from kam_core.store.stock_plan import default_plan
from kam_core.visits import brief as account_brief

START, END = date(2026, 1, 1), date(2026, 10, 31)


@pytest.fixture(scope="module")
def lines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    sales = con.execute(
        "select s.*, p.category from sales s join products p using (sku) "
        "where account_id = 'AC0004'"
    ).df()
    return sales.assign(date=pd.to_datetime(sales["date"]))


def _between(lines: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    return lines[lines["date"].between(pd.Timestamp(start), pd.Timestamp(end))]


def test_kpis_match_a_pandas_sum_for_this_and_last_year(con, lines) -> None:
    brief = load_brief(con, "AC0004", START, END)

    kpis = brief.kpis.set_index("period")
    for period, (start, end) in {
        "this": (START, END),
        "last": (date(2025, 1, 1), date(2025, 10, 31)),
    }.items():
        chosen = _between(lines, start, end)
        costed = chosen[chosen["cost"].notna()]
        assert kpis.loc[period, "revenue"] == pytest.approx(chosen["revenue"].sum())
        assert kpis.loc[period, "orders"] == chosen["order_id"].nunique()
        assert kpis.loc[period, "gross_margin"] == pytest.approx(
            (costed["revenue"] - costed["cost"]).sum()
        )


def test_category_mix_matches_pandas(con, lines) -> None:
    brief = load_brief(con, "AC0004", START, END)

    expected = _between(lines, START, END).groupby("category")["revenue"].sum()
    mix = brief.mix.set_index("category")["revenue"]
    assert mix.sort_index().to_numpy() == pytest.approx(expected.sort_index().to_numpy())


def test_events_visits_and_promotions_are_the_accounts_own_and_in_the_window(con) -> None:
    brief = load_brief(con, "AC0001", START, END)

    assert (pd.to_datetime(brief.events["date"]) > pd.Timestamp(END)).all()
    assert (pd.to_datetime(brief.visits["date"]) <= pd.Timestamp(END)).all()
    assert len(brief.visits) <= 5
    assert (pd.to_datetime(brief.promotions["end_date"]) >= pd.Timestamp(END)).all()
    assert set(brief.payouts["account_id"]) <= {"AC0001"}


def test_an_unknown_account_is_a_clear_error(con) -> None:
    with pytest.raises(ValueError, match="no account 'AC9999'"):
        load_brief(con, "AC9999", START, END)


def test_brief_command_writes_a_pdf_with_name_kpis_and_points(
    demo_db: Path, con, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "brief.pdf"

    args = ["--account", "AC0004", "--as-of", "2026-10-31", "--out", str(out)]
    code = main(["brief", "--db", str(demo_db), *args])

    assert code == 0
    assert "Wrote the brief for" in capsys.readouterr().out
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    brief = load_brief(con, "AC0004", START, END)
    assert brief.name in text
    for kpi in account_brief.kpis(brief.kpis):
        assert kpi.value in text and str(kpi.change) in text
    points = account_brief.points(brief)
    assert points
    for point in points:
        assert " ".join(point.text.split()) in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--account", "AC9999", "--out", "x.pdf"], "no account"),
        (["--account", "AC0001", "--out", "x.txt"], "must be a .pdf"),
    ],
)
def test_brief_command_refuses_bad_input_with_exit_1(
    demo_db: Path, tmp_path: Path, capsys, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a.endswith((".pdf", ".txt")) else a for a in args]

    code = main(["brief", "--db", str(demo_db), *args])

    assert code == 1
    assert message in capsys.readouterr().err


def test_stock_and_incentive_points_come_from_the_plan_and_the_payouts(con) -> None:
    risk = default_plan(con, None).risk
    brief = load_brief(con, "AC0001", START, END)

    points = account_brief.points(brief, risk)

    mine = risk[(risk["account_id"] == "AC0001") & risk["risk"].isin(["high", "medium"])]
    earliest = mine.dropna(subset=["stockout_date"]).sort_values(["stockout_date", "sku"]).head(3)
    stock = [p for p in points if p.topic == "Stock"]
    assert len(stock) == 3  # MegaMart has more than three positions running out
    assert [p.numbers["sku"] for p in stock] == list(earliest["sku"])
    assert [p.numbers["suggested_order_qty"] for p in stock] == list(
        earliest["suggested_order_qty"].astype(float)
    )
    payouts = brief.payouts.set_index("program_id")
    for point in (p for p in points if p.topic == "Incentives"):
        row = payouts.loc[point.numbers["program_id"]]
        assert point.text.endswith(row["talking_point"])
        assert row["gap_share"] <= 0.25


def test_the_pdf_prints_the_pages_figures_in_the_companys_currency_and_locale(con) -> None:
    from kam_core.data import formats
    from kam_core.data.columns import COMMON
    from kam_core.reports.brief import brief_pdf

    euros = formats.Style("Brightline", "EUR", "de_DE")
    brief = load_brief(con, "AC0004", START, END)

    pdf = brief_pdf(brief, account_brief.points(brief, None, euros), style=euros)

    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages
    ).replace("\xa0", " ")
    revenue = account_brief.kpis(brief.kpis, style=euros)[0]
    assert revenue.value.replace("\xa0", " ") in text and "€" in revenue.value
    mix = formats.printed(brief.mix[["revenue"]], COMMON, euros)  # as the page's mix table
    assert all(cell.replace("\xa0", " ") in text for cell in mix["Revenue"] if cell != "–")
    assert "$" not in text


def test_the_pdf_gives_a_quantity_programmes_gap_in_units(con) -> None:
    from kam_core.data import formats
    from kam_core.reports.brief import brief_pdf
    from kam_core.store.rebates import programs

    dealer = con.execute(
        "select account_id from rebate_enrolments where program_id = 'QUARTER' order by 1 limit 1"
    ).fetchall()[0][0]
    brief = load_brief(con, dealer, START, END)
    quarter = brief.payouts[brief.payouts["program_id"] == "QUARTER"].dropna(
        subset=["gap_to_next_tier"]
    )
    assert not quarter.empty  # the demo's dealers are short of a quarter's next tier

    pdf = brief_pdf(brief, [], style=formats.DEFAULT, programs=programs(con))

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    row = next(line for line in text.splitlines() if line.startswith("QUARTER "))
    gap = quarter["gap_to_next_tier"].iloc[0]
    assert f" {formats.units(gap)} " in f"{row} "  # a cell of its own, in units
    assert formats.money(gap, compact=False) not in row.split()
