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
from kam_core.data import columns as vocabulary
from kam_core.data.context import Context, context
from kam_core.data.filters import Filters
from kam_core.store import access as store_access
from kam_core.store import brief, db, people, portfolio, stock_plan
from kam_core.store import quality as store_quality

T = TypeVar("T")
STYLES = Path(__file__).parent / "styles"  # our CSS, see stylesheets()


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
            format=date_format(),
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


def stylesheets() -> None:
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
    # A projector is wide: its titles stay on one line.
    fig = charts.in_currency(charts.for_screen(fig, wrap=not presentation()), style())
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


@st.cache_data(max_entries=8, show_spinner=False)
def _style(path: str, version: db.FileVersion | None) -> formats.Style:
    # Keyed by the database file too: a new demo or import brings its journal's settings.
    from kam_core.store import journal

    return journal.style(path)


def style() -> formats.Style:
    """The company's name, currency and locale (the Data page edits them), read once."""
    path = db_path()
    return _style(str(path), db.file_version(path))


def save_style(company: str, currency: str, locale: str) -> None:
    """Save the company's name, currency and locale; formats.FormatError saves nothing."""
    from kam_core.store import journal

    journal.save_style(db_path(), company, currency, locale, "app")
    _style.clear()


def date_format() -> str:
    """The `format` of every st.date_input: the company's locale's order and separator
    ('DD/MM/YYYY' in en_GB), so a typed date reads as the locale writes it."""
    return formats.input_date_format(style())


def money(value: float | None) -> str:
    """A money amount for a KPI, compact in the company's currency: '$1.2M'; None -> '–'."""
    return formats.money(value, style())


def pct(value: float | None) -> str:
    """A fraction as a percentage with one decimal, as every page shows it: '87.3%'."""
    return formats.pct(value, style())


def change(value: float | None) -> str:
    """A growth fraction, signed with one decimal: '+12.3%'."""
    return formats.change(value, style())


def points(value: float | None) -> str:
    """A difference of two rates in points: '-1.6 pts'."""
    return formats.points(value, style())


def day(value: date | None) -> str:
    """A date as every page shows it: '5 Nov 2026'."""
    return formats.day(value, style())


def _column_config(
    shown: pd.DataFrame, columns: dict[str, formats.Column], source: pd.DataFrame
) -> dict[str, Any]:
    config: dict[str, Any] = {}
    house = style()
    for name in shown.columns:
        label = formats.label(name, columns)
        kind = formats.kind_of(name, source[name], columns)
        values = shown[name]
        if kind == "day" and (
            pd.api.types.is_datetime64_any_dtype(values)
            or values.dropna().map(lambda v: isinstance(v, date)).all()
        ):
            config[name] = st.column_config.DateColumn(label, format="D MMM YYYY")
        elif kind not in ("text", "day") and pd.api.types.is_numeric_dtype(values):
            config[name] = st.column_config.NumberColumn(label, format=formats.printf(kind, house))
        elif kind == "text" and pd.api.types.is_bool_dtype(values):
            config[name] = st.column_config.CheckboxColumn(label)
        else:
            config[name] = st.column_config.TextColumn(
                label, alignment="left" if kind == "text" else "right"
            )
    return config


def table(
    frame: pd.DataFrame,
    name: str | None,
    columns: dict[str, formats.Column] | None = None,
    *,
    download: pd.DataFrame | None = None,
    pinned: int = 1,
    config: dict[str, Any] | None = None,
    key: str | None = None,
    where: Any = None,
    **kwargs: Any,
) -> Any:
    """Draw a table as people read it: labels and a format per column (`columns`, default the
    core's common vocabulary), nothing reading 'None', the first `pinned` key columns pinned;
    then its CSV and Excel downloads (of `download`, default the table), unless `name` is None.

    `config` overrides a column's drawing (a progress bar, a link); other arguments go to
    st.dataframe (e.g. on_select="rerun"). `where` is a container to draw in (default: st).
    """
    place = where or st
    columns = columns or vocabulary.COMMON
    shown = formats.for_display(frame, columns, style())
    drawn = _column_config(shown, columns, frame)
    for i, column in enumerate(shown.columns):
        if i < pinned:
            drawn[column]["pinned"] = True
    for column, override in (config or {}).items():
        drawn[column] = override
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("placeholder", formats.MISSING)  # a missing number or date, not "None"
    event = place.dataframe(shown, column_config=drawn, key=key, **kwargs)
    if name is not None:
        download_table(frame if download is None else download, name, columns, key, place)
    return event


def money_format() -> str | None:
    """The printf pattern of a grid's money column in the company's currency ('$%,.0f')."""
    return formats.printf("money", style())


def _title(name: str) -> str:
    f = filters()
    chosen = [", ".join(v) for v in (f.regions, f.channels, f.managers) if v]
    what = name.replace("_", " ").capitalize()
    return " · ".join(
        [
            f"{style().company}: {what}",
            f"{day(f.start)} – {day(f.end)}",
            *(chosen or ["all accounts"]),
        ]
    )


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
    stamp, full, house = current_context().text, not presentation(), style()
    chosen, allowed = scope(), visible_accounts()  # now: the deck is built outside the run

    def build() -> bytes:
        # Imported on the click: python-pptx and the talking points would slow every first run.
        from kam_core.reports import deck
        from kam_core.store import journal
        from kam_core.visits import brief as account_brief
        from kam_core.visits.journal_brief import summary_lines

        meeting = load_as(chosen, brief.meeting, f, accounts)
        risk = stock_risk(chosen)
        points = [account_brief.points(b, risk, house) for b in meeting.accounts]
        today = date.today()
        journals = [
            summary_lines(
                store_access.within(allowed, journal.account_journal, db_path(), a, today)
            )
            for a in accounts
        ]
        return deck.meeting_deck(meeting, points, risk, stamp, full, journals, house)

    return audited("meeting deck " + ", ".join(accounts), build)


def download_table(
    table: pd.DataFrame,
    name: str,
    columns: dict[str, formats.Column] | None = None,
    key: str | None = None,
    where: Any = None,
) -> None:
    """CSV (machine names, money to cents) and Excel (formatted, with a title line) buttons for
    a table the page shows, formula-safe; each file is written only when its button is clicked."""
    columns = columns or vocabulary.COMMON
    left, right = (where or st).columns(2)
    left.download_button(
        "Download CSV",
        audited(f"{name}.csv", partial(exports.for_machines, table, columns)),
        f"{name}.csv", "text/csv",
        key=f"{key or name}-csv", width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Download Excel",
        audited(f"{name}.xlsx", partial(exports.for_people, table, columns, _title(name), style())),
        f"{name}.xlsx", key=f"{key or name}-xlsx", width="stretch", on_click="ignore",
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
