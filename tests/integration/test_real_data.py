"""A new user's trial: the public Superstore export imported as it is, totals checked by pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kam_core.store import db
from kam_core.store.imports import ImportFailed, import_file
from tests.integration.conftest import SUPERSTORE, needs_superstore

pytestmark = needs_superstore


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(SUPERSTORE, encoding="utf-8-sig")


def totals(path: Path) -> tuple:
    con = db.connect(path)
    try:
        return con.execute(
            "select count(*), count(distinct account_id), sum(revenue), sum(cost), sum(quantity), "
            "min(date), max(date) from sales"
        ).fetchall()[0]
    finally:
        con.close()


def test_accounts_whose_region_varies_are_refused_unless_the_first_is_kept(tmp_path: Path):
    with pytest.raises(ImportFailed) as failed:
        import_file(tmp_path / "kam.duckdb", "accounts", SUPERSTORE)

    assert "1,708 problem(s)" in str(failed.value)
    assert "has the same key with another region" in str(failed.value)
    assert not (tmp_path / "kam.duckdb").exists()


def test_sales_totals_equal_the_raw_export(superstore_db: Path, raw: pd.DataFrame):
    rows, accounts, revenue, cost, quantity, first, last = totals(superstore_db)

    assert rows == len(raw) == 9_994
    assert accounts == raw["Customer ID"].nunique() == 793
    assert revenue == pytest.approx(raw["Sales"].sum())
    assert cost == pytest.approx((raw["Sales"] - raw["Profit"]).sum())
    assert quantity == raw["Quantity"].sum()
    dates = pd.to_datetime(raw["Order Date"], format="%m/%d/%Y")
    assert (first, last) == (dates.min().date(), dates.max().date())


def test_every_product_id_is_imported_once(superstore_db: Path, raw: pd.DataFrame):
    con = db.connect(superstore_db)
    products = con.execute("select count(*) from products").fetchall()[0][0]
    con.close()

    assert products == raw["Product ID"].nunique() == 1_862


def test_the_same_export_cannot_be_imported_twice(superstore_db: Path):
    with pytest.raises(ImportFailed, match="9,994 of 9,994 rows are already in sales"):
        import_file(superstore_db, "sales", SUPERSTORE)

    assert totals(superstore_db)[0] == 9_994
