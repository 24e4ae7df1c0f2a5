import streamlit as st

import ui
from kam_core.accounts import plan_totals
from kam_core.data import columns
from kam_core.data.filters import Filters
from kam_core.data.formats import Column
from kam_core.store import portfolio
from kam_core.store import target_grid as grid_store
from kam_core.store import targets as store

GRID = {
    "account_id": st.column_config.TextColumn("Account ID"),
    "name": st.column_config.TextColumn("Account", disabled=True),
    "region": st.column_config.TextColumn("Region", disabled=True),
    "manager": st.column_config.TextColumn("Manager", disabled=True),
    "month": st.column_config.NumberColumn(
        "Month", min_value=1, max_value=12, step=1, help="Empty: the whole year. 1-12: a month."
    ),
    "revenue_target": st.column_config.NumberColumn(
        "Revenue target", min_value=0, format=ui.money_format()
    ),
    "quantity_target": st.column_config.NumberColumn("Units target", min_value=0, format="%,d"),
}
TOTALS = columns.spec(
    accounts=Column("Accounts", "int"),
    phased=Column("Phased by month", "int"),
    revenue_target=Column("Revenue target", "money"),
)

st.title("Targets")
f = ui.filters()
if "targets_saved" in st.session_state:
    st.success(st.session_state.pop("targets_saved"), icon=":material/check_circle:")
dates = ui.load(portfolio.sales_dates)
last = dates[1].year if dates else f.end.year
years = sorted({*ui.load(grid_store.target_years), *range(last - 2, last + 2)})
year = st.columns([1, 3])[0].selectbox(
    "Year", years, index=years.index(f.end.year) if f.end.year in years else 0
)
st.caption(
    "One row per account and year (month empty) or one per month (1-12), never both for the "
    "same account. Paste from a spreadsheet: copy the cells in the grid's column order, click "
    "the first cell and paste; add rows at the bottom. Every region, channel and manager is "
    "listed, whatever the sidebar filters. Saving replaces this year's targets, all or nothing."
)
key = f"targets-{year}"
edited = st.data_editor(
    ui.load(grid_store.year_grid, year),
    column_config=GRID,
    placeholder="",  # an empty target reads blank, not "None"
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key=key,
)
changes = st.session_state.get(key) or {}
changed = any(changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))
if st.button("Save targets", type="primary", disabled=not changed):
    try:
        saved = grid_store.save_year(ui.db_path(), year, edited)
    except grid_store.EditRefused as exc:
        st.error(ui.plain(str(exc)), icon=":material/block:")
    else:
        del st.session_state[key]  # the saved rows come back from the file
        st.session_state["targets_saved"] = f"Saved {saved:,} target rows for {year}."
        st.rerun()
if changed:
    st.caption("Unsaved changes: the totals below include them.")

accounts = ui.load(portfolio.accounts)
total = plan_totals.plan_by(edited, accounts).reindex([0]).fillna(0).iloc[0]  # one row, 0 if none
cells = st.columns(3)
cells[0].metric(f"Revenue target {year}", ui.money(total.revenue_target))
cells[1].metric("Accounts with a target", int(total.accounts))
cells[2].metric("Of which phased by month", int(total.phased))

as_of_year = year == f.end.year
# Like the grid, the totals cover every account, whatever the sidebar filters.
attained = ui.load(store.attainment, Filters(f.start, f.end)) if as_of_year else None
for by in ("manager", "region"):
    st.subheader(f"Per {by}")
    shown = plan_totals.plan_by(edited, accounts, by)
    if attained is not None and not attained.empty:
        progress = plan_totals.totals(attained, f.end, [by])
        shown = shown.merge(
            progress[[by, "ytd_actual", "attainment", "projected_attainment"]], on=by, how="left"
        )
    ui.table(shown, f"targets_{year}_per_{by}", TOTALS)
if as_of_year:
    st.caption(f"Actual to date and attainment as of {ui.day(f.end)}, on the saved targets.")
