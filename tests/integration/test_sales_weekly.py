"""The derived weekly sales table: kept by every writer, exact for any date range, migrated."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam_core.store import db
from kam_core.store.imports import import_file

KEY = ["account_id", "sku", "week"]
DIRECT = """
select account_id, sku, date_trunc('week', date)::date as week, sum(quantity) as quantity,
       sum(revenue) as revenue, sum(revenue - cost) as known_margin,
       sum(revenue) filter (where cost is not null) as revenue_with_cost,
       count(*) as lines, count(cost) as costed_lines, min(date) as first_date
from sales where date between $lo and $hi group by all
"""
FROM_MACRO = """
select account_id, sku, week, quantity, revenue, known_margin, revenue_with_cost, lines,
       costed_lines, first_date
from sales_weeks($lo, $hi)
"""


def _both(con: duckdb.DuckDBPyConnection, lo: date, hi: date) -> pd.DataFrame:
    params = {"lo": lo, "hi": hi}
    direct = con.execute(DIRECT, params).df()
    weekly = con.execute(FROM_MACRO, params).df()
    assert not weekly.duplicated(KEY).any(), "one row per account x SKU x week"
    return direct.merge(weekly, on=KEY, how="outer", suffixes=("", "_weekly"), indicator=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dates(date(2022, 12, 20), date(2026, 11, 10)),
    days=st.integers(0, 500),
)
def test_sales_weeks_equals_grouping_the_lines_for_any_dates(
    con: duckdb.DuckDBPyConnection, start: date, days: int
) -> None:
    both = _both(db.cursor(con), start, start + timedelta(days=days))

    assert (both["_merge"] == "both").all()
    for column in ("lines", "costed_lines", "first_date"):
        assert (both[column] == both[f"{column}_weekly"]).all(), column
    for column in ("quantity", "revenue", "known_margin", "revenue_with_cost"):
        assert both[column].to_numpy() == pytest.approx(
            both[f"{column}_weekly"].to_numpy(), nan_ok=True
        ), column


@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        (date(2026, 1, 5), date(2026, 1, 11)),  # one whole week, Monday to Sunday
        (date(2026, 1, 5), date(2026, 1, 7)),  # the start of a week
        (date(2026, 1, 7), date(2026, 1, 11)),  # the end of a week
        (date(2026, 1, 7), date(2026, 1, 8)),  # inside a week
        (date(2026, 1, 7), date(2026, 1, 7)),  # one day
        (date(2026, 1, 11), date(2026, 1, 12)),  # Sunday to Monday
    ],
)
def test_sales_weeks_at_the_edges_of_a_week(
    con: duckdb.DuckDBPyConnection, lo: date, hi: date
) -> None:
    both = _both(db.cursor(con), lo, hi)

    assert len(both) > 0 and (both["_merge"] == "both").all()
    assert (both["lines"] == both["lines_weekly"]).all()


def _weekly_matches_sales(path: Path) -> None:
    con = db.connect(path)
    try:
        weekly = con.execute("select sum(lines), sum(quantity) from sales_weekly").fetchall()[0]
        lines = con.execute("select count(*), sum(quantity) from sales").fetchall()[0]
    finally:
        con.close()
    assert weekly[0] == lines[0]
    assert weekly[1] == pytest.approx(lines[1])


def test_an_import_refreshes_the_weekly_table(fresh_db: Path, tmp_path: Path) -> None:
    extra = tmp_path / "more.csv"
    extra.write_text(
        "date,account_id,sku,quantity,revenue\n2026-10-31,AC0001,CO-1001,7,70\n"
        "2026-11-02,AC0001,CO-1001,5,50\n"
    )
    import_file(fresh_db, "sales", extra)

    _weekly_matches_sales(fresh_db)
    con = db.connect(fresh_db)
    week = con.execute(
        "select quantity from sales_weekly where account_id = 'AC0001' and sku = 'CO-1001' "
        "and week = date '2026-11-02'"
    ).fetchall()
    con.close()
    assert week == [(5.0,)]


def test_a_version_1_file_gets_the_weekly_table_when_opened(fresh_db: Path) -> None:
    old = duckdb.connect(str(fresh_db))  # the file as version 1 wrote it: no derived table
    old.execute("drop macro table sales_weeks")
    old.execute("drop table sales_weekly")
    old.execute("update meta set value = '1' where key = 'schema_version'")
    old.close()

    _weekly_matches_sales(fresh_db)  # connect() upgrades it
