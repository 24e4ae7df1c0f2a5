"""sales_daily, the per account and day rows the monthly trend, the period totals and the brief's
KPIs read, holds exactly the lines' sums and orders; every writer rebuilds it and an older file
gains it when opened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.accounts.windows import Windows
from kam_core.data.contract import SCHEMA_VERSION
from kam_core.data.filters import Filters
from kam_core.store import brief, db, query
from kam_core.store import trends as store
from kam_core.store.imports import import_file

DAILY_FROM_LINES = """
select account_id, date, sum(quantity) as quantity, sum(revenue) as revenue,
       sum(revenue - cost) as known_margin,
       sum(revenue) filter (where cost is not null) as revenue_with_cost,
       string_agg(distinct order_id, ',' order by order_id) as order_ids
from sales group by all order by account_id, date
"""


def _daily(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "select * replace (array_to_string(list_sort(order_ids), ',') as order_ids) "
        "from sales_daily order by account_id, date"
    ).df()


def test_sales_daily_holds_every_account_day_of_the_sales_with_unknown_margins_kept(con):
    stored = _daily(con)

    pd.testing.assert_frame_equal(stored, con.execute(DAILY_FROM_LINES).df(), check_dtype=False)
    assert stored["known_margin"].isna().any()  # days whose every line lacks a cost
    assert stored["known_margin"].notna().any()


def _orders(con: duckdb.DuckDBPyConnection, start: date, end: date) -> int:
    params = {**Windows(start, end).params(), "account": "AC0001"}
    kpis = query(con, brief.KPIS, params).set_index("period")
    return int(kpis.loc["this", "orders"])


def test_an_import_of_sales_rebuilds_the_daily_rows_and_an_order_over_two_days_counts_once(
    fresh_db: Path, tmp_path: Path
):
    before = db.connect(fresh_db)
    sku = before.execute("select min(sku) from sales where account_id = 'AC0001'").fetchall()[0][0]
    revenue = _revenue_on(before, "AC0001", date(2024, 2, 29))
    orders = _orders(before, date(2024, 2, 29), date(2024, 3, 1))
    before.close()
    sale = {"account_id": "AC0001", "sku": sku, "quantity": 3, "order_id": "NEW-1"}
    pd.DataFrame(
        [sale | {"date": "2024-02-29", "revenue": 1234.5}, sale | {"date": "2024-03-01"}]
    ).fillna({"revenue": 10.0}).to_csv(tmp_path / "sale.csv", index=False)

    import_file(fresh_db, "sales", tmp_path / "sale.csv")

    con = db.connect(fresh_db)
    assert _revenue_on(con, "AC0001", date(2024, 2, 29)) == revenue + 1234.5
    pd.testing.assert_frame_equal(_daily(con), con.execute(DAILY_FROM_LINES).df())
    assert _orders(con, date(2024, 2, 29), date(2024, 3, 1)) == orders + 1
    assert _orders(con, date(2024, 2, 29), date(2024, 2, 29)) >= 1
    con.close()


def test_a_file_from_before_sales_daily_gains_it_filled_when_opened(fresh_db: Path):
    old = duckdb.connect(str(fresh_db))
    expected = old.execute(DAILY_FROM_LINES).df()
    old.execute("drop table sales_daily")
    old.execute("update meta set value = '6' where key = 'schema_version'")
    old.close()

    con = db.connect(fresh_db)

    assert db.schema_version(con) == SCHEMA_VERSION
    pd.testing.assert_frame_equal(_daily(con), expected)
    assert not store.monthly(con, Filters(date(2026, 1, 1), date(2026, 3, 31))).empty
    con.close()


def _revenue_on(con: duckdb.DuckDBPyConnection, account: str, day: date) -> float:
    rows = con.execute(
        "select coalesce(sum(revenue), 0) from sales_daily where account_id = $a and date = $d",
        {"a": account, "d": day},
    ).fetchall()
    return float(rows[0][0])
