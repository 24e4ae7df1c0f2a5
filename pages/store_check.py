"""Store check: what the shelf shows, one row per SKU of the account's range, typed on a phone."""

from datetime import date

import streamlit as st

import journal_forms as forms
import ui
from kam_core.store import portfolio, shelf
from kam_core.visits import store_checks

DAY = "D MMM YYYY"
SHEET = {
    "sku": st.column_config.TextColumn("SKU", disabled=True, pinned=True),
    "on_shelf": st.column_config.CheckboxColumn("On shelf"),
    "facings": st.column_config.NumberColumn("Facings", min_value=0, max_value=999, step=1),
    "shelf_price": st.column_config.NumberColumn("Shelf price", min_value=0, format="%.2f"),
    "competitor": st.column_config.TextColumn("Competitor", max_chars=200),
    "competitor_price": st.column_config.NumberColumn(
        "Competitor price", min_value=0, format="%.2f"
    ),
    "oldest_production_date": st.column_config.DateColumn("Oldest produced", format=DAY),
    "note": st.column_config.TextColumn("Note", max_chars=200),
    "product": st.column_config.TextColumn("Product", disabled=True),
}

st.title("Store check")
f = ui.filters()
accounts = ui.load(portfolio.accounts, *f.account_params().values())
account = ui.account_picker(accounts[["account_id", "name"]])
forms.who()
forms.flash()
if account is None:
    st.info("Choose the account whose store you are in: its range is listed, ready to tick.")
    st.stop()
today = date.today()
seen = ui.journal(shelf.observations, [account])
rows = store_checks.sheet(ui.load(shelf.account_range, account), seen)
if rows.empty:
    st.info("This account bought nothing in the last year: no range to check.")
    st.stop()
day = st.date_input("Checked on", today, max_value=today, format=ui.date_format(), key="check-day")
known = forms.people(account)
met = st.multiselect("Met", list(known), format_func=known.get, key="check-met", placeholder="Who")
st.caption("Untick what is not on the shelf; type what changed. Prefilled from the last check.")
sheet = st.data_editor(
    rows,
    column_config=SHEET,
    hide_index=True,
    num_rows="fixed",
    key=f"check-sheet-{account}",
    placeholder="",  # an empty cell to fill in, not "None"
)
if st.button("Save store check", type="primary", key="check-save"):
    forms.save_store_check(account, day, met, sheet.drop(columns="product"))
forms.shelf_gaps(
    store_checks.shelf_gaps(seen, ui.stock_risk()), "No SKU was off the shelf at its last check."
)
