"""The one-page PDF account brief for a visit: header, KPIs, trend chart, talking points, diary."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from kam_core import account_brief
from kam_core.reports import change, money
from kam_core.reports.pdf import LY_COLOURS, Report
from kam_core.store.brief import AccountBrief
from kam_core.talking_points import TalkingPoint, category_changes


def _date(value: object) -> str:
    """'31 Oct 2026', or '–' when unknown."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{pd.Timestamp(str(value)):%d %b %Y}"


def header_facts(brief: AccountBrief, show_credit: bool = True) -> list[tuple[str, str]]:
    """The header's label/value pairs, as the page and the PDF show them."""
    account = brief.header.iloc[0]
    last_visit = brief.visits["date"].max() if not brief.visits.empty else None
    facts = [
        (
            "Tier",
            f"{account['tier']} (rank {account['rank']:.0f} of {account['ranked']})"
            if pd.notna(account["tier"])
            else "– (no sales in 12 months)",
        ),
        ("Manager", str(account["manager"] or "–")),
        ("Customer since", _date(account["since"])),
        ("Credit rating", str(account["credit_rating"] or "–")),
        ("Region", str(account["region"] or "–")),
        ("Channel", str(account["channel"] or "–")),
        ("Last visit", _date(last_visit)),
        ("Anniversary", _date(account["anniversary"])),
    ]
    return [f for f in facts if show_credit or f[0] != "Credit rating"]


def brief_pdf(
    brief: AccountBrief,
    points: Sequence[TalkingPoint],
    freshness: str = "",
    show_margin: bool = True,
) -> bytes:
    """The brief as PDF bytes (A4, one page for a typical account, at most two).

    `show_margin=False` leaves out margin and credit rating, for a page shown to others.
    """
    report = Report(f"Account brief - {brief.name}", brief.end, freshness)
    report.title_block(
        f"{brief.name} ({brief.account_id})",
        f"{brief.start:%d %b %Y} to {brief.end:%d %b %Y} against the same dates last year",
    )
    report.key_values(header_facts(brief, show_credit=show_margin), columns=2)
    report.ln(2)
    report.kpi_row(account_brief.kpis(brief.kpis, show_margin))
    report.line_chart(
        account_brief.trend(brief.monthly, brief.end),
        "month",
        LY_COLOURS,
        "Monthly revenue: the last 12 months against the year before",
        height=46,
    )
    report.heading("Talking points")
    if points:
        report.bullets([p.text for p in points])
    else:
        report.paragraph("Nothing stands out: no rule fired for this account.")
    mix = category_changes(brief.mix)
    if not mix.empty:
        report.heading("Product mix")
        report.data_table(
            pd.DataFrame(
                {
                    "Category": mix["category"],
                    "Revenue": mix["revenue"].map(money),
                    "Last year": mix["revenue_ly"].map(money),
                    "Change": mix["change"].map(change),
                    "Share": mix["share"].map("{:.0%}".format),
                    "Shift": (mix["shift"] * 100).map("{:+.1f} pts".format),
                }
            ),
            align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        )
    if not brief.visits.empty:
        report.heading("Last visits")
        report.data_table(
            pd.DataFrame(
                {
                    "Date": brief.visits["date"].map(_date),
                    "Visitor": brief.visits["visitor"],
                    "Note": brief.visits["note"],
                }
            ),
            widths=(22, 30, 130),
        )
    return report.to_bytes()
