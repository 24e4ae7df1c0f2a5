"""Streamlit glue shared by the pages: the cached connection, cached loaders, shared filters."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

# A fresh server's first run, whatever page it was asked for. Until st.navigation first runs,
# Streamlit treats a folder named pages/ beside app.py as an old-style multipage app: a first
# request for /<page> (a deep link) would run that page alone, without app.py's sidebar. Every
# page and app.py import this module first, so it turns that mode off, then reruns once the
# imports below are done: app.py then runs and opens the requested page.
_FRESH_SERVER = PagesManager.uses_pages_directory
if _FRESH_SERVER:
    PagesManager.uses_pages_directory = False
    # While they run, the browser fetches and compiles Streamlit's Plotly code (4.7 MB, 0.7 s
    # of its main thread on 2 cores), which it does only once a chart arrives: a hidden one
    # now, so the landing page's chart no longer waits for it (docs/performance.md, "The
    # first page").
    st.container(height=1, border=False).plotly_chart(
        go.Figure(layout={"width": 10, "height": 10}), config={"staticPlot": True}
    )

# The imports that take time (pandas alone 0.3 s) come after the branch above: see ruff's
# per-file ignore in pyproject.toml.
import importlib
import os
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from kam_core import charts
from kam_core.data import access, exports, formats, quality
from kam_core.data.context import Context, context
from kam_core.data.filters import Filters
from kam_core.store import access as store_access
from kam_core.store import brief, db, people, portfolio, stock_plan
from kam_core.store import quality as store_quality

T = TypeVar("T")
STYLES = Path(__file__).parent / "styles"  # our CSS, see style()


def db_path() -> Path:
    return Path(os.environ.get("KAM_DB", "data/kam.duckdb"))


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version: db.FileVersion | None) -> duckdb.DuckDBPyConnection:
    # Keyed by the file's identity: an import swaps in a new file and the next run reconnects.
    return db.connect(path)


@st.cache_data(max_entries=256, show_spinner=False)
def _load(
    path: str,
    version: db.FileVersion | None,
    module: str,
    name: str,
    args: tuple[Any, ...],
    scope: access.Scope,
) -> Any:
    query = getattr(importlib.import_module(module), name)
    cursor = db.cursor(_connection(path, version))  # duckdb 2.x: one cursor per thread
    try:
        return store_access.run(cursor, scope, query, *args)
    finally:
        cursor.close()


def load(query: Callable[..., T], *args: Any) -> T:
    """`query(cursor, *args)` from kam_core.store as this session may see it (store.access.run),
    cached per database file, arguments and scope.

    Only aggregates go through here: st.cache_data copies its value on every hit.
    """
    return load_as(scope(), query, *args)


def load_as(chosen: access.Scope, query: Callable[..., T], *args: Any) -> T:
    """`load` for the scope `chosen`: for files built on a click, outside the script's run."""
    path = db_path()
    version = db.file_version(path)
    return _load(str(path), version, query.__module__, query.__qualname__, args, chosen)


def sign_in_configured() -> bool:
    """Whether sign-in is on: the secrets hold an [auth] section (docs/operations.md)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def scope() -> access.Scope:
    """What this session may see: everything in open mode, else the signed-in person's scope
    (set by signin.gate; nothing until it is)."""
    unset = access.NOTHING if sign_in_configured() else access.EVERYTHING
    return st.session_state.get("scope", unset)


def visible_accounts() -> frozenset[str] | None:
    """The ids of the accounts this session may see; None: every account (open, a director)."""
    chosen = scope()
    if chosen == access.EVERYTHING:
        return None
    return load_as(access.EVERYTHING, store_access.visible, chosen)


def journal(read: Callable[..., T], *args: Any) -> T:
    """`read(journal file, *args)`, a read of kam_core.store.journal, as this session may see it."""
    return store_access.within(visible_accounts(), read, db_path(), *args)


def who() -> str:
    """Who this session is, for the journal and the audit: the signed-in email, or open mode."""
    found = st.session_state.get("person")
    return found.email if found else "open mode"


def audited(what: str, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """`build`, adding a line to the audit (who downloaded `what`, when) as the file is made.

    Who is read now, as the button is drawn: a file is built on the click, outside the run.
    """
    person = who()

    def run() -> bytes:
        people.record(db_path(), person, "download", what)
        return build()

    return run


def filters() -> Filters:
    """The shared filters as the sidebar set them (see app.py)."""
    if "filters" not in st.session_state:  # a page run without app.py, as AppTest can
        return sidebar_filters()
    return st.session_state["filters"]


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and keep them in session state across pages."""
    bounds = load(portfolio.sales_dates)
    options = load(portfolio.filter_options)
    options["manager"] = [m for m in options["manager"] if scope().covers(m)]
    first, last = bounds if bounds else (date.today(), date.today())
    with st.sidebar:
        st.subheader("Filters")
        period = st.date_input(
            "Period",
            value=(max(first, date(last.year, 1, 1)), last),
            min_value=first,
            max_value=last,
            key="period",
            help="The period analysed; its end is the as-of date. "
            "Default: the year to date of the last sale.",
        )
        start, end = period if len(period) == 2 else (period[0], period[0])
        chosen = {
            field: tuple(
                st.multiselect(field.title() + "s", options[field], key=field, placeholder="All")
            )
            for field in ("region", "channel", "manager")
        }
    st.session_state["filters"] = Filters(
        start, end, chosen["region"], chosen["channel"], chosen["manager"], scope()
    )
    return st.session_state["filters"]


def _context() -> Context:
    dates = load(portfolio.sales_dates)
    return context(filters(), dates[1] if dates else None, date.today())


def context_line() -> Context:
    """Draw the context line (period, filters in force, freshness) above the page; app.py calls
    it before running any page, so no page can leave it out."""
    line = st.session_state["context"] = _context()
    fresh = plain(line.freshness)
    with st.container(key="context"):
        st.caption(
            f"{plain(line.period)} · {plain(line.filters)} · "
            + (f":orange[:material/warning: **{fresh}**]" if line.stale else fresh)
        )
    return line


def current_context() -> Context:
    """The context line of this run, as stamped on charts, PDFs and slides."""
    if "context" not in st.session_state:  # a page run without app.py, as AppTest can
        return _context()
    return st.session_state["context"]


def require(*tables: str) -> None:
    """Stop the page with one line naming each of `tables` that has no rows yet."""
    missing = quality.missing_tables(load(store_quality.table_rows), tables)
    if missing:
        st.info(missing)
        st.stop()


def style() -> None:
    """Our CSS (styles/): the phone layout always, the projector's sizes in presentation mode,
    with the sidebar collapsed. Style tags only, so it takes no room on the page."""
    st.html(STYLES / "layout.css")
    if presentation():
        st.html(STYLES / "presentation.css")
    st.set_page_config(initial_sidebar_state="collapsed" if presentation() else "auto")


def presentation() -> bool:
    """Whether presentation mode is on: big type, no margin or credit data, stamped charts.

    Always on for a viewer, who may see no margin (docs/access.md)."""
    return bool(st.session_state.get("presentation", False)) or not scope().accounts


def chart(fig: go.Figure, **kwargs: Any) -> Any:
    """Draw a kam_core.charts figure, restyled for the projector in presentation mode.

    Extra arguments go to st.plotly_chart (e.g. key=..., on_select="rerun" for drill-down).
    """
    if presentation():
        fig = charts.for_presentation(fig, current_context().text)
        kwargs.setdefault("theme", None)  # Streamlit's theme would shrink the type back
    return st.plotly_chart(fig, **kwargs)


def account_picker(accounts: pd.DataFrame, label: str = "Account") -> str | None:
    """Choose one account (columns account_id, name); shared by every page about one account.

    The choice lives in session state under "account" and in the URL as ?account=ID, so a link
    opens the page on that account and drill-downs from other pages land on it.
    """
    names = dict(zip(accounts["account_id"], accounts["name"], strict=True))
    # Synced by hand, not with bind="query-params": that puts the *label* ("Name (ID)") in the
    # URL, so ?account=ID would not open the account. A URL value not seen before is a link.
    linked = st.query_params.get("account")
    if linked and linked not in names and scope() != access.EVERYTHING:
        try:
            load(store_access.check, scope(), linked)
        except store_access.NotYours as exc:
            st.error(plain(exc), icon=":material/lock:")
    if linked in names and linked != st.session_state.get("account_link"):
        st.session_state["account"] = linked
    if st.session_state.get("account") not in names:
        st.session_state.pop("account", None)
    chosen = st.selectbox(
        label,
        list(names),
        format_func=lambda a: f"{names[a]} ({a})",
        key="account",
        persist_state="session",
        index=None,
        placeholder="Choose an account",
    )
    if chosen is None:
        st.query_params.pop("account", None)
    else:
        st.query_params["account"] = chosen
    st.session_state["account_link"] = chosen
    return chosen


def open_account(account_id: str, page: str) -> None:
    """Drill down: switch to `page` (e.g. "pages/account_trend.py") showing `account_id`."""
    st.session_state["account"] = account_id
    st.switch_page(page)


def money(value: float | None) -> str:
    """A money amount for a KPI: 1,234,567 -> '1.23M'; None -> '–' (as in PDFs and decks)."""
    return formats.money(value)


def plain(text: object) -> str:
    """User text (an account name, a note) made inert for Markdown widgets such as st.subheader."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$])", r"\\\1", str(text))


def stock_risk(chosen: access.Scope | None = None) -> pd.DataFrame | None:
    """Every stock position's risk at the last snapshot (stock_plan.risk) that the scope (this
    session's by default) may see; None without stock."""
    try:
        # the plan's risk, without its backtest
        return load_as(chosen or scope(), stock_plan.default_risk, None)
    except db.StoreError:
        return None


def meeting_deck(f: Filters, accounts: tuple[str, ...]) -> Callable[[], bytes]:
    """Build the PowerPoint meeting deck (portfolio, a slide per chosen account) when called.

    Give it to st.download_button as its data: the deck is built only when someone clicks.
    """
    stamp, full = current_context().text, not presentation()
    chosen, allowed = scope(), visible_accounts()  # now: the deck is built outside the run

    def build() -> bytes:
        # Imported on the click: python-pptx and the talking points would slow every first run.
        from kam_core.reports import deck
        from kam_core.store import journal
        from kam_core.visits import brief as account_brief
        from kam_core.visits.journal_brief import summary_lines

        meeting = load_as(chosen, brief.meeting, f, accounts)
        risk = stock_risk(chosen)
        points = [account_brief.points(b, risk) for b in meeting.accounts]
        today = date.today()
        journals = [
            summary_lines(
                store_access.within(allowed, journal.account_journal, db_path(), a, today)
            )
            for a in accounts
        ]
        return deck.meeting_deck(meeting, points, risk, stamp, full, journals)

    return audited("meeting deck " + ", ".join(accounts), build)


def download(table: pd.DataFrame, name: str, key: str | None = None) -> None:
    """CSV and Excel download buttons for a table the page shows (formula-safe); each file is
    written only when its button is clicked."""
    left, right = st.columns(2)
    left.download_button(
        "Download CSV", audited(f"{name}.csv", partial(exports.to_bytes, table, ".csv")),
        f"{name}.csv", "text/csv",
        key=f"{key or name}-csv", width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Download Excel", audited(f"{name}.xlsx", partial(exports.to_bytes, table, ".xlsx")),
        f"{name}.xlsx",
        key=f"{key or name}-xlsx", width="stretch", on_click="ignore",
    )  # fmt: skip


def download_on_click(
    query: Callable[..., pd.DataFrame], *args: Any, name: str, excel: bool = True
) -> None:
    """CSV and Excel buttons that run `query(con, *args)` only when clicked, for large tables.

    The file is built on the click, on its own connection, so big tables cost nothing until
    asked for. `excel=False` disables Excel (too many rows for a spreadsheet).
    """
    path, chosen = db_path(), scope()

    def build(suffix: str) -> Callable[[], bytes]:
        def run() -> bytes:
            con = db.connect(path)
            try:
                return exports.to_bytes(store_access.run(con, chosen, query, *args), suffix)
            finally:
                con.close()

        return audited(name + suffix, run)

    left, right = st.columns(2)
    left.download_button(
        "Download CSV", build(".csv"), f"{name}.csv", "text/csv", key=f"{name}-lazy-csv",
        width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Download Excel", build(".xlsx"), f"{name}.xlsx", key=f"{name}-lazy-xlsx",
        width="stretch", on_click="ignore", disabled=not excel,
        help=None if excel else "Too many rows for Excel: download CSV or a shorter period.",
    )  # fmt: skip


# Last, once every name above exists: a session that arrives while the first one is still
# importing this module must never see it half-defined (three sessions opening a fresh server
# together left two on "module 'ui' has no attribute 'sidebar_filters'").
if _FRESH_SERVER:
    st.rerun()
