"""The plan every writer stores as of the last sale is the one computed from the aggregates,
filtered or not; a writer refreshes it, and any other or stale as-of date is computed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.accounts import targets as rules
from kam_core.data.filters import Filters
from kam_core.store import db, frames
from kam_core.store import target_grid as grid_store
from kam_core.store import targets as store


def _last_sale(con: duckdb.DuckDBPyConnection) -> date:
    day: date = con.execute("select max(date) from sales").fetchall()[0][0]
    return day


def _computed(monkeypatch: pytest.MonkeyPatch, call, *args):  # type: ignore[no-untyped-def]
    """`call` with the stored plan out of sight: the aggregates' answer."""
    with monkeypatch.context() as patched:
        patched.setattr(store, "_stored", lambda con, f, tables: None)
        return call(*args)


def _is_read(con: duckdb.DuckDBPyConnection, f: Filters) -> bool:
    """Whether the plan as of f.end is read from the stored tables rather than computed."""
    return store._stored(con, f, (store.ATTAINMENT_STORED,)) is not None


def _assert_same(stored: pd.DataFrame, computed: pd.DataFrame) -> None:
    # Equal to the last bit or one: a matrix product over fewer accounts may round a row's
    # dot product differently (BLAS blocks by shape), so the computed figures do too.
    pd.testing.assert_frame_equal(stored, computed, check_exact=False, rtol=1e-12, atol=0)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    value: str = con.execute(sql).fetchall()[0][0]
    return value


@pytest.mark.parametrize("chosen", ["everyone", "manager", "region"])
def test_the_stored_plan_and_curve_are_the_computed_ones(con, monkeypatch, chosen):
    end = _last_sale(con)
    f = Filters(date(end.year, 1, 1), end)
    if chosen == "manager":
        f = Filters(f.start, end, managers=(_one(con, "select min(manager) from accounts"),))
    if chosen == "region":
        f = Filters(f.start, end, regions=(_one(con, "select max(region) from accounts"),))

    table, curve = store.progress(con, f)

    assert _is_read(con, f)  # read, not computed
    computed_table, computed_curve = _computed(monkeypatch, store.progress, con, f)
    assert 0 < len(table) == len(computed_table)
    _assert_same(table, computed_table)
    _assert_same(curve, computed_curve)
    _assert_same(store.attainment(con, f), computed_table)


def test_the_stored_account_rows_are_the_computed_ones(con, monkeypatch):
    end = _last_sale(con)
    untargeted = con.execute(
        "select min(account_id) from accounts "
        "where account_id not in (select account_id from targets where year = $y)",
        {"y": end.year},
    ).fetchall()[0][0]

    for account in ("AC0001", "AC0002"):
        row = store.account_plan(con, end, account)
        assert row.shape == (1, 10)
        _assert_same(row, _computed(monkeypatch, store.account_plan, con, end, account))
    none = store.account_plan(con, end, untargeted)
    assert none.empty
    assert list(none.columns) == list(
        _computed(monkeypatch, store.account_plan, con, end, untargeted).columns
    )


def test_a_saved_target_refreshes_the_stored_plan(fresh_db: Path, monkeypatch):
    con = db.connect(fresh_db)
    end = _last_sale(con)
    edited = grid_store.year_grid(con, end.year).copy()
    con.close()
    row = edited.index[edited["month"].isna()][0]
    account = edited.loc[row, "account_id"]
    edited.loc[row, "revenue_target"] = 123_456.0

    grid_store.save_year(fresh_db, end.year, edited)

    con = db.connect(fresh_db)
    f = Filters(date(end.year, 1, 1), end)
    table, _ = store.progress(con, f)
    assert _is_read(con, f)
    assert table.set_index("account_id").loc[account, "revenue_target"] == pytest.approx(123_456)
    _assert_same(table, _computed(monkeypatch, store.progress, con, f)[0])
    con.close()


def test_another_as_of_date_is_computed_from_the_aggregates(con):
    earlier = _last_sale(con) - timedelta(days=10)
    f = Filters(date(earlier.year, 1, 1), earlier)

    table, _ = store.progress(con, f)

    assert not _is_read(con, f)
    _assert_same(
        table[rules.ATTAINMENT_COLUMNS], rules.attainment_table(store.plan(con, earlier), earlier)
    )
    at_last_sale = store.attainment(con, Filters(f.start, _last_sale(con)))
    assert table["ytd_actual"].sum() < at_last_sale["ytd_actual"].sum()


def test_a_stale_stored_plan_is_not_read(fresh_db: Path):
    con = db.connect(fresh_db)
    end = _last_sale(con)
    f = Filters(date(end.year, 1, 1), end)
    fresh = store.progress(con, f)
    con.close()
    # As if a writer had stored the plan as of an earlier day: its rows must not answer.
    stale = duckdb.connect(str(fresh_db))
    stale.execute("update attainment_stored set revenue_target = -1")
    stale.execute(
        "update meta set value = $d where key = $key",
        {"d": (end - timedelta(days=1)).isoformat(), "key": store.PLAN_AS_OF},
    )
    stale.close()

    con = db.connect(fresh_db)
    table, curve = store.progress(con, f)

    assert frames.get_as_of(con, store.PLAN_AS_OF, end, ()) is None
    _assert_same(table, fresh[0])
    _assert_same(curve, fresh[1])
    con.close()
