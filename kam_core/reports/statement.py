"""One account's rebate statement as a one-page PDF, on the shared report base."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kam_core.data.formats import DEFAULT, Kpi, Style, money
from kam_core.incentives.advice import gap_to_next_tier, talking_point
from kam_core.incentives.rebates import Position, Program, payout, tier_reached
from kam_core.incentives.statements import statement_lines
from kam_core.reports.pdf import Report


def _rate(rate: float | None) -> str:
    return "" if rate is None or pd.isna(rate) else f"{rate:.2%}"


def _number(value: float | None, decimals: int = 0) -> str:
    return "" if value is None or pd.isna(value) else f"{value:,.{decimals}f}"


def _money(value: float | None) -> str:
    return _number(value, 2)


def printable_lines(program: Program, position: Position) -> pd.DataFrame:
    """The statement lines as the reader sees them: money to the cent, units whole, blanks."""
    lines = statement_lines(program, position)
    units = program.basis == "quantity"
    return pd.DataFrame(
        {
            "Step": lines.line,
            "Units" if units else "Basis": lines.basis.map(_number if units else _money),
            "Paid on": lines.paid_on.map(_money),
            "Rate": lines.rate.map(_rate),
            "Payout": lines.payout.map(_money),
        }
    )


def statement_pdf(
    program: Program,
    account: str,
    period: str,
    as_of: date,
    accrued: Position,
    projected: Position,
    context: str = "",
    style: Style = DEFAULT,
) -> bytes:
    """The statement: KPIs (in the company's `style`), the arithmetic line by line (to the
    cent), the projection and the next tier."""
    report = Report(f"Rebate statement {period}", as_of, context, style.company)
    report.title_block(
        f"{program.name}: {account}",
        f"Programme {program.program_id}, {program.method} tiers on {program.basis}, "
        f"period {period}",
    )
    reached = tier_reached(program, accrued)
    ahead = gap_to_next_tier(program, accrued)
    report.kpi_row(
        [
            Kpi("Owed to date", money(payout(program, accrued), style)),
            Kpi("Projected at period end", money(payout(program, projected), style)),
            Kpi("Tier reached", _rate(reached.rate) if reached else "none yet"),
            Kpi("To the next tier", _number(ahead.gap) if ahead else "top tier"),
        ]
    )
    report.heading("How the payout is calculated (to date)")
    report.data_table(
        printable_lines(program, accrued),
        widths=(80, 25, 25, 20, 25),
        align=("LEFT", *["RIGHT"] * 4),
    )
    report.heading("Projection to the end of the period")
    report.paragraph(
        f"At the run-rate so far the basis reaches {_number(projected.basis)} by the end of "
        f"{period}, paying {_number(payout(program, projected))}."
    )
    report.heading("Next step")
    report.paragraph(talking_point(program, accrued))
    report.heading("Programme tiers")
    tiers = pd.DataFrame(
        {
            "From": [
                f"{t.threshold:.0%} growth" if program.method == "growth" else _number(t.threshold)
                for t in program.tiers
            ],
            "Rate": [_rate(t.rate) for t in program.tiers],
        }
    )
    report.data_table(tiers, widths=(60, 30), align=("RIGHT", "RIGHT"))
    return report.to_bytes()
