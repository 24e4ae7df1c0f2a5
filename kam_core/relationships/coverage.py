"""Relationship coverage: which contacts were met when, and whether a decision maker was met.

Only active contacts count (one who left the account is kept for the record, not for coverage).
A meeting is a visit on or before the as-of date that recorded the contact as met. An account is
covered when at least one active decision maker was met in the COVERAGE_DAYS to the as-of date:
met exactly 90 days before counts, 91 days before does not.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

COVERAGE_DAYS = 90
DECISION_MAKER = "decision maker"
COLUMNS = [
    "account_id",
    "contacts",
    "decision_makers",
    "decision_makers_met_90d",
    "last_decision_maker_meeting",
    "covered",
]


def last_meetings(contacts: pd.DataFrame, meetings: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """`contacts` with last_met (datetime or NaT) and days_since_met (<NA> if never) as of
    `as_of`; `meetings` holds contact_id and date, one row per contact met at a visit."""
    day = pd.Timestamp(as_of)
    dates = pd.to_datetime(meetings["date"])
    past = meetings.assign(date=dates)[dates <= day]
    last = dict(past.groupby("contact_id")["date"].max())
    met = pd.to_datetime(pd.Series([last.get(i) for i in contacts["id"]], index=contacts.index))
    met = met.astype("datetime64[us]")
    return contacts.assign(last_met=met, days_since_met=(day - met).dt.days.astype("Int64"))


def coverage(
    accounts: pd.Series, contacts: pd.DataFrame, meetings: pd.DataFrame, as_of: date
) -> pd.DataFrame:
    """COLUMNS for each account of `accounts` (ids): active contacts, active decision makers,
    those met in the COVERAGE_DAYS to `as_of`, the last meeting with one, covered."""
    seen = last_meetings(contacts[contacts["active"].fillna(True).astype(bool)], meetings, as_of)
    deciders = seen[seen["role"] == DECISION_MAKER]
    recent = deciders["days_since_met"] <= COVERAGE_DAYS
    per = pd.DataFrame({"account_id": pd.Series(accounts, dtype="object").unique()})
    counts = {
        "contacts": seen.groupby("account_id").size(),
        "decision_makers": deciders.groupby("account_id").size(),
        "decision_makers_met_90d": deciders[recent.fillna(False)].groupby("account_id").size(),
    }
    for name, by_account in counts.items():
        per[name] = per["account_id"].map(by_account).fillna(0).astype(int)
    last = dict(deciders.groupby("account_id")["last_met"].max())
    met = pd.to_datetime(pd.Series([last.get(a) for a in per["account_id"]], dtype="object"))
    per["last_decision_maker_meeting"] = met.astype("datetime64[us]")
    return per.assign(covered=per["decision_makers_met_90d"] > 0)[COLUMNS]
