"""Delivery reliability from counts of judged order lines: on-time, in-full, OTIF and fill rates
(fractions, 0.95 = 95%), days late, the worst accounts and weeks, and the peak season's effect.

The store judges each line as of a date (kam_core.store.service, docs/methods-service.md): a
line counts once it is delivered or its promised day has passed; it is on time when delivered on
or before the promised date, in full when the units delivered reach the units ordered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

# Counts per group the store delivers (kam_core.store.service.DELIVERY_COUNTS): lines judged,
# lines on time / in full / both, units ordered and delivered, late lines and their summed days.
COUNTS = ["lines", "on_time", "in_full", "otif", "ordered", "delivered", "late", "days_late"]
RATES = ["on_time_rate", "in_full_rate", "otif_rate", "fill_rate", "avg_days_late"]
TYPHOON_SEASON = (7, 8, 9)  # July to September: the default peak for deliveries
MIN_LINES = 20  # fewer judged lines than this say too little to call an account or week worst


def rates(counts: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Lines and RATES per group of `by` (none: one row for everything) from COUNTS rows.

    fill_rate = units delivered / units ordered; avg_days_late is over the late lines only
    (NaN when none was late); a rate is NaN for a group with no lines (no units for fill_rate).
    """
    if by:
        sums = counts.groupby(list(by), as_index=False)[COUNTS].sum()
    else:
        sums = counts[COUNTS].sum().to_frame().T
    lines = sums["lines"].where(sums["lines"] > 0)
    return sums.assign(
        on_time_rate=sums["on_time"] / lines,
        in_full_rate=sums["in_full"] / lines,
        otif_rate=sums["otif"] / lines,
        fill_rate=sums["delivered"] / sums["ordered"].where(sums["ordered"] > 0),
        avg_days_late=sums["days_late"] / sums["late"].where(sums["late"] > 0),
    )[[*by, "lines", *RATES]]


def worst(table: pd.DataFrame, n: int = 10, min_lines: int = MIN_LINES) -> pd.DataFrame:
    """The `n` rows of a rates table with the lowest OTIF among those with >= `min_lines` lines;
    ties go to the row with more lines (more orders let down)."""
    judged = table[table["lines"] >= min_lines]
    return judged.sort_values(["otif_rate", "lines"], ascending=[True, False]).head(n)


@dataclass(frozen=True)
class PeakEffect:
    peak_otif: float | None  # OTIF of the lines promised in the peak months (fraction)
    other_otif: float | None  # OTIF of the lines promised in the other months
    peak_lines: int
    other_lines: int

    @property
    def points(self) -> float | None:
        """Peak OTIF minus the rest of the year's, in percentage points (-12 = 12 points worse)."""
        if self.peak_otif is None or self.other_otif is None:
            return None
        return (self.peak_otif - self.other_otif) * 100


def peak_effect(monthly: pd.DataFrame, peak_months: Sequence[int] = TYPHOON_SEASON) -> PeakEffect:
    """OTIF inside against outside the peak months, from COUNTS rows with a `month` column."""
    in_peak = pd.to_datetime(monthly["month"]).dt.month.isin(list(peak_months))
    peak, other = (rates(monthly[part]).iloc[0] for part in (in_peak, ~in_peak))

    def otif(row: pd.Series) -> float | None:
        return None if pd.isna(row["otif_rate"]) else float(row["otif_rate"])

    return PeakEffect(otif(peak), otif(other), int(peak["lines"]), int(other["lines"]))
