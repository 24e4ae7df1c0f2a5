"""The brief's view of the account's people: the chart of those still there, with the last
meeting of each, and the talking points; an org chart that goes round in a circle is named,
not drawn (a file imported with such a reports_to)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kam_core.relationships import org_chart, talking_points
from kam_core.relationships.coverage import last_meetings
from kam_core.visits.talking_points import TalkingPoint


@dataclass(frozen=True)
class AccountPeople:
    chart: pd.DataFrame  # org_chart.layout of the active contacts with last_met, days_since_met
    points: list[TalkingPoint] = field(default_factory=list)
    problem: str | None = None  # why there is no chart: reports_to goes round in a circle


def account_people(contacts: pd.DataFrame, meetings: pd.DataFrame, as_of: date) -> AccountPeople:
    """One account's people (`contacts`, `meetings`: contact_id, date) as of `as_of`."""
    active = contacts[contacts["active"].fillna(True).astype(bool)]
    seen = last_meetings(active, meetings, as_of)
    points = talking_points.points(contacts, meetings, as_of)
    try:
        return AccountPeople(org_chart.layout(seen), points)
    except org_chart.CycleError as exc:
        return AccountPeople(seen.iloc[:0], points, str(exc))
