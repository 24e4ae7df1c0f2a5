from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

import journal_forms as forms
import ui
from kam_core.data import columns
from kam_core.data.filters import Filters
from kam_core.data.formats import Column
from kam_core.relationships import birthdays
from kam_core.relationships import coverage as relationships
from kam_core.reports.calendar import visits_ics
from kam_core.store import journal, portfolio, trends
from kam_core.store import relationships as people
from kam_core.store import week as store_week
from kam_core.visits import journal as rules
from kam_core.visits import week

SHOWN = 10  # accounts opened with their reasons; the rest are in the table
PLAN_COLUMNS = columns.spec(score=Column("Urgency", "int"), reasons=Column("Reasons"))

st.title("My week")
f = ui.filters()
today = date.today()
st.caption(
    f"Journal as of today ({ui.day(today)}); sales, stock and rebates as of {ui.day(f.end)}."
)
# A manager plans their own week; a director may plan anyone's.
managers = ui.scope().colleagues(ui.load(portfolio.filter_options)["manager"])
manager = st.selectbox("Manager", managers, key="week-manager", index=0 if managers else None)
mine = week.managed_by(ui.load(portfolio.accounts, *f.account_params().values()), manager)
forms.who()
forms.flash()

path = ui.db_path()
settings = journal.settings(path)
tiers = ui.load(trends.screening, Filters(f.end, f.end)).rename(columns={"proposed_tier": "tier"})
visits = ui.journal(journal.records, "visits")
complaints = ui.journal(journal.records, "complaints")
actions = ui.journal(journal.records, "actions")
coverage = rules.visit_coverage(tiers, visits, today, settings)
contacts = ui.journal(people.contacts, list(mine["account_id"]))
met = ui.journal(people.meetings, list(mine["account_id"]))
reasons = pd.concat(
    [
        week.journal_reasons(
            coverage,
            rules.overdue_actions(actions, today),
            rules.open_complaints(complaints, today, settings.sla_days),
        ),
        week.signal_reasons(ui.load(store_week.signals, f, today), today),
        week.relationship_reasons(
            relationships.coverage(mine["account_id"], contacts, met, today),
            tiers,
            birthdays.birthdays_ahead(contacts, today),
            today,
        ),
    ]
)
plan = week.ranked(reasons, mine)

st.header("Accounts to visit now")
if plan.empty:
    st.info("No rule fired for this manager's accounts: nothing needs a visit this week.")
# The most urgent first, each with its reasons: read on a phone before a day of visits.
for row in plan.head(SHOWN).itertuples():
    with st.expander(ui.plain(f"{row.name} ({row.account_id}) · {row.reasons}")):
        own = reasons[reasons["account_id"] == row.account_id].sort_values(
            "weight", ascending=False
        )
        ui.table(own[["reason", "detail"]], None, pinned=0)
        st.page_link(
            "pages/brief.py", label="Open the brief", query_params={"account": row.account_id}
        )
        forms.plan_visit_form(row.account_id, today)
st.subheader("Every account with a reason")
ui.table(plan[["name", "score", "reasons", "account_id"]], "visits_to_make", PLAN_COLUMNS)

st.header("Open next steps")
steps = actions[actions["account_id"].isin(mine["account_id"]) & (actions["status"] == "open")]
forms.table(steps.sort_values("due_date"), "No open next step for these accounts.", "open_steps")

st.header("Planned visits")
planned = visits[
    visits["account_id"].isin(mine["account_id"]) & (visits["date"] > pd.Timestamp(today))
]
planned = planned.merge(mine[["account_id", "name"]], on="account_id").sort_values("date")
forms.table(
    planned[["date", "name", "account_id", "kind", "notes", "id"]],
    "No visit planned yet.",
    "planned_visits",
)
st.download_button(
    "Download planned visits (.ics)",
    ui.audited(f"visits_{today:%Y%m%d}.ics", partial(visits_ics, planned)),
    f"visits_{today:%Y%m%d}.ics",
    "text/calendar",
    on_click="ignore",
    disabled=planned.empty,
)
