"""Payouts per account, programme and period: owed to date, projected, and the next tier."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from kam_core.data import formats
from kam_core.data.columns import COMMON
from kam_core.incentives.advice import gap_to_next_tier, talking_point
from kam_core.incentives.periods import period_containing, seasonal_run_rate
from kam_core.incentives.rebates import Position, Program, Tier, payout, tier_reached

# Basis columns the store delivers per account x programme (see store.rebates.BASES).
BASIS_COLUMNS = ["account_id", "name", "program_id", "basis", "revenue", "ly_to_date", "ly_basis"]
COMPUTED_COLUMNS = [
    "period",
    "tier_threshold",
    "tier_rate",
    "payout",
    "projected_basis",
    "projected_tier_rate",
    "projected_payout",
    "next_threshold",
    "gap_to_next_tier",
    "extra_payout_at_next_tier",
    "gap_share",
    "talking_point",
]


def programs_from_frames(programs: pd.DataFrame, tiers: pd.DataFrame) -> dict[str, Program]:
    """Validated programmes by id from the rebate_programs and rebate_tiers tables."""
    return {
        p.program_id: Program(
            p.program_id,
            p.name,
            p.basis,
            p.period,
            p.method,
            tuple(
                Tier(float(t.threshold), float(t.rate))
                for t in tiers[tiers.program_id == p.program_id].itertuples()
            ),
        )
        for p in programs.itertuples()
    }


def positions(row: pd.Series, program: Program, as_of: date) -> tuple[Position, Position]:
    """(to date, projected to period end) for one row of the store's bases: on the seasonal run
    rate when the row has `share_elapsed` (the period's share normally elapsed), the daily one
    otherwise."""
    period = period_containing(program.period, as_of)
    share = row.get("share_elapsed")
    share = None if share is None or pd.isna(share) else float(share)
    accrued = Position(row["basis"], row["revenue"], row["ly_to_date"])
    projected = Position(
        seasonal_run_rate(row["basis"], period, as_of, share),
        seasonal_run_rate(row["revenue"], period, as_of, share),
        row["ly_basis"],
    )
    return accrued, projected


def _row(row: pd.Series, program: Program, as_of: date) -> dict[str, object]:
    accrued, projected = positions(row, program, as_of)
    tier = tier_reached(program, accrued)
    ahead = gap_to_next_tier(program, accrued)
    projected_tier = tier_reached(program, projected)
    return {
        "period": period_containing(program.period, as_of).label,
        "tier_threshold": tier.threshold if tier else None,
        "tier_rate": tier.rate if tier else 0.0,
        "payout": payout(program, accrued),
        "projected_basis": projected.basis,
        "projected_tier_rate": projected_tier.rate if projected_tier else 0.0,
        "projected_payout": payout(program, projected),
        "next_threshold": ahead.tier.threshold if ahead else None,
        "gap_to_next_tier": ahead.gap if ahead else None,
        "extra_payout_at_next_tier": ahead.extra_payout if ahead else None,
        # Share of the next tier's basis still missing: 0.1 = needs 10% more to get there.
        "gap_share": ahead.gap / (accrued.basis + ahead.gap) if ahead and ahead.gap else None,
        "talking_point": talking_point(program, accrued),
    }


def payout_table(bases: pd.DataFrame, programs: Mapping[str, Program], as_of: date) -> pd.DataFrame:
    """One row per account x programme for the programme's period containing `as_of`.

    Money columns are in revenue currency; basis columns in the programme's basis (money or
    units); thresholds in the programme's tier units (growth fractions for growth programmes).
    """
    if bases.empty:
        return pd.DataFrame(columns=[*BASIS_COLUMNS, *COMPUTED_COLUMNS])
    computed = [_row(row, programs[row["program_id"]], as_of) for _, row in bases.iterrows()]
    extra = pd.DataFrame(computed, index=bases.index, columns=COMPUTED_COLUMNS)
    return pd.concat([bases[BASIS_COLUMNS], extra], axis=1)


# Columns in the programme's basis: money for a revenue programme, units for a quantity one.
BASIS_TERMS = ("basis", "projected_basis", "gap_to_next_tier")
# How a table of in_programme_terms reads: its text right-aligned as the numbers it stands for.
AS_READ = {c: formats.Column(COMMON[c].label, "number") for c in BASIS_TERMS}


def in_programme_terms(
    table: pd.DataFrame, programs: Mapping[str, Program], style: formats.Style = formats.DEFAULT
) -> pd.DataFrame:
    """The payout table with its bases and tier thresholds as text, each in its programme's
    terms: a quantity programme's in units, a revenue one's as money, a growth programme's
    thresholds as a percentage (one column holds them all, so no single number format can)."""

    def read(value: object, program_id: str, column: str) -> str:
        program = programs.get(program_id)
        if column not in BASIS_TERMS and (program is None or program.method == "growth"):
            return formats.pct(value, style)  # type: ignore[arg-type]
        if program is not None and program.basis == "quantity":
            return formats.units(value, style)  # type: ignore[arg-type]
        return formats.money(value, style, compact=False)  # type: ignore[arg-type]

    read_as = {
        column: [
            read(v, p, column) for v, p in zip(table[column], table["program_id"], strict=True)
        ]
        for column in ("tier_threshold", "next_threshold", *BASIS_TERMS)
        if column in table
    }
    return table.assign(**read_as)


def closest_to_next_tier(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` account x programme rows nearest their next tier (least of its basis missing)."""
    near = table[table.gap_share.notna() & (table.basis > 0)]
    return near.sort_values(["gap_share", "account_id"]).head(n).reset_index(drop=True)
