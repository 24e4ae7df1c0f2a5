"""Is the data fit to use? Findings from the database's facts: errors break the contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

STALE_SALES_DAYS = 35  # a monthly export arrives within about five weeks
STALE_INVENTORY_DAYS = 14  # snapshots are weekly; two missed weeks is worth saying
GAP_FACTOR = 1.5  # a spacing this many times the usual one between snapshots is a gap


@dataclass(frozen=True)
class Facts:
    tables: pd.DataFrame  # table, rows, first_date, last_date (dates None when no date column)
    inventory_dates: tuple[date, ...] = ()
    negative_stock: int = 0  # inventory rows with on_hand < 0
    negative_examples: tuple[str, ...] = ()  # 'account / sku'
    without_inventory: int = 0  # accounts with sales but no inventory snapshot
    without_examples: tuple[str, ...] = ()
    orphans: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # table, column, refers_to, rows, example
    # (lines, quantity, revenue) in `sales` and as the derived sales_weekly adds them up
    sales_totals: tuple[int, float, float] | None = None
    weekly_totals: tuple[int, float, float] | None = None


@dataclass(frozen=True)
class Finding:
    level: str  # 'error' (the contract is broken) | 'warning'
    topic: str  # 'freshness' | 'inventory' | 'references'
    message: str

    def __str__(self) -> str:
        return f"{self.level.upper()} {self.topic}: {self.message}"


def days_since(last: date | None, today: date) -> int | None:
    """Whole days from `last` to `today`; None when there is no date."""
    return None if last is None or pd.isna(last) else (today - last).days


def snapshot_gaps(dates: Sequence[date]) -> list[tuple[date, date]]:
    """(before, after) snapshot dates further apart than GAP_FACTOR times the usual spacing."""
    ordered = sorted(dates)
    steps = [(b - a).days for a, b in zip(ordered, ordered[1:], strict=False)]
    if not steps:
        return []
    usual = sorted(steps)[len(steps) // 2]
    return [
        (a, b)
        for a, b, s in zip(ordered, ordered[1:], steps, strict=False)
        if s > GAP_FACTOR * usual
    ]


def _last(facts: Facts, table: str) -> date | None:
    found = facts.tables.loc[facts.tables["table"] == table, "last_date"]
    return None if found.empty or pd.isna(found.iloc[0]) else found.iloc[0]


def _freshness(facts: Facts, today: date) -> list[Finding]:
    found = []
    for table, limit in (("sales", STALE_SALES_DAYS), ("inventory", STALE_INVENTORY_DAYS)):
        age = days_since(_last(facts, table), today)
        if age is None:
            found.append(Finding("warning", "freshness", f"no {table} yet: import them"))
        elif age < 0:
            found.append(
                Finding(
                    "error",
                    "freshness",
                    f"the last {table} date {_last(facts, table)} is after today ({today}): "
                    "dates of things that happened cannot be; correct and re-import them",
                )
            )
        elif age > limit:
            found.append(
                Finding(
                    "warning",
                    "freshness",
                    f"the last {table} date is {age} days old "
                    f"({_last(facts, table)}); import newer data",
                )
            )
    return found


def _derived(facts: Facts) -> list[Finding]:
    """An error when sales_weekly does not add up to `sales` (the file was changed by hand)."""
    if facts.sales_totals is None or facts.weekly_totals is None:
        return []
    names = ("lines", "quantity", "revenue")
    differ = [
        f"{name} {weekly:,.2f} vs {sales:,.2f}"
        for name, weekly, sales in zip(names, facts.weekly_totals, facts.sales_totals, strict=True)
        if abs(weekly - sales) > 1e-9 * max(1.0, abs(sales))
    ]
    if not differ:
        return []
    message = (
        f"sales_weekly disagrees with sales ({'; '.join(differ)}); rebuild it with "
        "`python -m kam_core refresh --db PATH`"
    )
    return [Finding("error", "derived", message)]


def report(facts: Facts, today: date) -> list[Finding]:
    """Every finding, errors first: broken references, then stale data and stock problems."""
    found = [
        Finding(
            "error",
            "references",
            f"{o.rows:,} {o.table} rows name a {o.column} missing "
            f"from {o.refers_to} (first: {o.example!r})",
        )
        for o in facts.orphans.itertuples()
    ]
    found += _derived(facts)
    found += _freshness(facts, today)
    found += [
        Finding("warning", "inventory", f"no snapshot between {a} and {b}")
        for a, b in snapshot_gaps(facts.inventory_dates)
    ]
    if facts.negative_stock:
        found.append(
            Finding(
                "warning",
                "inventory",
                f"{facts.negative_stock:,} snapshot rows with "
                f"negative on_hand (e.g. {', '.join(facts.negative_examples)})",
            )
        )
    if facts.without_inventory and _last(facts, "inventory") is not None:
        found.append(
            Finding(
                "warning",
                "inventory",
                f"{facts.without_inventory:,} accounts with sales "
                f"but no inventory snapshot (e.g. {', '.join(facts.without_examples)})",
            )
        )
    return found


def broken(findings: Sequence[Finding]) -> bool:
    """Whether the contract is broken (any error); warnings alone are not."""
    return any(f.level == "error" for f in findings)


def freshness(facts: Facts, today: date) -> str:
    """'sales up to 2026-10-31 (23 days ago); inventory up to …' for a one-line status."""
    parts = []
    for table in ("sales", "inventory"):
        last = _last(facts, table)
        parts.append(
            f"{table}: none yet"
            if last is None
            else f"{table} up to {last} ({_age(days_since(last, today))})"
        )
    return "; ".join(parts)


def _age(days: int | None) -> str:
    return "after today" if days is not None and days < 0 else f"{days} days ago"


def verdict(findings: Sequence[Finding]) -> str:
    """'Contract OK (2 warnings)' or 'Contract BROKEN (1 error, 2 warnings)'."""
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    state = "BROKEN" if errors else "OK"
    counts = ([f"{errors} error(s)"] if errors else []) + [f"{warnings} warning(s)"]
    return f"Contract {state} ({', '.join(counts)})"


# What each table holds, in the words an empty page uses ("No rebate tiers yet").
TABLE_WORDS = {
    "accounts": "accounts",
    "products": "products",
    "sales": "sales",
    "inventory": "inventory snapshots",
    "supply": "warehouse supply",
    "promotions": "promotions",
    "rebate_programs": "rebate programmes",
    "rebate_tiers": "rebate tiers",
    "rebate_enrolments": "rebate enrolments",
    "events": "events",
    "visits": "visits",
}


def _listed(items: Sequence[str], last: str) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return f" {last} ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def missing_tables(rows: Mapping[str, int], needed: Sequence[str]) -> str | None:
    """The sentence an empty page shows, naming exactly the tables among `needed` that have no
    rows (`rows`: table -> row count); None when every needed table has rows."""
    empty = [t for t in needed if not rows.get(t)]
    if not empty:
        return None
    words = _listed([TABLE_WORDS.get(t, t) for t in empty], "or")
    names = _listed(empty, "and")
    table = "table is" if len(empty) == 1 else "tables are"
    them = "it" if len(empty) == 1 else "them"
    return f"No {words} yet (the {names} {table} empty): import {them} on the Data page."
