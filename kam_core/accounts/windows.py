"""Which days a comparison covers: same period last year, year to date, rolling windows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any


def years_before(day: date, years: int = 1) -> date:
    """The same calendar day `years` earlier; 29 February becomes 28 February."""
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Windows:
    """The comparison windows around a chosen period; `end` is the as-of date.

    Twelve-month and three-month windows run from the day AFTER the same calendar day one year
    (three months) before up to and including the as-of date; last year's windows are the same
    days one year earlier.
    """

    start: date
    end: date

    def params(self) -> dict[str, Any]:
        """Query parameters: period and last year's period (inclusive); windows as (after, end]."""
        end_ly, end_ly2 = years_before(self.end), years_before(self.end, 2)
        m3 = months_before(self.end, 3)
        return {
            "start": self.start,
            "end": self.end,
            "start_ly": years_before(self.start),
            "end_ly": end_ly,
            "ytd_start": date(self.end.year, 1, 1),
            "ytd_start_ly": date(self.end.year - 1, 1, 1),
            "m12_after": end_ly,
            "m12_after_ly": end_ly2,
            "m12_after_ly2": years_before(self.end, 3),
            "end_ly2": end_ly2,
            "m3_after": m3,
            "m3_after_ly": years_before(m3),
        }
