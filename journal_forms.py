"""Streamlit glue for the account journal: forms drawn from the record definitions, saves with
one-line errors, delete with undo, and the brief's journal section.

User text is only ever shown by st.dataframe (plain text cells), never as Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

import ui
from kam_core.charts.relationships import relationship_map
from kam_core.data import access
from kam_core.data import columns as vocabulary
from kam_core.data.contract import Column
from kam_core.data.formats import Column as Shown
from kam_core.relationships.brief import AccountPeople
from kam_core.store import journal, relationships
from kam_core.visits.journal import RECORDS, SHORT_TEXT, VISIT_KINDS, limit
from kam_core.visits.journal_brief import AccountJournal

HIDDEN = ("account_id", "visit_id")  # set by the page: the chosen account, the visit recorded
DAY = "D MMM YYYY"
ANONYMOUS = "app user"
# The first columns a record's picker shows to tell records apart.
SUMMARY = {
    "visits": ("date", "kind", "notes"),
    "actions": ("due_date", "text", "status"),
    "complaints": ("opened_date", "category", "description"),
    "feedback": ("date", "score", "about"),
    "account_plans": ("year", "objectives"),
    "contacts": ("name", "title", "role"),
}
# The records with a tab of their own; who was met and the shelf are saved with their visit.
TABBED = tuple(r for r in RECORDS if r in SUMMARY)


def label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def who() -> str:
    """The name recorded with this session's changes: the signed-in person, or typed once and
    kept for the session in open mode."""
    if ui.scope() != access.EVERYTHING or st.session_state.get("person"):
        st.caption(f"Recorded as {ui.plain(ui.who())}.")
        return ui.who()
    typed = st.text_input(
        "Your name",
        value=st.session_state.get("journal_who", ""),
        max_chars=SHORT_TEXT,
        help="Recorded with every change in the journal's history.",
    )
    st.session_state["journal_who"] = typed
    return typed.strip() or ANONYMOUS


def accounts() -> set[str]:
    """The accounts this session may see: what a record may name (every one in open mode)."""
    from kam_core.store import portfolio

    return set(ui.load(portfolio.accounts)["account_id"])


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def _widget(column: Column, current: Any, key: str, people: Mapping[int, str]) -> Any:
    name = label(column.name) + (" *" if column.required else "")
    current = _plain(current)
    if column.name == "reports_to":  # the account's other contacts, by name
        index = list(people).index(current) if current in people else None
        return st.selectbox(
            name, list(people), index=index, format_func=people.get, key=key, placeholder="No one"
        )
    if column.kind == "bool":
        return st.checkbox(name, value=True if current is None else bool(current), key=key)
    if column.kind == "date":
        return st.date_input(name, value=current, key=key, format=ui.date_format())
    if column.choices:
        index = column.choices.index(current) if current in column.choices else None
        return st.selectbox(name, column.choices, index=index, key=key, placeholder="Choose")
    if column.kind == "int":
        low, high = int(column.minimum or 0), int(column.maximum or 9999)
        return st.number_input(name, low, high, value=current, step=1, key=key)
    if limit(column.name) > SHORT_TEXT:
        return st.text_area(name, value=current or "", max_chars=limit(column.name), key=key)
    return st.text_input(name, value=current or "", max_chars=limit(column.name), key=key)


def fields(
    record: str, current: Mapping[str, Any], key: str, people: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """One widget per column of `record` (inside a form), filled with `current`; `people`: the
    contacts a contact may report to (id: name)."""
    return {
        c.name: _widget(c, current.get(c.name), f"{key}-{c.name}", people or {})
        for c in RECORDS[record].columns
        if c.name not in HIDDEN
    }


def people(account: str, but: int | None = None) -> dict[int, str]:
    """The account's active contacts (id: 'name, title'), but `but`: whom one may report to."""
    rows = ui.journal(relationships.contacts, [account])
    rows = rows[rows["active"].fillna(True).astype(bool) & (rows["id"] != but)]
    titles = rows["title"].fillna(rows["role"]).fillna("")
    return {
        int(i): f"{n}, {t}" if t else str(n)
        for i, n, t in zip(rows["id"], rows["name"], titles, strict=True)
    }


def flash() -> None:
    """The last save's message, and the button that undoes the last delete."""
    message = st.session_state.pop("journal_flash", None)
    if message:
        st.success(message)
    undo = st.session_state.get("journal_undo")
    if undo and st.button(f"Undo delete of {undo[0]} record {undo[1]}", key="journal-undo"):
        journal.undo_delete(ui.db_path(), undo[0], undo[1], who_name(), ui.visible_accounts())
        st.session_state.pop("journal_undo")
        done(f"Brought back {undo[0]} record {undo[1]}.")


def who_name() -> str:
    if st.session_state.get("person"):
        return ui.who()  # signed in: the person, never a typed name
    return str(st.session_state.get("journal_who", "")).strip() or ANONYMOUS


def done(message: str) -> None:
    st.session_state["journal_flash"] = message
    st.rerun()


def forget(*prefixes: str) -> None:
    """Empty a saved form's fields (a second tap must not save it twice); kept on an error."""
    for key in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[key]


def save(
    record: str, values: Mapping[str, Any], record_id: int | None = None, form: str = ""
) -> None:
    """Save and rerun with a confirmation, or say on one line why nothing was saved."""
    try:
        saved = journal.save(ui.db_path(), record, values, who_name(), accounts(), record_id)
    except journal.JournalError as exc:
        st.error(ui.plain(f"Not saved: {exc}"))  # the message quotes what was typed
        return
    if form:
        forget(form)
    done(f"Saved {record} record {saved}.")


def delete(record: str, record_id: int) -> None:
    journal.delete(ui.db_path(), record, record_id, who_name(), ui.visible_accounts())
    st.session_state["journal_undo"] = (record, record_id)
    done(f"Deleted {record} record {record_id}.")


def _choice(rows: pd.DataFrame, record: str) -> dict[int, str]:
    shown = SUMMARY[record]
    return {
        int(r["id"]): " · ".join(
            [str(r["id"])] + [str(_plain(r[c]))[:40] for c in shown if _plain(r[c]) is not None]
        )
        for _, r in rows.iloc[::-1].iterrows()  # newest first: the one just saved leads
    }


def record_tab(record: str, account: str) -> None:
    """The account's records of one kind: table, add, edit or delete, and deleted ones back."""
    rows = ui.journal(journal.records, record, account)
    if rows.empty:
        st.info(f"No {label(record).lower()} recorded for this account yet.")
    else:
        # The columns that tell records apart first: a phone shows only the first few.
        order = ["id", *SUMMARY[record]]
        order += [c for c in rows.columns if c not in order and c != "account_id"]
        newest_first = rows[order].iloc[::-1]
        ui.table(newest_first, f"{record}_{account}", COLUMNS)
    with st.expander(f"Add to {label(record).lower()}"), st.form(f"{record}-add"):
        values = fields(record, defaults(record), f"{record}-add", people(account))
        if st.form_submit_button("Save", type="primary"):
            save(record, {"account_id": account, **values}, form=f"{record}-add-")
    if rows.empty:
        return
    with st.expander("Edit or delete"):
        options = _choice(rows, record)
        chosen = st.selectbox(
            "Record", list(options), format_func=lambda i: options[i], key=f"{record}-pick"
        )
        if chosen is None:
            return
        current = rows.set_index("id").loc[chosen].to_dict()
        with st.form(f"{record}-edit-{chosen}"):
            values = fields(record, current, f"{record}-edit-{chosen}", people(account, chosen))
            if st.form_submit_button("Save changes", type="primary"):
                save(record, values, chosen)
        if st.button("Delete this record", key=f"{record}-delete-{chosen}"):
            delete(record, chosen)
        if record == "contacts":
            erase_button(chosen)


def erase_button(contact_id: int) -> None:
    """Erase a contact for good, on the person's request: no undo, one audit line stays."""
    sure = st.checkbox(
        "The person asked to be forgotten: erase every trace, with no undo",
        key=f"erase-sure-{contact_id}",
    )
    if st.button("Erase for good", key=f"erase-{contact_id}", disabled=not sure):
        journal.erase(ui.db_path(), contact_id, who_name(), ui.visible_accounts())
        done(f"Erased contact {contact_id}; the history keeps only that it was erased.")


def defaults(record: str) -> dict[str, Any]:
    today = date.today()
    chosen: dict[str, dict[str, Any]] = {
        "visits": {"date": today, "visitor": who_name() if who_name() != ANONYMOUS else ""},
        "actions": {"due_date": today + timedelta(days=7), "status": "open"},
        "complaints": {"opened_date": today},
        "feedback": {"date": today},
        "account_plans": {"year": today.year},
        "contacts": {"active": True},
    }
    return chosen[record]


COLUMNS = (
    vocabulary.COMMON
    | {
        c.name: Shown(label(c.name), "day" if c.kind == "date" else "text")
        for t in RECORDS.values()
        for c in t.columns
        if c.name not in ("account_id", "sku")
    }
    | {
        "id": Shown("Id", "text"),
        "visit_id": Shown("Visit", "text"),
        "days_overdue": Shown("Days overdue", "int"),
        "days_open": Shown("Days open", "int"),
        "beyond_sla": Shown("Beyond SLA"),
        "complaints": Shown("Complaints", "int"),
        "resolved": Shown("Resolved", "int"),
        "open": Shown("Open", "int"),
        "median_days_to_resolve": Shown("Median days", "number"),
        "record_id": Shown("Record", "text"),
        "at": Shown("At"),
        "who": Shown("Who"),
        "record": Shown("Record kind"),
        "change": Shown("Change"),
        "old": Shown("Before"),
        "new": Shown("After"),
    }
)


def table(rows: pd.DataFrame, empty: str, name: str | None = None) -> None:
    """A journal table with its labels (downloadable when named), or `empty` in a caption."""
    if rows.empty:
        st.caption(empty)
    else:
        ui.table(rows, name, COLUMNS)


def account_journal(account: str) -> AccountJournal:
    """The account's journal as of today (not cached: a save shows on the next run)."""
    return ui.journal(journal.account_journal, account, date.today())


def brief_section(mine: AccountJournal, account: str) -> None:
    """The brief's journal: what is open, what was agreed, the next visit, and a visit form."""
    st.header("From the journal")
    flash()
    feedback = mine.latest_feedback
    score = "none" if feedback is None else f"{feedback['score']}/5"
    glance = {
        "Next planned visit": mine.next_visit,
        "Open next steps": len(mine.open_actions),
        "Open complaints": len(mine.open_complaints),
        "Latest feedback on our rep": score,
    }
    ui.table(
        pd.DataFrame([glance]),
        None,
        {"Next planned visit": Shown("Next planned visit", "day")},
        pinned=0,
    )
    st.subheader("Agreed at the last visit")
    table(mine.next_steps, "No next step was recorded at the last visit.")
    st.subheader("Open next steps")
    table(mine.open_actions, "No open next step.")
    st.subheader("Open complaints")
    table(mine.open_complaints, "No open complaint.")
    st.subheader("Last visits")
    table(mine.last_visits, "No visit recorded yet.")
    if feedback is not None:
        st.subheader("Latest feedback on our rep")
        table(feedback.drop(["id", "account_id"]).to_frame().T, "")
    record_visit_form(account)
    st.page_link("pages/journal.py", label="Edit or delete in the journal", icon=":material/east:")


def record_visit_form(account: str) -> None:
    """A visit and the next step agreed in it, saved together."""
    st.subheader("Record a visit")
    who()
    known = people(account)
    with st.form("brief-visit", clear_on_submit=False):
        visit = fields("visits", defaults("visits"), "brief-visit")
        met = st.multiselect(
            "Met", list(known), format_func=known.get, key="brief-visit-met", placeholder="Who"
        )
        st.markdown("**Next step agreed** (optional)")
        step_text = st.text_input("Next step", max_chars=limit("text"), key="brief-step-text")
        step_due = st.date_input(
            "Due",
            value=date.today() + timedelta(days=7),
            key="brief-step-due",
            format=ui.date_format(),
        )
        step_owner = st.text_input("Owner", max_chars=SHORT_TEXT, key="brief-step-owner")
        if not st.form_submit_button("Save visit", type="primary"):
            return
    step = {"text": step_text, "due_date": step_due, "owner": step_owner} if step_text else None
    try:
        visit_id, action_id = journal.record_visit(
            ui.db_path(), {"account_id": account, **visit}, step, who_name(), accounts(), met=met
        )
    except journal.JournalError as exc:
        st.error(ui.plain(f"Not saved: {exc}"))  # the message quotes what was typed
        return
    forget("brief-visit-", "brief-step-")
    extra = f" with next step {action_id}" if action_id else ""
    done(f"Saved visit {visit_id}{extra}.")


def plan_visit_form(account: str, today: date) -> None:
    """Plan a visit: a visit dated ahead, which My week lists and exports to the calendar."""
    with st.form(f"plan-{account}"):
        day = st.date_input(
            "Visit on", value=today + timedelta(days=1), min_value=today, format=ui.date_format()
        )
        kind = st.selectbox("Kind", VISIT_KINDS, key=f"plan-{account}-kind")
        if st.form_submit_button("Plan this visit"):
            save(
                "visits", {"account_id": account, "date": day, "kind": kind, "visitor": who_name()}
            )


PEOPLE_COLUMNS = {
    "name": Shown("Name"),
    "title": Shown("Title"),
    "role": Shown("Role"),
    "influence": Shown("Influence"),
    "relationship": Shown("Relationship"),
    "last_met": Shown("Last met", "day"),
    "days_since_met": Shown("Days since", "int"),
    "concerns": Shown("Concerns"),
}
GAP_COLUMNS = {
    "account_id": Shown("Account ID"),
    "sku": Shown("SKU"),
    "date": Shown("Seen off the shelf", "day"),
    "cause": Shown("Cause"),  # merchandising: stock is ample, the shelf is not filled; supply
    "risk": Shown("Stock risk"),
    "days_of_cover": Shown("Days of cover", "int"),
    "stockout_date": Shown("Runs out", "day"),
    "note": Shown("Note"),
}


def who_decides(mine: AccountPeople) -> None:
    """The brief's relationship map and the people behind it."""
    st.header("Who decides")
    if mine.problem:  # a file imported with a circle in reports_to: say so, draw nothing
        st.error(ui.plain(f"No relationship map: {mine.problem}. Fix it on the journal page."))
        return
    if mine.chart.empty:
        st.info("No contact recorded for this account: add them on the journal page.")
        return
    ui.chart(relationship_map(mine.chart))
    ui.table(mine.chart[list(PEOPLE_COLUMNS)], None, PEOPLE_COLUMNS)


def shelf_gaps(gaps: pd.DataFrame, empty: str) -> None:
    """Observed shelf gaps beside the projection: merchandising or supply."""
    st.subheader("Shelf gaps seen at store checks")
    if gaps.empty:
        st.caption(empty)
    else:
        ui.table(gaps[list(GAP_COLUMNS)], "shelf_gaps", GAP_COLUMNS, pinned=2)


CUT_COLUMNS = {
    "promo_id": Shown("Promotion"),
    "account_id": Shown("Account ID"),
    "sku": Shown("SKU"),
    "date": Shown("Seen", "day"),
    "when": Shown("When"),
    "competitor": Shown("Competitor"),
    "competitor_price": Shown("Their price", "price"),
    "shelf_price": Shown("Our shelf price", "price"),
    "cut": Shown("Below ours", "pct"),
}


def price_cuts(cuts: pd.DataFrame) -> None:
    """Competitor price cuts seen at store checks in the weeks around each promotion."""
    st.subheader("Competitor price cuts around promotions")
    st.caption(
        "Competitor prices at least 5% below our shelf price, seen at store checks from two "
        "weeks before a promotion to two weeks after it, on its SKU (any SKU for one on all)."
    )
    if cuts.empty:
        st.caption("No competitor price cut seen around these promotions.")
    else:
        ui.table(cuts, "competitor_price_cuts", CUT_COLUMNS)


def save_store_check(account: str, day: date, met: list[int], sheet: pd.DataFrame) -> None:
    """A store-check visit, who was met and one shelf observation per SKU, saved together."""
    visit = {"account_id": account, "date": day, "kind": "store check", "visitor": who_name()}
    try:
        visit_id, _ = journal.record_visit(
            ui.db_path(), visit, None, who_name(), accounts(), met=met, shelf=sheet
        )
    except journal.JournalError as exc:
        st.error(ui.plain(f"Not saved: {exc}"))  # the message quotes what was typed
        return
    forget(f"check-sheet-{account}", "check-met")
    gaps = int((~sheet["on_shelf"].astype(bool)).sum())
    done(f"Saved store check {visit_id}: {len(sheet)} SKUs, {gaps} off the shelf.")
