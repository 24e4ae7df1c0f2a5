"""The demo company is deterministic and tells the stories every page needs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from kam_core.data.contract import TABLES
from kam_core.store.demo import build_demo


def _digest(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        h = hashlib.sha256()
        for table in TABLES:
            rows = con.execute(f"select * from {table} order by all").fetchall()  # noqa: S608
            h.update(repr(rows).encode())
        return h.hexdigest()
    finally:
        con.close()


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.execute(sql).fetchall()[0][0]


def test_same_seed_builds_the_same_database(tmp_path: Path) -> None:
    build_demo(tmp_path / "a.duckdb", sales_rows=5_000, seed=3)
    build_demo(tmp_path / "b.duckdb", sales_rows=5_000, seed=3)
    build_demo(tmp_path / "c.duckdb", sales_rows=5_000, seed=4)

    assert _digest(tmp_path / "a.duckdb") == _digest(tmp_path / "b.duckdb")
    assert _digest(tmp_path / "a.duckdb") != _digest(tmp_path / "c.duckdb")


def test_sales_rows_match_the_request(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "select count(*) from sales") == 60_000


def test_top_fifth_of_accounts_makes_about_four_fifths_of_revenue(con) -> None:
    share = _one(
        con,
        """
        with r as (select account_id, sum(revenue) as rev from sales
                   where year(date) = 2025 group by all),
        k as (select rev, row_number() over (order by rev desc) as rn,
                     count(*) over () as n, sum(rev) over () as total from r)
        select sum(rev) filter (where rn <= n * 0.2) / max(total) from k""",
    )

    assert 0.72 < share < 0.88


def test_november_and_december_are_the_peak(con) -> None:
    months = con.execute("""
        select month(date) as m from sales where year(date) = 2025
        group by all order by sum(revenue) desc limit 2""").fetchall()

    assert {m for (m,) in months} == {11, 12}


def test_lost_accounts_stop_buying(con) -> None:
    assert (
        _one(con, "select count(*) from sales where account_id = 'AC0010' and date > '2025-07-06'")
        == 0
    )


def test_every_reference_exists(con) -> None:
    orphans = _one(
        con,
        """
        select count(*) from sales s
        where not exists (select 1 from accounts a where a.account_id = s.account_id)
           or not exists (select 1 from products p where p.sku = s.sku)""",
    )

    assert orphans == 0


def test_some_key_positions_head_for_a_stockout(con) -> None:
    low_cover = _one(
        con,
        """
        with last as (select * from inventory where date = (select max(date) from inventory)),
        weekly as (select account_id, sku, sum(quantity) / 8.0 as units from sales
                   where date > date '2026-10-31' - 56 group by all)
        select count(*) from last join weekly using (account_id, sku)
        where on_hand < 2 * units and account_id <= 'AC0040'""",
    )

    assert low_cover >= 5


def test_new_products_have_no_cost_yet(con) -> None:
    assert _one(con, "select count(*) from products where unit_cost is null") == 5
    assert _one(con, "select count(*) from sales where cost is null") > 0
