import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

import signin
import ui
from kam_core.data import access, encodings, formats, importing, quality
from kam_core.data.contract import TABLES
from kam_core.store import imports, journal_imports, people, tables, views
from kam_core.store import quality as store_quality
from kam_core.visits.journal import RECORDS

IGNORE = "(none)"
DETECT = "Detect"
PREVIEW_COLUMNS = 50  # a file may have 100,000 columns: the preview shows the first ones
SUMMARY = "sales_summary"
EXCEL_ROWS = 200_000  # above this a spreadsheet is the wrong tool: CSV only
DOWNLOAD_ROWS = 2_000_000  # a period larger than this is refused: choose a shorter one

st.title("Data")
has_database = ui.db_path().exists()
if "imported" in st.session_state:
    st.success(ui.plain(st.session_state.pop("imported")), icon=":material/check_circle:")

if has_database:
    facts = ui.load(store_quality.facts)
    findings = quality.report(facts, date.today())
    st.subheader("Tables and data quality")
    st.caption(f"Freshness: {quality.freshness(facts, date.today())}")
    line = ui.current_context()
    if quality.broken(findings):
        st.error(quality.verdict(findings))
    elif line.stale:  # no all-clear on data over a week old, whatever the contract says
        st.warning(f"{quality.verdict(findings)}, but the data is stale: {line.freshness}")
    else:
        st.success(quality.verdict(findings))
    left, right = st.columns([2, 3])
    ui.table(facts.tables, None, where=left, width="stretch")
    if findings:
        found = pd.DataFrame([vars(f) for f in findings])
        ui.table(found, None, where=right, width="stretch")
else:
    st.info(
        f"There is no database at {ui.db_path()} yet. Import your own data below (accounts "
        "first, then products, then sales and the rest), or build the demo with the button above."
    )

if has_database:  # the settings live in the journal beside the database
    st.subheader("Company")
    house = ui.style()
    with st.form("company"):
        name_cell, currency_cell, locale_cell = st.columns([2, 1, 1])
        company = name_cell.text_input(
            "Company name", house.company, max_chars=formats.COMPANY_CHARACTERS
        )
        currency = currency_cell.text_input(
            "Currency", house.currency, max_chars=3, help="An ISO 4217 code: USD, EUR, GBP, CNY..."
        )
        locale = locale_cell.text_input(
            "Locale",
            house.locale,
            max_chars=20,
            help="How numbers and dates read (separators, month names): en_US, de_DE, zh_CN...",
        )
        st.caption(
            f"Amounts read {ui.money(1234567.8)} in KPIs, "
            f"{formats.money(1234567.8, house, compact=False)} in tables; "
            f"dates {ui.day(date.today())}."
        )
        if st.form_submit_button("Save company settings"):
            try:
                ui.save_style(company, currency, locale)
            except formats.FormatError as exc:
                st.error(ui.plain(exc))  # the message quotes what was typed
            else:
                st.rerun()

st.subheader("Import a file")
# What people record in the app (visits, next steps, complaints...) lands in the journal.
IMPORTABLE = {**TABLES, **RECORDS, access.USERS.name: access.USERS}
table = st.selectbox("Into table", list(IMPORTABLE), key="import_table")
contract = IMPORTABLE[table]
destination = journal_imports if table in RECORDS else people if table == "users" else imports
st.caption(
    f"Required columns: {', '.join(contract.required)}. Optional: "
    f"{', '.join(c for c in importing.targets_for(contract) if c not in contract.required)}."
)
upload = st.file_uploader("CSV, Excel or Parquet file", type=[s[1:] for s in importing.READERS])
encoding = st.selectbox(
    "Text encoding",
    [DETECT, *encodings.CHOICES],
    key="import_encoding",
    help="A CSV's encoding is detected. Choose it when the file is refused as ambiguous or the "
    "preview shows wrong characters: gb18030 for Chinese Excel, cp1252 for Western Excel.",
)
encoding = None if encoding == DETECT else encoding
if upload is not None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / Path(upload.name).name
        file.write_bytes(upload.getvalue())
        try:
            read = importing.read_table(file, encoding)
        except importing.BadFile as exc:
            st.error("This file cannot be read.")
            ui.table(pd.DataFrame([vars(p) for p in exc.problems]), None, pinned=0)
            st.stop()
        cells = read.cells
        shown = f"the first 10 of {len(cells):,} rows"
        if len(cells.columns) > PREVIEW_COLUMNS:
            shown += f", the first {PREVIEW_COLUMNS} of {len(cells.columns):,} columns"
        read_as = f"; text read as {read.encoding}" if read.encoding else ""
        st.caption(f"Preview: {shown}{read_as}")
        st.dataframe(cells.iloc[:10, :PREVIEW_COLUMNS], hide_index=True)
        columns = list(map(str, cells.columns))
        match = importing.match_columns(columns, contract)
        by_name = {target: source for source, target in reversed(match.matched)}
        st.markdown("**Columns**: the file column that feeds each column of the table.")
        grid = st.columns(4)
        chosen = {
            target: grid[i % 4].selectbox(
                target + (" (required)" if target in contract.required else ""),
                [IGNORE, *columns],
                index=columns.index(by_name[target]) + 1 if target in by_name else 0,
                key=f"map-{table}-{target}",
            )
            for i, target in enumerate(importing.targets_for(contract))
        }
        fed = {target: source for target, source in chosen.items() if source != IGNORE}
        twice = sorted({s for s in fed.values() if list(fed.values()).count(s) > 1})
        if twice:
            st.error(ui.plain(f"{', '.join(twice)} is chosen for more than one column."))
        # Name matches not chosen are ignored; the chosen file columns feed their targets.
        mapping = {source: "" for source, _ in match.matched}
        mapping |= {source: target for target, source in fed.items()}
        replace = st.checkbox(f"Replace the rows of {table} (instead of adding to them)")
        keep_first = st.checkbox(
            "Keep the first row of a repeated key",
            help="When rows share a key but differ (e.g. a product ID with two names), import "
            "the first one. By default such a file is refused.",
        )
        if st.button("Import", type="primary", disabled=bool(twice)):
            with st.spinner(f"Checking {upload.name} and importing it into {table}…"):
                try:
                    result = destination.import_file(
                        ui.db_path(),
                        table,
                        file,
                        replace=replace,
                        mapping=mapping,
                        on_duplicate_key="first" if keep_first else "error",
                        encoding=encoding,
                    )
                except imports.ImportFailed as exc:
                    problems = pd.DataFrame([vars(p) for p in exc.problems if p.count])
                    total = sum(p.count for p in exc.problems)
                    st.error(f"Nothing imported: {total:,} problem(s). The first ones:")
                    ui.table(problems.head(20).drop(columns="count"), None, pinned=0)
                    if total > 20:
                        st.caption(f"… and {total - 20:,} more.")
                    for hint in (p for p in exc.problems if not p.count):
                        st.info(ui.plain(hint.message))
                else:
                    st.session_state["imported"] = result.summary
                    st.rerun()

if has_database:
    st.subheader("Download")
    name = st.selectbox("Table", [*TABLES, SUMMARY], key="download_table")
    count = int(facts.tables.set_index("table")["rows"].get(name, 0))
    if name == SUMMARY:
        st.caption("Revenue, quantity, cost, margin and orders per account and year.")
        ui.download_on_click(views.build, SUMMARY, None, name=SUMMARY)
    elif name == "sales" and count:
        last = facts.tables.set_index("table").loc["sales", "last_date"]
        period = st.date_input(
            "Period",
            (last - timedelta(days=90), last),
            key="download_period",
            format=ui.date_format(),
        )
        start, end = period if len(period) == 2 else (period[0], period[0])
        rows = ui.load(tables.sales_count, start, end)
        st.caption(
            f"{rows:,} sales lines from {start} to {end}; for totals per account and "
            f"year choose {SUMMARY}."
        )
        if rows > DOWNLOAD_ROWS:
            st.warning(f"That is more than {DOWNLOAD_ROWS:,} lines: choose a shorter period.")
        else:
            ui.download_on_click(
                tables.sales_between,
                start,
                end,
                name=f"sales_{start}_{end}",
                excel=rows <= EXCEL_ROWS,
            )
    else:
        ui.download_on_click(tables.rows, name, name=name, excel=count <= EXCEL_ROWS)

    st.subheader("Import history")
    history = ui.load(imports.history)
    if history.empty:
        st.info("No imports yet: this database was built by the demo or is new.")
    else:
        ui.table(history, "import_history", width="stretch")

signin.people_section()
