"""What the brief says from the journal: open items, the last visit's steps, the next visit."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.visits.journal_brief import account_journal, summary_lines

TODAY = date(2026, 12, 7)


def _dates(*days: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(days)))


VISITS = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "date": _dates("2026-10-01", "2026-11-20", "2026-12-15"),  # the last one is planned
        "kind": ["store check", "business review", None],
        "visitor": "Ana",
        "notes": ["a", "b", None],
        "next_visit_date": _dates("2026-11-15", "2027-01-10", None),
    }
)
ACTIONS = pd.DataFrame(
    {
        "id": [10, 11, 12],
        "text": ["old step", "send prices", "book training"],
        "due_date": _dates("2026-10-10", "2026-12-01", "2026-12-20"),
        "owner": "Ana",
        "visit_id": pd.array([1, 2, 2], dtype="Int64"),
        "status": ["done", "open", "open"],
    }
)
COMPLAINTS = pd.DataFrame(
    {
        "id": [20],
        "opened_date": _dates("2026-11-01"),
        "category": ["delivery"],
        "severity": ["high"],
        "description": ["late"],
        "resolved_date": _dates(None),
    }
)
FEEDBACK = pd.DataFrame(
    {
        "id": [30, 31],
        "date": _dates("2026-06-01", "2026-11-01"),
        "score": [3, 4],
        "about": ["follow-up", None],
        "comment": [None, None],
    }
)


def test_the_brief_reads_what_is_open_and_what_the_last_visit_agreed():
    mine = account_journal(VISITS, ACTIONS, COMPLAINTS, FEEDBACK, TODAY, sla_days=14)

    assert list(mine.last_visits["id"]) == [2, 1]  # the planned visit is not a last visit
    assert list(mine.next_steps["text"]) == ["send prices", "book training"]
    assert mine.open_actions[["text", "days_overdue"]].values.tolist() == [
        ["send prices", 6],
        ["book training", -13],
    ]
    assert mine.open_complaints.iloc[0]["days_open"] == 36
    assert mine.open_complaints.iloc[0]["beyond_sla"]
    assert mine.next_visit == date(2026, 12, 15)  # before the last visit's next_visit_date
    assert mine.latest_feedback is not None and mine.latest_feedback["score"] == 4


def test_the_summary_names_the_most_pressing_items():
    mine = account_journal(VISITS, ACTIONS, COMPLAINTS, FEEDBACK, TODAY, sla_days=14)

    lines = summary_lines(mine)

    assert lines == [
        "Next planned visit: 15 Dec 2026.",
        "Agreed at the last visit: 'send prices' (open); 'book training' (open).",
        "Open next steps: 2; first 'send prices' due 1 Dec 2026 (overdue).",
        "Open complaints: 1 (1 beyond the SLA); oldest delivery, open 36 days.",
        "Latest feedback on our rep: 4/5 (1 Nov 2026).",
    ]


def test_an_account_with_no_journal_has_nothing_open_and_no_next_visit():
    nothing = account_journal(VISITS[:0], ACTIONS[:0], COMPLAINTS[:0], FEEDBACK[:0], TODAY, 14)

    assert nothing.next_visit is None and nothing.latest_feedback is None
    assert nothing.open_actions.empty and nothing.next_steps.empty
    assert summary_lines(nothing) == ["Next planned visit: none."]
