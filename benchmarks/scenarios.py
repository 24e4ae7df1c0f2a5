"""One scenario per page: the store and core calls the page makes, and a notebook equivalent.

`load(con, filters)` mirrors the page file call for call (everything but drawing); keep it in
sync when a page changes. `notebook(raw, filters)` recomputes the page's main table with pandas
from the raw columns in `columns`, the way an analyst would in a notebook; `headline` picks the
same table out of `load`'s result so the two can be checked against each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from kam_core.filters import Filters
from kam_core.store import portfolio

Raw = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str  # the page (or app.py for the shared sidebar) whose calls `load` mirrors
    load: Callable[[duckdb.DuckDBPyConnection, Filters], Any]
    columns: dict[str, tuple[str, ...]]  # raw table -> columns the page reads
    notebook: Callable[[Raw, Filters], pd.DataFrame] | None = None
    headline: Callable[[Any], pd.DataFrame] | None = None
    note: str = field(default="")


def _in_filters(raw: Raw, f: Filters) -> pd.DataFrame:
    """The accounts the sidebar keeps, from the raw accounts table."""
    a = raw["accounts"]
    keep = pd.Series(True, index=a.index)
    for column, chosen in (("region", f.regions), ("channel", f.channels), ("manager", f.managers)):
        if chosen:
            keep &= a[column].isin(chosen)
    return a[keep]


def _period_sales(raw: Raw, f: Filters) -> pd.DataFrame:
    s = raw["sales"]
    in_period = (s["date"] >= pd.Timestamp(f.start)) & (s["date"] <= pd.Timestamp(f.end))
    return s[in_period & s["account_id"].isin(_in_filters(raw, f)["account_id"])]


def sidebar(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # app.py -> ui.sidebar_filters(), run before every page.
    return portfolio.sales_dates(con), portfolio.filter_options(con)


def sidebar_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    dates = raw["sales"]["date"]
    return pd.DataFrame({"first": [dates.min().date()], "last": [dates.max().date()]})


def data(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/data.py
    return portfolio.table_rows(con)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "sidebar",
            "app.py",
            sidebar,
            {"sales": ("date",), "accounts": ("region", "channel", "manager")},
            sidebar_notebook,
            lambda r: pd.DataFrame({"first": [r[0][0]], "last": [r[0][1]]}),
            "shared filters, run before every page",
        ),
        Scenario("data", "pages/data.py", data, {}, note="table row counts from metadata"),
    )
}
