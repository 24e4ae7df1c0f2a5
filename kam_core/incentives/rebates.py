"""Rebate programmes and the rules that turn an account's basis into a payout.

Conventions: a programme's basis is revenue (money) or quantity (units) in its period. Tiers are
stated in the basis (revenue or units), except for growth programmes, whose thresholds are growth
fractions against the same period last year (0.15 = 15% growth). The payout is always money:
rates are paid on revenue. For a quantity programme the tiers and bands are counted in units and
each unit is worth the account's average selling price in the period (revenue / units), so an
incremental band of 1,000 units at 2% pays 2% of the revenue of those 1,000 units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

METHODS = ("retroactive", "incremental", "growth")
BASES = ("revenue", "quantity")
PERIODS = ("year", "quarter")


class ProgramError(ValueError):
    """A programme definition that cannot be paid out, worded with the programme's id."""


@dataclass(frozen=True)
class Tier:
    threshold: float  # basis amount (or growth fraction) from which the rate applies
    rate: float  # fraction of the basis paid back


@dataclass(frozen=True)
class Program:
    program_id: str
    name: str
    basis: str  # 'revenue' | 'quantity'
    period: str  # 'year' | 'quarter'
    method: str  # 'retroactive' | 'incremental' | 'growth'
    tiers: tuple[Tier, ...]

    def __post_init__(self) -> None:
        for field, value, known in (
            ("method", self.method, METHODS),
            ("basis", self.basis, BASES),
            ("period", self.period, PERIODS),
        ):
            if value not in known:
                self._fail(f"unknown {field} {value!r}; choose one of {', '.join(known)}")
        if not self.tiers:
            self._fail("has no tiers")
        thresholds = [t.threshold for t in self.tiers]
        if any(t < 0 for t in thresholds):
            self._fail("has a negative threshold")
        if any(b <= a for a, b in zip(thresholds, thresholds[1:], strict=False)):
            self._fail(f"thresholds must be ascending and unique, got {thresholds}")
        rates = [t.rate for t in self.tiers]
        if any(not 0 <= r <= 1 for r in rates):
            self._fail(f"rates must be fractions within 0..1, got {rates}")
        if any(b < a for a, b in zip(rates, rates[1:], strict=False)):
            self._fail(f"a higher tier must not pay a lower rate, got {rates}")

    def _fail(self, problem: str) -> None:
        raise ProgramError(f"rebate programme {self.program_id!r}: {problem}")


@dataclass(frozen=True)
class Position:
    """One account in one programme period: what the rules need to know."""

    basis: float  # revenue (money) or quantity (units) in the period so far
    revenue: float  # money the rate is paid on; equals basis for a revenue programme
    last_year: float = 0.0  # basis in the same span last year (growth programmes)

    @property
    def unit_value(self) -> float:
        """Money per unit of basis: 1 for revenue, the average price for quantity (0 if none)."""
        return self.revenue / self.basis if self.basis > 0 else 0.0


def retroactive_rebate(basis: float, tiers: Sequence[Tier]) -> float:
    """Pay the highest tier reached on the whole basis (all-units, not marginal)."""
    rates = [t.rate for t in tiers if basis >= t.threshold]
    return basis * max(rates, default=0.0)


def incremental_rebate(basis: float, tiers: Sequence[Tier]) -> float:
    """Pay each tier's rate on the part of the basis inside its band (marginal)."""
    bounds = [t.threshold for t in tiers[1:]] + [float("inf")]
    return sum(
        t.rate * max(0.0, min(basis, upper) - t.threshold)
        for t, upper in zip(tiers, bounds, strict=True)
    )


def growth_fraction(basis: float, last_year: float) -> float | None:
    """Growth against last year as a fraction (0.15 = +15%); None without a prior-year basis."""
    return basis / last_year - 1 if last_year > 0 else None


def growth_rebate(basis: float, last_year: float, tiers: Sequence[Tier]) -> float:
    """Pay the rate of the growth tier reached on the basis above last year; 0 with no growth."""
    growth = growth_fraction(basis, last_year)
    if growth is None or basis <= last_year:
        return 0.0
    rates = [t.rate for t in tiers if growth >= t.threshold]
    return (basis - last_year) * max(rates, default=0.0)


def measure(program: Program, position: Position) -> float | None:
    """What the tiers are compared with: the basis, or growth for growth programmes."""
    if program.method == "growth":
        return growth_fraction(position.basis, position.last_year)
    return position.basis


def payout(program: Program, position: Position) -> float:
    """The money owed on a position under the programme's method (see module docstring)."""
    if program.method == "growth":
        in_basis = growth_rebate(position.basis, position.last_year, program.tiers)
    elif program.method == "incremental":
        in_basis = incremental_rebate(position.basis, program.tiers)
    else:
        in_basis = retroactive_rebate(position.basis, program.tiers)
    return in_basis * position.unit_value


def tier_reached(program: Program, position: Position) -> Tier | None:
    """The highest tier whose threshold the position has reached, or None."""
    m = measure(program, position)
    reached = [t for t in program.tiers if m is not None and m >= t.threshold]
    return reached[-1] if reached else None


def next_tier(program: Program, position: Position) -> Tier | None:
    """The first tier above the one reached; None at the top or when growth has no base year."""
    m = measure(program, position)
    if m is None:
        return None
    return next((t for t in program.tiers if t.threshold > m), None)
