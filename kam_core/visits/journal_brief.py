"""What the brief, its PDF and the deck say from the journal about one account, as of a day.

Open means not done or dropped (actions) and not resolved (complaints) on the day; the next
planned visit is the earliest visit dated after the day or next_visit_date set at a visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kam_core.data import formats
from kam_core.visits.journal import open_complaints

LAST_VISITS = 5


@dataclass(frozen=True)
class AccountJournal:
    """The account's journal as the brief shows it (frames keep the journal's column names)."""

    last_visits: (
        pd.DataFrame
    )  # id, date, kind, visitor, notes: the latest LAST_VISITS, newest first
    next_steps: pd.DataFrame  # the actions agreed at the last visit, whatever their status
    open_actions: pd.DataFrame  # id, text, due_date, owner, days_overdue (negative: days left)
    open_complaints: pd.DataFrame  # id, opened_date, category, description, days_open, beyond_sla
    next_visit: date | None
    latest_feedback: pd.Series | None  # date, score, about, comment

    @property
    def visits_for_points(self) -> pd.DataFrame:
        """date, visitor, note: the shape of the brief's visits, for the talking points."""
        return self.last_visits.rename(columns={"notes": "note"})[["date", "visitor", "note"]]


def account_journal(
    visits: pd.DataFrame,
    actions: pd.DataFrame,
    complaints: pd.DataFrame,
    feedback: pd.DataFrame,
    today: date,
    sla_days: int,
) -> AccountJournal:
    """The journal of one account (each frame already that account's records) on `today`."""
    day = pd.Timestamp(today)
    past = visits[visits["date"] <= day].sort_values(["date", "id"], ascending=False)
    last = past.iloc[:LAST_VISITS][["id", "date", "kind", "visitor", "notes"]]
    planned = list(visits.loc[visits["date"] > day, "date"])
    if not past.empty and pd.notna(past["next_visit_date"].iloc[0]):
        planned.append(past["next_visit_date"].iloc[0])
    upcoming = [d for d in planned if d > day]
    steps = actions[actions["visit_id"] == last["id"].iloc[0]] if not last.empty else actions[:0]
    still = actions[actions["status"] == "open"].sort_values("due_date")
    opened = open_complaints(complaints, today, sla_days)
    latest = feedback[feedback["date"] <= day].sort_values(["date", "id"])
    return AccountJournal(
        last_visits=last.reset_index(drop=True),
        next_steps=steps[["id", "text", "due_date", "owner", "status"]].reset_index(drop=True),
        open_actions=still.assign(days_overdue=(day - still["due_date"]).dt.days)[
            ["id", "text", "due_date", "owner", "days_overdue"]
        ].reset_index(drop=True),
        open_complaints=opened[
            ["id", "opened_date", "category", "severity", "description", "days_open", "beyond_sla"]
        ].reset_index(drop=True),
        next_visit=min(upcoming).date() if upcoming else None,
        latest_feedback=None if latest.empty else latest.iloc[-1],
    )


def _day(value: object) -> str:
    return formats.day(value)  # type: ignore[arg-type]


def summary_lines(journal: AccountJournal) -> list[str]:
    """The journal in a few sentences, for the PDF and the deck: next visit, what the last visit
    agreed, open steps and complaints (the most pressing named), the latest feedback on our rep."""
    lines = [f"Next planned visit: {_day(journal.next_visit) if journal.next_visit else 'none'}."]
    agreed = journal.next_steps
    if not agreed.empty:
        said = "; ".join(
            f"'{t}' ({s})" for t, s in zip(agreed["text"], agreed["status"], strict=True)
        )
        lines.append(f"Agreed at the last visit: {said}.")
    steps = journal.open_actions
    if not steps.empty:
        first = steps.iloc[0]
        late = " (overdue)" if first["days_overdue"] > 0 else ""
        lines.append(
            f"Open next steps: {len(steps)}; first '{first['text']}' due "
            f"{_day(first['due_date'])}{late}."
        )
    complaints = journal.open_complaints
    if not complaints.empty:
        beyond = int(complaints["beyond_sla"].sum())
        lines.append(
            f"Open complaints: {len(complaints)} ({beyond} beyond the SLA); oldest "
            f"{complaints.iloc[0]['category']}, open {complaints.iloc[0]['days_open']} days."
        )
    feedback = journal.latest_feedback
    if feedback is not None:
        about = f" on {feedback['about']}" if isinstance(feedback["about"], str) else ""
        lines.append(
            f"Latest feedback on our rep: {feedback['score']}/5{about} ({_day(feedback['date'])})."
        )
    return lines
