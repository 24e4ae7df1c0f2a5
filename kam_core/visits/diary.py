"""Talking points from the diary: events and promotions coming up, and the time since a visit.

Dates are calendar days; the as-of date is the last day of the brief's period.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.visits.talking_points import TalkingPoint, day

EVENT_HORIZON_DAYS = 60
VISIT_GAP_DAYS = 60  # longer than this since the last visit is worth saying


def upcoming_events(
    events: pd.DataFrame, as_of: date, horizon_days: int = EVENT_HORIZON_DAYS
) -> list[TalkingPoint]:
    """Events (date, kind, note) after `as_of` and within `horizon_days`: occasions to mark."""
    points = []
    for row in events.sort_values("date").itertuples():
        when = pd.Timestamp(row.date).date()
        days = (when - as_of).days
        if not 0 < days <= horizon_days:
            continue
        note = f": {row.note}" if isinstance(row.note, str) and row.note else ""
        points.append(
            TalkingPoint(
                "Diary",
                f"{row.kind} on {day(when)} (in {days} days){note}.",
                f"An event within the next {horizon_days} days.",
                {"date": when, "kind": row.kind, "days_away": days},
            )
        )
    return points


def planned_promotions(promotions: pd.DataFrame, as_of: date) -> list[TalkingPoint]:
    """Promotions (promo_id, kind, sku, start_date, discount_pct) starting after `as_of`."""
    points = []
    for row in promotions.sort_values("start_date").itertuples():
        start = pd.Timestamp(row.start_date).date()
        if start <= as_of:
            continue
        what = row.sku if isinstance(row.sku, str) else "the whole range"
        off = f"{row.discount_pct:.0%} off " if pd.notna(row.discount_pct) else ""
        points.append(
            TalkingPoint(
                "Promotions",
                f"{row.kind} promotion {row.promo_id} ({off}{what}) starts {day(start)}.",
                "A promotion agreed with the account starts after the as-of date.",
                {"promo_id": row.promo_id, "start_date": start, "discount_pct": row.discount_pct},
            )
        )
    return points


def visit_gap(
    visits: pd.DataFrame, as_of: date, max_days: int = VISIT_GAP_DAYS
) -> list[TalkingPoint]:
    """When the last visit (visits.date) is more than `max_days` before `as_of`, or none exists."""
    rule = f"No visit in the last {max_days} days."
    past = pd.to_datetime(visits["date"]).dt.date
    past = past[past <= as_of]
    if past.empty:
        return [TalkingPoint("Diary", "No visit on record.", rule, {"last_visit": None})]
    last = max(past)
    days = (as_of - last).days
    if days <= max_days:
        return []
    return [
        TalkingPoint(
            "Diary",
            f"Last visit {days} days ago ({day(last)} {last.year}).",
            rule,
            {"last_visit": last, "days_since": days},
        )
    ]
