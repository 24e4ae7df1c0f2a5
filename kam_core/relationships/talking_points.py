"""The brief's talking points on the account's people: each a stated rule that fired.

"Key people" are the active decision makers and the contacts of high influence. Dates are
calendar days as of the brief's day.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.data import formats
from kam_core.relationships.coverage import COVERAGE_DAYS, DECISION_MAKER, last_meetings
from kam_core.visits.talking_points import TalkingPoint

TOPIC = "Relationships"
NOT_MET_POINTS = 3  # name at most three people never met: a visit has time for a few


def _said(value: object) -> str:
    """A contact's text field, or '' when it is missing (None or NaN, as pandas may hold it)."""
    return value if isinstance(value, str) else ""


def _who(contact: pd.Series) -> str:
    return f"{contact['name']} ({_said(contact['title']) or _said(contact['role']) or 'no role'})"


def points(contacts: pd.DataFrame, meetings: pd.DataFrame, as_of: date) -> list[TalkingPoint]:
    """Decision makers not met lately, strength with the buyer only, key people never met;
    `contacts` and `meetings` (contact_id, date) are one account's."""
    active = contacts[contacts["active"].fillna(True).astype(bool)]
    if active.empty:
        return []
    seen = last_meetings(active, meetings, as_of)
    return [*_decision_makers(seen), *_buyer_only(seen), *_never_met(seen)]


def _decision_makers(seen: pd.DataFrame) -> list[TalkingPoint]:
    deciders = seen[seen["role"] == DECISION_MAKER]
    rule = f"No active decision maker met in the {COVERAGE_DAYS} days to today."
    if deciders.empty:
        return [TalkingPoint(TOPIC, "No decision maker on record for this account.", rule)]
    since = deciders["days_since_met"].min()
    if pd.notna(since) and since <= COVERAGE_DAYS:
        return []
    if pd.isna(since):
        text = f"No decision maker has been met yet ({len(deciders)} on record)."
        return [TalkingPoint(TOPIC, text, rule, {"decision_makers": len(deciders)})]
    last = deciders["last_met"].max()
    text = f"No decision maker met in {int(since)} days (last on {formats.day(last)})."
    return [TalkingPoint(TOPIC, text, rule, {"days_since": int(since), "last_met": last.date()})]


def _buyer_only(seen: pd.DataFrame) -> list[TalkingPoint]:
    strong = seen[seen["relationship"] == "strong"]
    others = seen[seen["role"].isin([DECISION_MAKER, "influencer"])]
    if strong.empty or not (strong["role"] == "buyer").all() or others.empty:
        return []
    weaker = ", ".join(
        f"{_who(c)} {_said(c['relationship']) or 'unknown'}" for _, c in others.iterrows()
    )
    return [
        TalkingPoint(
            TOPIC,
            f"Strong with the buyer only: {', '.join(_who(c) for _, c in strong.iterrows())}; "
            f"{weaker}.",
            "Every strong relationship is with a buyer while the account has decision makers "
            "or influencers.",
        )
    ]


def _never_met(seen: pd.DataFrame) -> list[TalkingPoint]:
    key = seen[(seen["role"] == DECISION_MAKER) | (seen["influence"] == "high")]
    never = key[key["last_met"].isna()].sort_values("id", ascending=False)  # the newest first
    return [
        TalkingPoint(
            TOPIC,
            f"{_who(c)} has not been met.",
            "A decision maker or a contact of high influence with no visit recording them as met.",
        )
        for _, c in never.iloc[:NOT_MET_POINTS].iterrows()
    ]
