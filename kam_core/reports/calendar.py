"""Planned visits as an iCalendar (.ics) file that Outlook, Google and Apple calendars import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pandas as pd

PRODUCT = "-//KAM Dashboard//Planned visits//EN"


def visits_ics(planned: pd.DataFrame, stamp: datetime | None = None) -> bytes:
    """One all-day event per planned visit (id, account_id, name, date, kind, notes).

    Each event's UID is the journal's visit id, so importing the file again updates the events
    instead of doubling them. The library escapes and folds the user's text (RFC 5545).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    stamp = stamp or datetime.now(UTC)
    for visit in planned.itertuples():
        event = icalendar.Event()
        day = pd.Timestamp(visit.date).date()
        kind = visit.kind if isinstance(visit.kind, str) else "visit"
        event.add("uid", f"visit-{visit.id}@kam-dashboard")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{visit.name} ({visit.account_id}): {kind}")
        if isinstance(visit.notes, str) and visit.notes:
            event.add("description", visit.notes)
        calendar.add_component(event)
    return calendar.to_ical()
