"""Contacts' birthdays ahead: a reason to call, joined to the account's events in My week.

A birthday on 29 February falls on 28 February in a year without one. "In the next 14 days"
runs from today to 14 days ahead, both included, across New Year.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

BIRTHDAY_DAYS = 14


def next_birthday(birthday: date, today: date) -> date:
    """The first birthday on or after `today` (29 Feb on 28 Feb outside leap years)."""
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:  # 29 February in a year without one
            day = date(year, 2, 28)
        if day >= today:
            return day
    raise AssertionError("a birthday comes within a year")  # pragma: no cover


def birthdays_ahead(contacts: pd.DataFrame, today: date, days: int = BIRTHDAY_DAYS) -> pd.DataFrame:
    """account_id, date, kind, note: the active contacts' birthdays from `today` to `days`
    ahead, in the shape of the account events (note: the contact's name and title)."""
    known = contacts[contacts["birthday"].notna() & contacts["active"].fillna(True).astype(bool)]
    rows = []
    for c in known.itertuples():
        when = next_birthday(pd.Timestamp(c.birthday).date(), today)
        if when <= today + timedelta(days=days):
            title = f", {c.title}" if isinstance(c.title, str) and c.title else ""
            rows.append((c.account_id, pd.Timestamp(when), "birthday", f"{c.name}{title}"))
    return pd.DataFrame(rows, columns=["account_id", "date", "kind", "note"])
