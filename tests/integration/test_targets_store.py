"""Targets in a real database: the view against pandas, imports, the grid's all-or-nothing save."""

from __future__ import annotations

import calendar
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from kam_core.accounts.plan_totals import status
from kam_core.data.filters import Filters
from kam_core.store import db, views
from kam_core.store import target_grid as grid_store
from kam_core.store import targets as store
from kam_core.store.imports import ImportFailed, import_file
from tests.integration.test_cli import run
from tests.integration.test_import import content, write

VIEW_COLUMNS = [
    "account_id",
    "year",
    "revenue_target",
    "ytd_actual",
    "ytd_target",
    "attainment",
    "projected_full_year",
    "projected_attainment",
    "gap_to_target",
    "required_per_month",
]


def by_pandas(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    """The view's definitions computed again from whole tables, without the package's rules."""
    sales = con.execute("select account_id, date, revenue from sales").df()
    targets = con.execute("select * from targets where year = $y", {"y": as_of.year}).df()
    sales["date"] = pd.to_datetime(sales["date"])
    ref = as_of.year - 1
    year_days = 366 if calendar.isleap(as_of.year) else 365
    month_days = calendar.monthrange(as_of.year, as_of.month)[1]
    # Fraction of each month elapsed at the end of the as-of day.
    elapsed = np.array(
        [1.0 if m < as_of.month else (as_of.day / month_days if m == as_of.month else 0.0)
         for m in range(1, 13)]
    )  # fmt: skip

    def profile(lines: pd.DataFrame) -> np.ndarray | None:
        if lines.empty or lines["date"].min() > pd.Timestamp(ref, 1, 31):
            return None
        months = lines[lines["date"].dt.year == ref].groupby(lines["date"].dt.month)["revenue"]
        by_month = months.sum().reindex(range(1, 13), fill_value=0.0).to_numpy()
        return by_month / by_month.sum() if by_month.sum() > 0 else None

    days = np.array([calendar.monthrange(as_of.year, m)[1] for m in range(1, 13)]) / year_days
    company = profile(sales)
    fallback = company if company is not None else days
    rows = []
    for account, rows_of in targets.groupby("account_id"):
        own = profile(sales[sales["account_id"] == account])
        shape = own if own is not None else fallback
        share = float(shape @ elapsed)
        whole = rows_of[rows_of["month"].isna()]["revenue_target"].sum()
        monthly = np.zeros(12)
        for r in rows_of[rows_of["month"].notna()].itertuples():
            monthly[int(r.month) - 1] += r.revenue_target
        phased = monthly + whole * shape
        lines = sales[sales["account_id"] == account]
        actual = lines[
            (lines["date"] >= pd.Timestamp(as_of.year, 1, 1))
            & (lines["date"] <= pd.Timestamp(as_of))
        ]["revenue"].sum()
        target = phased.sum()
        due = float(phased @ elapsed)
        projected = actual / share if share else np.nan
        left = (date(as_of.year, 12, 31) - as_of).days / (year_days / 12)
        rows.append(
            {
                "account_id": account,
                "year": as_of.year,
                "revenue_target": target,
                "ytd_actual": actual,
                "ytd_target": due,
                "attainment": actual / due if due else np.nan,
                "projected_full_year": projected,
                "projected_attainment": projected / target if target else np.nan,
                "gap_to_target": target - projected,
                "required_per_month": (target - actual) / left if left else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=VIEW_COLUMNS)


@pytest.mark.parametrize(
    "as_of", [None, date(2026, 1, 1), date(2025, 12, 31), date(2026, 6, 30), date(2026, 6, 15)]
)
def test_the_view_equals_a_pandas_computation_on_the_demo(con, as_of):
    day = as_of or con.execute("select max(date) from sales").fetchall()[0][0]

    view = views.build(con, "target_attainment", as_of)

    expected = by_pandas(con, day)
    assert list(view.columns) == VIEW_COLUMNS
    assert len(view) == len(expected) > 50
    pd.testing.assert_frame_equal(
        view.reset_index(drop=True),
        expected.sort_values("account_id", ignore_index=True),
        check_dtype=False,
        rtol=1e-9,
    )


def test_the_demo_has_accounts_ahead_on_and_behind_plan_some_phased_by_month(con):
    view = views.build(con, "target_attainment", None)
    phased = con.execute("select count(distinct account_id) from targets where month is not null")

    assert set(view["attainment"].map(status)) >= {"ahead", "on plan", "behind"}
    assert phased.fetchall()[0][0] >= 5


def test_the_demo_targets_every_a_and_b_account_and_most_c_accounts(con):
    ranking = views.build(con, "account_ranking", date(2025, 12, 31))
    targeted = set(views.build(con, "target_attainment", None)["account_id"])

    key = ranking[ranking["abc_class"] != "C"]
    c_accounts = ranking[ranking["abc_class"] == "C"]
    assert set(key["account_id"]) <= targeted
    assert c_accounts["account_id"].isin(targeted).mean() > 0.5


def test_filters_keep_their_accounts_only(con):
    manager = con.execute("select manager from accounts order by account_id limit 1").fetchall()
    f = Filters(date(2026, 1, 1), date(2026, 10, 31), managers=(manager[0][0],))

    table = store.attainment(con, f)

    assert set(table["manager"]) == {manager[0][0]}
    assert len(table) < len(views.build(con, "target_attainment", date(2026, 10, 31)))


def test_a_file_with_both_kinds_of_row_for_an_account_year_names_both_rows(fresh_db, tmp_path):
    rows = (
        "account_id,year,revenue_target,month\nAC0001,2030,100,\nAC0002,2030,5,1\nAC0001,2030,9,4\n"
    )
    before = content(fresh_db)

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "targets", write(tmp_path, "t.csv", rows))

    assert "row 2 (month empty) and row 4 (month 4) both cover account_id=AC0001, year=2030" in str(
        refused.value
    )
    assert content(fresh_db) == before


def test_a_file_of_monthly_rows_for_a_year_the_table_holds_whole_is_refused(fresh_db, tmp_path):
    con = db.connect(fresh_db)
    whole = con.execute(
        "select account_id from targets where year = 2026 and month is null order by 1 limit 1"
    ).fetchall()[0][0]
    con.close()
    rows = f"account_id,year,revenue_target,month\n{whole},2026,100,2\n"

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "targets", write(tmp_path, "t.csv", rows))

    assert (
        f"row 2 (month 2) and the targets row with month empty both cover account_id={whole}"
        in (str(refused.value))
    )


def test_a_file_without_month_is_whole_year_rows_checked_against_monthly_ones(fresh_db, tmp_path):
    con = db.connect(fresh_db)
    phased = con.execute(
        "select account_id from targets where year = 2026 and month is not null limit 1"
    ).fetchall()[0][0]
    con.close()
    rows = f"account_id,year,revenue_target\n{phased},2026,100\n"

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "targets", write(tmp_path, "t.csv", rows))

    assert (
        f"row 2 (month empty) and the targets row with month 1 both cover account_id={phased}"
        in (str(refused.value))
    )


def test_a_file_without_month_repeating_an_account_year_is_a_duplicate_key(fresh_db, tmp_path):
    rows = "account_id,year,revenue_target\nAC0001,2031,100\nAC0001,2031,200\n"

    with pytest.raises(ImportFailed) as refused:
        import_file(fresh_db, "targets", write(tmp_path, "t.csv", rows))

    assert "row 3" in str(refused.value) and "duplicate key" in str(refused.value)


def test_targets_import_and_replace(fresh_db, tmp_path):
    rows = "customer_id,year,target\nAC0001,2027,1000\nAC0002,2027,2000\n"

    result = import_file(fresh_db, "targets", write(tmp_path, "t.csv", rows), replace=True)

    con = db.connect(fresh_db)
    assert result.rows == 2
    assert con.execute("select count(*), sum(revenue_target) from targets").fetchall() == [
        (2, 3000)
    ]
    con.close()


def grid(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return grid_store.year_grid(con, year).copy()  # query results are read-only


def test_a_saved_grid_replaces_its_year_only(fresh_db):
    con = db.connect(fresh_db)
    edited = grid(con, 2026)
    others = con.execute("select count(*) from targets where year <> 2026").fetchall()
    con.close()
    edited.loc[0, "revenue_target"] = 123_456.0
    edited = edited.iloc[:-1]  # a row deleted

    saved = grid_store.save_year(fresh_db, 2026, edited)

    con = db.connect(fresh_db)
    after = grid(con, 2026)
    assert saved == len(edited) == len(after)
    assert after.loc[0, "revenue_target"] == 123_456.0
    assert con.execute("select count(*) from targets where year <> 2026").fetchall() == others
    history = con.execute("select file_name, rows from imports order by imported_at desc limit 1")
    assert history.fetchall() == [("Targets page, 2026", len(edited))]
    con.close()


def test_blank_rows_added_to_the_grid_are_not_saved(fresh_db):
    con = db.connect(fresh_db)
    edited = grid(con, 2026)
    con.close()
    blank = pd.DataFrame([{"account_id": " ", "month": None, "revenue_target": None}])

    saved = grid_store.save_year(fresh_db, 2026, pd.concat([edited, blank], ignore_index=True))

    assert saved == len(edited)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"revenue_target": -5.0},
            "Nothing saved: the grid, row 1, column revenue_target: -5 must not be negative",
        ),
        (
            {"account_id": "NOPE"},
            "Nothing saved: the grid, row 1, column account_id: unknown account_id 'NOPE'",
        ),
        ({"month": 13}, "Nothing saved: the grid, row 1, column month: 13 is above the maximum 12"),
        (
            {"revenue_target": "lots"},
            "Nothing saved: the grid, row 1, column revenue_target: 'lots'",
        ),
    ],
    ids=["negative", "unknown account", "month 13", "not a number"],
)
def test_a_bad_edit_is_refused_with_one_message_and_nothing_saved(fresh_db, change, message):
    con = db.connect(fresh_db)
    edited = grid(con, 2026).astype({"revenue_target": object})
    con.close()
    for column, value in change.items():
        edited.loc[0, column] = value
    before = content(fresh_db)

    with pytest.raises(grid_store.EditRefused) as refused:
        grid_store.save_year(fresh_db, 2026, edited)

    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)
    assert content(fresh_db) == before


def test_an_edit_giving_an_account_year_both_kinds_of_row_is_refused(fresh_db):
    con = db.connect(fresh_db)
    edited = grid(con, 2026)
    con.close()
    whole = edited[edited["month"].isna()].iloc[0]
    extra = whole.to_frame().T.assign(month=3, revenue_target=10.0)
    before = content(fresh_db)

    with pytest.raises(grid_store.EditRefused) as refused:
        grid_store.save_year(fresh_db, 2026, pd.concat([edited, extra], ignore_index=True))

    assert "(month empty) and row" in str(refused.value)
    assert f"both cover account_id={whole.account_id}, year=2026" in str(refused.value)
    assert content(fresh_db) == before


def test_a_file_from_before_targets_gains_an_empty_targets_table(fresh_db):
    con = duckdb.connect(str(fresh_db))
    con.execute("drop table targets")
    con.execute("update meta set value = '3' where key = 'schema_version'")
    con.close()

    upgraded = db.connect(fresh_db)

    assert upgraded.execute("select count(*) from targets").fetchall() == [(0,)]
    upgraded.close()


def test_the_cli_exports_the_view_as_of_a_date(demo_db, tmp_path):
    out = tmp_path / "plan.csv"

    done = run(
        "export", "--db", demo_db, "target_attainment", "--as-of", "2025-12-31", "--out=" + str(out)
    )

    back = pd.read_csv(out)
    assert done.returncode == 0, done.stderr
    assert list(back.columns) == VIEW_COLUMNS
    assert set(back["year"]) == {2025}
    assert back["required_per_month"].isna().all()  # 31 December: no month remains


def test_sales_monthly_holds_every_account_month_of_the_sales(con):
    stored = con.execute("select * from sales_monthly order by all").df()
    lines = con.execute(
        "select account_id, date_trunc('month', date)::date as month, sum(revenue) as revenue, "
        "min(date) as first_date, max(date) as last_date from sales group by all order by all"
    ).df()

    pd.testing.assert_frame_equal(stored, lines, check_dtype=False)
