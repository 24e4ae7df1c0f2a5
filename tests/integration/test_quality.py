"""The data-quality check on real files: the facts it reads and the exit status it gives."""

from __future__ import annotations

from pathlib import Path

from kam_core.data.contract import TABLES
from kam_core.store import db
from kam_core.store.quality import facts
from tests.integration.test_cli import run
from tests.integration.test_import import count


def test_row_counts_and_sales_dates_match_the_tables(demo_db: Path):
    con = db.connect(demo_db)
    found = facts(con).tables.set_index("table")
    first, last = con.execute("select min(date), max(date) from sales").fetchall()[0]
    con.close()

    assert list(found.index) == list(TABLES)
    assert {t: int(found.loc[t, "rows"]) for t in TABLES} == {t: count(demo_db, t) for t in TABLES}
    assert (found.loc["sales", "first_date"], found.loc["sales", "last_date"]) == (first, last)


def test_the_demo_passes_the_check_with_its_lost_accounts_warned(demo_db: Path):
    done = run("check", "--db", demo_db)

    assert done.returncode == 0, done.stderr
    assert "WARNING inventory: 2 accounts with sales but no inventory snapshot" in done.stdout
    # Freshness warnings depend on today's date, so only the verdict's state is fixed.
    assert "\nContract OK (" in done.stdout


def test_an_unknown_account_in_sales_fails_the_check(fresh_db: Path):
    with db.writing(fresh_db) as con:
        con.execute(
            "insert into sales (date, account_id, sku, quantity, revenue) "
            "values ('2026-10-01', 'GHOST', 'KE-1001', 1, 10)"
        )

    done = run("check", "--db", fresh_db)

    assert done.returncode == 1
    assert (
        "ERROR references: 1 sales rows name a account_id missing from accounts (first: 'GHOST')"
        in done.stdout
    )
    assert "Contract BROKEN" in done.stdout


def test_negative_stock_and_a_missing_snapshot_are_warnings(fresh_db: Path):
    with db.writing(fresh_db) as con:
        con.execute(
            "update inventory set on_hand = -3 where account_id = 'AC0001' and date = "
            "(select max(date) from inventory) and sku = (select min(sku) from inventory "
            "where account_id = 'AC0001')"
        )
        con.execute("delete from inventory where date = (select max(date) - 28 from inventory)")

    done = run("check", "--db", fresh_db)

    assert done.returncode == 0
    assert "snapshot rows with negative on_hand (e.g. AC0001 / " in done.stdout
    assert "WARNING inventory: no snapshot between" in done.stdout
