"""An account's rebate statement: the payout arithmetic, one line per step a reader checks."""

from __future__ import annotations

import pandas as pd

from kam_core.incentives.rebates import Position, Program, growth_fraction, payout, tier_reached

# basis: in the programme's basis (money or units); paid_on: the money the rate applies to.
COLUMNS = ["line", "basis", "paid_on", "rate", "payout"]
Line = tuple[str, float | None, float | None, float | None, float | None]


def _fmt(program: Program, value: float) -> str:
    if program.method == "growth":
        return f"{value * 100:+.1f}%"
    return f"{value:,.0f}" + (" units" if program.basis == "quantity" else "")


def _bands(program: Program, position: Position) -> list[Line]:
    tiers = program.tiers
    uppers = [t.threshold for t in tiers[1:]] + [float("inf")]
    lines: list[Line] = []
    for tier, upper in zip(tiers, uppers, strict=True):
        inside = max(0.0, min(position.basis, upper) - tier.threshold)
        if inside > 0:
            top = "and above" if upper == float("inf") else f"to {_fmt(program, upper)}"
            label = f"Band from {_fmt(program, tier.threshold)} {top}"
            paid_on = inside * position.unit_value
            lines.append((label, inside, paid_on, tier.rate, paid_on * tier.rate))
    return lines


def _growth(program: Program, position: Position) -> list[Line]:
    growth = growth_fraction(position.basis, position.last_year)
    lines: list[Line] = [
        ("Same period last year", position.last_year, None, None, None),
        ("This period", position.basis, None, None, None),
    ]
    if growth is None:
        return [*lines, ("No sales last year: no growth to reward", None, None, None, None)]
    lines.append(
        (f"Growth {growth * 100:+.1f}%", position.basis - position.last_year, None, None, None)
    )
    tier = tier_reached(program, position)
    if tier is not None and position.basis > position.last_year:
        above = position.basis - position.last_year
        paid_on = above * position.unit_value
        label = f"Growth above last year, tier from {_fmt(program, tier.threshold)} growth"
        lines.append((label, above, paid_on, tier.rate, paid_on * tier.rate))
    return lines


def statement_lines(program: Program, position: Position) -> pd.DataFrame:
    """The lines of the statement, ending with the payout they add up to (money)."""
    if program.method == "growth":
        lines = _growth(program, position)
    elif program.method == "incremental":
        lines = [
            ("Basis this period", position.basis, None, None, None),
            *_bands(program, position),
        ]
    else:
        tier = tier_reached(program, position)
        lines = [("Basis this period", position.basis, None, None, None)]
        if tier is not None:
            label = f"Whole basis at the tier from {_fmt(program, tier.threshold)}"
            lines.append(
                (label, position.basis, position.revenue, tier.rate, payout(program, position))
            )
    if len(lines) == 1 or lines[-1][4] is None:
        first = program.tiers[0].threshold
        lines.append(
            (f"No tier reached yet (first tier from {_fmt(program, first)})", None, None, 0.0, 0.0)
        )
    lines.append(("Payout", None, None, None, payout(program, position)))
    return pd.DataFrame(lines, columns=COLUMNS)
