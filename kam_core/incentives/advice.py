"""What an account could still earn: the gap to the next tier, what-ifs and the talking point."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from kam_core.incentives.rebates import Position, Program, Tier, next_tier, payout, tier_reached


@dataclass(frozen=True)
class NextTier:
    tier: Tier  # the tier the account would reach
    gap: float  # basis still needed to reach it (money or units)
    extra_payout: float  # money it would add, including any uplift on the whole basis


def buy_more(program: Program, position: Position, extra: float) -> Position:
    """The position after `extra` more basis (money or units) at the account's average price."""
    # Without sales a quantity account has no price of its own, so extra units are valued at 0.
    value = 1.0 if program.basis == "revenue" else position.unit_value
    return replace(position, basis=position.basis + extra, revenue=position.revenue + extra * value)


@dataclass(frozen=True)
class WhatIf:
    rate: float  # tier rate reached after buying more (0 below the first tier)
    payout: float  # money owed after buying more
    extra_rate: float  # change in the tier rate
    extra_payout: float  # money gained by buying more


def what_if(program: Program, position: Position, extra: float) -> WhatIf:
    """Tier rate and payout if the account buys `extra` more basis this period."""
    after = buy_more(program, position, extra)
    rates = [
        t.rate if t else 0.0
        for t in (tier_reached(program, position), tier_reached(program, after))
    ]
    before_payout, after_payout = payout(program, position), payout(program, after)
    return WhatIf(rates[1], after_payout, rates[1] - rates[0], after_payout - before_payout)


def basis_for(program: Program, position: Position, tier: Tier) -> float:
    """The basis at which `tier` starts for this account (growth: last year x (1 + threshold))."""
    if program.method == "growth":
        return position.last_year * (1 + tier.threshold)
    return tier.threshold


_HAIR = 1e-9  # relative; far below a cent on any basis


def gap_to_next_tier(program: Program, position: Position) -> NextTier | None:
    """The basis still needed for the next tier and the extra payout it brings; None at the top."""
    tier = next_tier(program, position)
    if tier is None:
        return None
    target = basis_for(program, position, tier)
    gap = max(target - position.basis, 0.0)
    # Value the tier with a hair more than the gap: last_year x (1 + threshold) rounds in floating
    # point, and growth computed back from it can fall a hair short of the threshold.
    reached = buy_more(program, position, gap + _HAIR * max(target, 1.0))
    extra = payout(program, reached) - payout(program, position)
    return NextTier(tier, gap, extra)


def _rate(rate: float) -> str:
    return f"{rate * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _amount(program: Program, value: float) -> str:
    return f"{value:,.0f}" + (" units" if program.basis == "quantity" else "")


def talking_point(program: Program, position: Position) -> str:
    """The one sentence for the customer, e.g. 'Another 45,000 this year takes you to ...'."""
    span = f"this {program.period}"
    ahead = gap_to_next_tier(program, position)
    if ahead is not None:
        target = f"the {_rate(ahead.tier.rate)} tier"
        if program.method == "growth":
            target = f"{_rate(ahead.tier.threshold)} growth and " + target
        worth = f", worth {ahead.extra_payout:,.0f} more to you" if ahead.extra_payout > 0 else ""
        return f"Another {_amount(program, ahead.gap)} {span} takes you to {target}{worth}."
    earned = payout(program, position)
    reached = tier_reached(program, position)
    if reached is not None:
        return f"You are on the top {_rate(reached.rate)} tier: {earned:,.0f} earned {span}."
    return f"Growth pays from next {program.period}: {span} sets the base to grow from."


def _nice(x: float) -> float:
    """The smallest 1, 2 or 5 x 10^k not below x (x > 0)."""
    magnitude = 10 ** math.floor(math.log10(x))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= x)


def what_if_range(program: Program, position: Position) -> tuple[float, float]:
    """(largest, step) for a 'buys X more' control: past the next tier, in round steps."""
    ahead = gap_to_next_tier(program, position)
    reach = max(1.5 * ahead.gap if ahead else 0.0, 0.25 * position.basis, 100.0)
    step = _nice(reach / 100)
    return float(math.ceil(reach / step) * step), float(step)
