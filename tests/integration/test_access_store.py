"""Reads on behalf of a manager hold only that manager's accounts, whatever the query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.data.access import EVERYTHING, Scope
from kam_core.data.filters import Filters
from kam_core.store import (
    access,
    brief,
    contests,
    people,
    portfolio,
    promotion_stock,
    promotions,
    rebates,
    service,
    stock_plan,
    targets,
    trends,
    week,
)
from kam_core.store.journal import JournalError

BEN = Scope(managers=("Ben Okafor",))


@pytest.fixture(scope="module")
def others(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The accounts of every manager but Ben."""
    return set(con.sql("select account_id from accounts where manager <> 'Ben Okafor'").df()[
        "account_id"])  # fmt: skip


def _year(con: duckdb.DuckDBPyConnection) -> Filters:
    last = portfolio.sales_dates(con)
    assert last
    return Filters(date(last[1].year, 1, 1), last[1])


@pytest.mark.parametrize(
    "query", [trends.account_totals, trends.account_windows, trends.monthly, trends.screening]
)
def test_each_filtered_query_leaves_out_other_managers_accounts(
    con: duckdb.DuckDBPyConnection, others: set[str], query: object
) -> None:
    mine = access.run(con, BEN, query, _year(con))  # type: ignore[arg-type]

    assert "account_id" not in mine or not set(mine["account_id"]) & others
    assert not mine.empty


# Every store query of the pages that takes the filters, with its other arguments.
FILTERED = {
    "meeting": (brief.meeting, ()),
    "contest_sales": (contests.contest_sales, ()),
    "planned_stockouts": (promotion_stock.planned_stockouts, ()),
    "calendar": (promotions.calendar, ()),
    "promotion_analysis": (promotions.promotion_analysis, ()),
    "trials": (promotions.trials, (12,)),
    "cost_inputs": (service.cost_inputs, ()),
    "delivery_history": (service.delivery_history, ()),
    "attainment": (targets.attainment, ()),
    "progress": (targets.progress, ()),
    "account_totals": (trends.account_totals, ()),
    "account_windows": (trends.account_windows, ()),
    "monthly": (trends.monthly, ()),
    "ranking": (trends.ranking, ()),
    "screening": (trends.screening, ()),
    "sku_changes": (trends.sku_changes, ()),
}


def _frames(value: object) -> Iterator[pd.DataFrame]:
    if isinstance(value, pd.DataFrame):
        yield value.reset_index()
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _frames(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _frames(getattr(value, field.name))


def _texts(value: object) -> set[str]:
    return {
        str(cell)
        for frame in _frames(value)
        for column in frame.columns
        if frame[column].dtype == object or str(frame[column].dtype) == "str"
        for cell in frame[column].dropna()
    }


@pytest.fixture(scope="module")
def other_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return set(con.sql("select name from accounts where manager <> 'Ben Okafor'").df()["name"])


@pytest.mark.parametrize("name", FILTERED)
def test_the_sql_of_each_filtered_query_keeps_to_the_scope(
    con: duckdb.DuckDBPyConnection, others: set[str], other_names: set[str], name: str
) -> None:
    function, more = FILTERED[name]
    f = _year(con)
    scoped = Filters(f.start, f.end, scope=BEN)

    found = _texts(function(con, scoped, *more))  # the query alone, not cut by access.run

    assert not found & (others | other_names)


@pytest.mark.parametrize(
    ("function", "more"),
    [
        (rebates.payouts, ("end", None, "filters")),
        (service.delivery_counts, ("filters", "start")),
        (stock_plan.stock_plan, (None, None, 0.95, "filters")),
        (week.signals, ("filters", "end")),
    ],
    ids=["payouts", "delivery_counts", "stock_plan", "signals"],
)
def test_queries_with_more_arguments_return_none_of_another_managers_accounts(
    con: duckdb.DuckDBPyConnection, others: set[str], other_names: set[str], function, more
) -> None:
    f = _year(con)
    given = {"filters": f, "end": f.end, "start": f.start}
    args = [given.get(a, a) if isinstance(a, str) else a for a in more]

    found = _texts(access.run(con, BEN, function, *args))

    assert not found & (others | other_names)


def test_a_query_that_ignores_the_filters_is_cut_to_the_scope(
    con: duckdb.DuckDBPyConnection, others: set[str]
) -> None:
    everyone = access.run(con, EVERYTHING, portfolio.accounts)
    mine = access.run(con, BEN, portfolio.accounts)

    assert set(everyone["account_id"]) & others
    assert set(mine["account_id"]) == set(everyone["account_id"]) - others


def test_portfolio_totals_are_over_the_managers_accounts(con: duckdb.DuckDBPyConnection) -> None:
    f = _year(con)
    everyone = trends.monthly(con, f)
    mine = access.run(con, BEN, trends.monthly, f)

    assert 0 < mine["revenue"].sum() < everyone["revenue"].sum()


def test_asking_for_another_managers_account_is_refused(
    con: duckdb.DuckDBPyConnection, others: set[str]
) -> None:
    f, account = _year(con), sorted(others)[0]

    with pytest.raises(access.NotYours, match=f"{account} is not one of your accounts"):
        access.run(con, BEN, brief.account_brief, account, f.start, f.end)
    with pytest.raises(access.NotYours):
        access.run(con, BEN, brief.meeting, f, (account,))


def test_a_viewer_gets_no_account_rows(con: duckdb.DuckDBPyConnection) -> None:
    assert access.run(con, Scope(accounts=False), portfolio.accounts).empty


def test_users_are_kept_checked_and_audited(tmp_path: Path) -> None:
    db = tmp_path / "kam.duckdb"
    cells = pd.DataFrame(
        {"email": [" Ben@Example.com"], "role": ["Manager"], "manager": ["Ben Okafor"]}
    )

    people.save_users(db, people.checked(cells, "the list"), "dora@example.com")
    people.record(db, "ben@example.com", "download", "accounts.csv")

    assert people.users(db).to_dict("records") == [
        {"email": "ben@example.com", "role": "manager", "manager": "Ben Okafor"}
    ]
    assert people.audit(db)[["who", "what", "detail"]].values.tolist() == [
        ["ben@example.com", "download", "accounts.csv"],
        ["dora@example.com", "journal edit", "users 0"],  # the list's change, from the history
    ]
    with pytest.raises(JournalError, match="role"):
        people.checked(cells.assign(role="boss"), "the list")


def test_every_store_function_names_its_accounts_as_the_scope_expects() -> None:
    import importlib
    import inspect
    import pkgutil

    import kam_core.store

    odd = []
    for module in pkgutil.iter_modules(kam_core.store.__path__):
        for name, function in inspect.getmembers(
            importlib.import_module(f"kam_core.store.{module.name}"), inspect.isfunction
        ):
            odd += [
                f"{module.name}.{name}({p.name})"
                for p in inspect.signature(function).parameters.values()
                if "account" in p.name
                and "DataFrame" not in str(p.annotation)  # a frame of accounts, not ids
                and p.name not in access.ACCOUNT_ARGUMENTS
            ]

    assert not odd


def test_import_users_from_the_command_line_then_replace_the_list(
    fresh_db: Path, tmp_path: Path
) -> None:
    from tests.integration.test_cli import run

    first = tmp_path / "people.csv"
    first.write_text("Email,Role,Manager\nben@example.com,manager,Ben Okafor\n")
    second = tmp_path / "directors.csv"
    second.write_text("email,role\ndora@example.com,director\n")

    added = run("import", "--db", fresh_db, "--table", "users", first)
    again = run("import", "--db", fresh_db, "--table", "users", first)
    replaced = run("import", "--db", fresh_db, "--table", "users", second, "--replace")

    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Imported 1 row into users from people.csv")
    assert again.returncode == 1
    assert "ben@example.com is already a user" in again.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert list(people.users(fresh_db)["email"]) == ["dora@example.com"]


def test_a_manager_without_a_manager_name_is_refused_on_import(fresh_db: Path, tmp_path: Path):
    from tests.integration.test_cli import run

    bad = tmp_path / "people.csv"
    bad.write_text("email,role\nben@example.com,manager\n")

    done = run("import", "--db", fresh_db, "--table", "users", bad)

    assert done.returncode == 1
    assert "ben@example.com is a manager but names no manager" in done.stderr
    assert people.users(fresh_db).empty
