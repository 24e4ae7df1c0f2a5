"""How numbers and dates read, on the pages, on paper and on slides: one vocabulary."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str  # already formatted, as the page shows it
    change: str | None = None  # e.g. "+12.3% vs LY"
    good: bool | None = None  # colours the change: True green, False red, None grey


def money(value: float | None) -> str:
    """A money amount for a KPI: 1,234,567 -> '1.23M'; 45,000 -> '45.00k'; None/NaN -> '–'."""
    if value is None or pd.isna(value):
        return "–"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:,.2f}{suffix}"
    return f"{value:,.0f}"


def change(value: float | None) -> str:
    """A growth fraction as a signed percentage: 0.123 -> '+12.3%'; None/NaN -> 'n/a'."""
    if value is None or pd.isna(value) or math.isinf(value):
        return "n/a"
    return f"{value:+.1%}"


def freshness(last_sale: date | None) -> str:
    """How fresh the data is, stamped on charts and exports: 'data to 31 Oct 2026'."""
    return f"data to {last_sale:%d %b %Y}" if last_sale else "no sales data yet"
