"""Reads on behalf of a signed-in person: whatever a query returns holds their accounts only.

`run` wraps any store query, so no page can forget the scope: the period filters it is given are
narrowed to the scope (data.filters.Filters.scope, honoured by `filtered_accounts`), an account
asked for by name outside the scope is refused, and every frame with an `account_id` column
(or index level), in the result or in a dataclass it returns, loses the rows of other
accounts on the way out, whatever the query did. `within` does the same for the journal.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

import duckdb
import pandas as pd

from kam_core.data.access import EVERYTHING, Scope
from kam_core.data.filters import Filters
from kam_core.store import query
from kam_core.store.files import StoreError

T = TypeVar("T")
# How store queries name the accounts they are asked about (tests/integration/test_access_store.py
# holds every store function to these names).
ACCOUNT_ARGUMENTS = ("account", "account_id", "accounts", "account_ids", "key_accounts")

VISIBLE = """
select account_id from accounts where $managers is null or list_contains($managers, manager)
"""


class NotYours(StoreError):
    """An account outside the signed-in person's scope was asked for by id."""

    def __init__(self, account: str) -> None:
        super().__init__(f"{account} is not one of your accounts")


def visible(con: duckdb.DuckDBPyConnection, scope: Scope) -> frozenset[str]:
    """The ids of the accounts `scope` may see (none for a viewer)."""
    if not scope.accounts:
        return frozenset()
    managers = None if scope.managers is None else list(scope.managers)
    return frozenset(query(con, VISIBLE, {"managers": managers})["account_id"])


def check(con: duckdb.DuckDBPyConnection, scope: Scope, account: str) -> None:
    """NotYours unless `scope` may see `account`."""
    if scope != EVERYTHING and account not in visible(con, scope):
        raise NotYours(account)


def _narrowed(value: object, scope: Scope) -> object:
    return replace(value, scope=scope) if isinstance(value, Filters) else value


def _asked(function: Callable[..., Any], args: tuple[Any, ...]) -> list[str]:
    """The account ids `function(*args)` is asked about by name."""
    bound = inspect.signature(function).bind_partial(*args).arguments
    asked: list[str] = []
    for name in ACCOUNT_ARGUMENTS:
        value = bound.get(name)
        if isinstance(value, str):
            asked.append(value)
        elif isinstance(value, tuple | list | frozenset | set):
            asked += [v for v in value if isinstance(v, str)]
    return asked


def _kept(value: Any, allowed: frozenset[str]) -> Any:
    if isinstance(value, pd.DataFrame | pd.Series):
        if isinstance(value, pd.DataFrame) and "account_id" in value.columns:
            return value[value["account_id"].isin(allowed)].reset_index(drop=True)
        if "account_id" in (value.index.names or ()):
            return value[value.index.get_level_values("account_id").isin(allowed)]
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _kept(getattr(value, f.name), allowed)
                                 for f in fields(value) if f.init})  # fmt: skip
    if isinstance(value, tuple):
        return tuple(_kept(v, allowed) for v in value)
    if isinstance(value, list):
        return [_kept(v, allowed) for v in value]
    if isinstance(value, dict):
        return {k: _kept(v, allowed) for k, v in value.items()}
    return value


def within(allowed: frozenset[str] | None, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` cut to the accounts `allowed` (None: every account): NotYours if it
    asks for another account, frames kept to `allowed`, and `visible=allowed` given to a
    function that can scope itself (the journal's history)."""
    if allowed is None:
        return function(*args)
    for account in _asked(function, args):
        if account not in allowed:
            raise NotYours(account)
    if "visible" in inspect.signature(function).parameters:
        return _kept(function(*args, visible=allowed), allowed)  # type: ignore[no-any-return]
    return _kept(function(*args), allowed)  # type: ignore[no-any-return]


def run(con: duckdb.DuckDBPyConnection, scope: Scope, function: Callable[..., T], *args: Any) -> T:
    """`function(con, *args)` as `scope` may see it (module docstring); NotYours if it asks for
    an account outside the scope."""
    if scope == EVERYTHING:
        return function(con, *args)
    narrowed = tuple(_narrowed(a, scope) for a in args)
    return within(visible(con, scope), function, con, *narrowed)
