"""The context line every page, PDF and slide carries: the period, the filters in force and how
fresh the data is, so no figure is read without knowing what it covers and how old it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kam_core.data.filters import Filters

STALE_DAYS = 7  # sales older than a week are worth a warning before anyone presents them
SEPARATOR = " · "


@dataclass(frozen=True)
class Context:
    period: str  # "1 Jan 2026 – 31 Oct 2026"
    filters: str  # "All accounts" or "Regions: North, South · Channels: Retail"
    freshness: str  # "last sale 31 Oct 2026, 37 days ago"
    stale: bool  # True past STALE_DAYS, with no sales, or a last sale after today

    @property
    def text(self) -> str:
        """The whole line, as stamped on PDFs and slides."""
        return SEPARATOR.join((self.period, self.filters, self.freshness))


def day(value: date) -> str:
    """A date as people write it: 5 Nov 2026 (no leading zero)."""
    return f"{value.day} {value:%b %Y}"


def context(f: Filters, last_sale: date | None, today: date) -> Context:
    """The context line of `f` on data whose last sale is `last_sale`, seen on `today`."""
    chosen = [
        f"{label}: {', '.join(values)}"
        for label, values in (
            ("Regions" if len(f.regions) > 1 else "Region", f.regions),
            ("Channels" if len(f.channels) > 1 else "Channel", f.channels),
            ("Managers" if len(f.managers) > 1 else "Manager", f.managers),
        )
        if values
    ]
    return Context(
        period=f"{day(f.start)} – {day(f.end)}",
        filters=SEPARATOR.join(chosen) or "All accounts",
        freshness=_freshness(last_sale, today),
        stale=last_sale is None or not 0 <= (today - last_sale).days <= STALE_DAYS,
    )


def _freshness(last_sale: date | None, today: date) -> str:
    if last_sale is None:
        return "no sales yet"
    age = (today - last_sale).days
    if age < 0:
        return f"last sale {day(last_sale)}, after today: check the dates imported"
    ago = {0: "today", 1: "yesterday"}.get(age, f"{age} days ago")
    return f"last sale {day(last_sale)}, {ago}"
