"""Programme periods (calendar years and quarters), last year's twin, and run-rate projection."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    kind: str  # 'year' | 'quarter'
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def label(self) -> str:
        """'2025' for a year, '2025-Q3' for a quarter."""
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_days(self, as_of: date) -> int:
        """Days of the period up to and including `as_of` (0 before it starts, all after it)."""
        return min(max((as_of - self.start).days + 1, 0), self.days)

    def last_year(self) -> Period:
        """The same period one year earlier."""
        return period_containing(self.kind, self.start.replace(year=self.start.year - 1))


def period_containing(kind: str, day: date) -> Period:
    """The calendar year or quarter that contains `day`."""
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
    if kind != "quarter":
        raise ValueError(f"unknown period {kind!r}; choose year or quarter")
    first_month = (day.month - 1) // 3 * 3 + 1
    last_month = first_month + 2
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(kind, date(day.year, first_month, 1), date(day.year, last_month, last_day))


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """Every period of `kind` that overlaps first..last, latest first (for a period choice)."""
    found = [period_containing(kind, last)]
    while found[-1].start > first:
        found.append(period_containing(kind, found[-1].start - timedelta(days=1)))
    return found


def run_rate(to_date: float, period: Period, as_of: date) -> float:
    """Project a period-to-date amount to the whole period at its average daily rate so far."""
    elapsed = period.elapsed_days(as_of)
    return to_date * period.days / elapsed if elapsed else 0.0


def seasonal_run_rate(to_date: float, period: Period, as_of: date, share: float | None) -> float:
    """Project a period-to-date amount to the whole period on `share`, the part of the period's
    revenue that normally falls by `as_of` (kam_core.accounts.targets.period_share); at the daily
    rate so far when no share is known or it is 0."""
    if share is None or not share > 0:  # NaN too
        return run_rate(to_date, period, as_of)
    return to_date / share
