from datetime import date

import streamlit as st

import journal_forms as forms
import ui
from kam_core.store import journal, portfolio
from kam_core.visits.journal import Settings, complaint_kpis

st.title("Account journal")
st.caption("Visits, agreed next steps, complaints, feedback on our reps and account plans.")
f = ui.filters()
accounts = ui.load(portfolio.accounts, *f.account_params().values())
account = ui.account_picker(accounts[["account_id", "name"]])
forms.who()
forms.flash()
path = ui.db_path()
today = date.today()
settings = journal.settings(path)

if account is None:
    st.info("Choose an account to record or edit its visits, next steps and complaints.")
    st.subheader("Complaint KPIs per manager, 12 months to today")
    complaints = ui.journal(journal.records, "complaints").merge(
        accounts[["account_id", "manager"]], on="account_id"
    )
    kpis = complaint_kpis(complaints, today, settings.sla_days, by="manager")
    ui.table(kpis, "complaint_kpis_per_manager", forms.COLUMNS)
    st.stop()

tabs = st.tabs([forms.label(r) for r in forms.TABBED] + ["History", "Settings"])
for tab, record in zip(tabs, forms.TABBED, strict=False):
    with tab:
        if record == "complaints":
            kpis = complaint_kpis(
                ui.journal(journal.records, record, account), today, settings.sla_days
            )
            ui.table(kpis, f"complaint_kpis_{account}", forms.COLUMNS)
        forms.record_tab(record, account)
with tabs[-2]:
    ui.table(ui.journal(journal.history), "journal_history", forms.COLUMNS)
with tabs[-1], st.form("journal-settings"):
    cadence = {
        tier: st.number_input(f"Visit every (days), tier {tier}", 1, 365, days, key=f"cad-{tier}")
        for tier, days in settings.cadence_days.items()
    }
    sla = st.number_input("Complaint SLA (days to resolve)", 1, 365, settings.sla_days)
    if st.form_submit_button("Save settings"):
        journal.save_settings(path, Settings(cadence, int(sla)), forms.who_name())
        forms.done("Saved the settings.")
