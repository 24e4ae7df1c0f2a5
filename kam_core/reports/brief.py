"""The one-page PDF account brief for a visit: header, KPIs, trend chart, talking points, diary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from kam_core.charts.relationships import INFLUENCE_SIZES, RELATIONSHIP_COLOURS, met_label
from kam_core.data import formats
from kam_core.data.columns import COMMON
from kam_core.data.formats import Column
from kam_core.incentives.payouts import in_programme_terms
from kam_core.incentives.rebates import Program
from kam_core.relationships.brief import AccountPeople
from kam_core.reports.pdf import LY_COLOURS, Report
from kam_core.store.brief import AccountBrief
from kam_core.visits import brief as account_brief
from kam_core.visits.journal_brief import AccountJournal, summary_lines
from kam_core.visits.talking_points import TalkingPoint, category_changes


def _date(value: object) -> str:
    """'5 Nov 2026', or '–' when unknown."""
    return formats.cell(value, "day")


def _text(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(value)


def header_facts(brief: AccountBrief, show_credit: bool = True) -> list[tuple[str, str]]:
    """The header's label/value pairs, as the page and the PDF show them."""
    account = brief.header.iloc[0]
    last_visit = brief.visits["date"].max() if not brief.visits.empty else None
    facts = [
        (
            "Tier",
            f"{account['tier']} (last year {_text(account['previous_tier'])}; revenue rank "
            f"{account['rank']:.0f} of {account['ranked']})"
            if pd.notna(account["tier"])
            else f"– (no sales in 12 months; last year {_text(account['previous_tier'])})",
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


def _stock(
    report: Report, risk: pd.DataFrame | None, account_id: str, style: formats.Style
) -> None:
    risks = pd.DataFrame() if risk is None else account_brief.stock_risks(risk, account_id)
    if risks.empty:
        return
    report.heading("Stock risks and proposed orders")
    shown = ["sku", "product", "on_hand", "days_of_cover", "stockout_date", "risk"]
    report.data_table(
        formats.printed(risks[[*shown, "suggested_order_qty"]], COMMON, style),
        widths=(2, 4.6, 1.6, 2, 2.4, 1.2, 2.2),
        align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "RIGHT"),
    )


def _shelf_gaps(report: Report, gaps: pd.DataFrame) -> None:
    if gaps.empty:
        return
    report.heading("Shelf gaps seen at store checks")
    report.data_table(
        pd.DataFrame(
            {
                "SKU": gaps["sku"],
                "Seen off the shelf": gaps["date"].map(_date),
                "Cause": gaps["cause"],
                "Stock risk": gaps["risk"].fillna("–"),
                "Days of cover": gaps["days_of_cover"].map(
                    lambda d: "–" if pd.isna(d) else f"{d:,.0f}"
                ),
                "Note": gaps["note"].fillna(""),
            }
        ),
        widths=(2, 2.6, 2.4, 1.8, 2, 5.2),
    )


def _incentives(
    report: Report, payouts: pd.DataFrame, programs: Mapping[str, Program], style: formats.Style
) -> None:
    if payouts.empty:
        return
    report.heading("Incentive position")
    shown = ["tier_rate", "payout", "projected_payout", "gap_to_next_tier"]
    table = formats.printed(payouts[[*shown, "extra_payout_at_next_tier"]], COMMON, style)
    # The gap is in the programme's basis: units for a quantity programme, else money.
    gaps = in_programme_terms(payouts[["program_id", "gap_to_next_tier"]], programs, style)
    table["To next tier"] = gaps["gap_to_next_tier"].to_numpy()
    top = payouts["gap_to_next_tier"].isna().to_numpy()
    table.loc[top, "To next tier"] = "top tier"
    report.data_table(
        table.assign(Programme=payouts["program_id"] + " " + payouts["period"].astype(str))[
            ["Programme", *table.columns]
        ],
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    )


def _journal(report: Report, journal: AccountJournal) -> None:
    report.heading("From the journal")
    report.bullets(summary_lines(journal))
    steps = journal.open_actions
    if not steps.empty:
        report.data_table(
            pd.DataFrame(
                {
                    "Open next step": steps["text"],
                    "Due": steps["due_date"].map(_date),
                    "Owner": steps["owner"].fillna("–"),
                }
            ),
            widths=(120, 28, 34),
        )


def _people(report: Report, people: AccountPeople) -> None:
    if people.problem:
        report.heading("Who decides")
        report.paragraph(f"No chart: {people.problem}.")
        return
    chart = people.chart
    if chart.empty:
        return
    report.tree(
        chart.assign(
            label=chart["name"]
            + "\n"
            + chart["title"].fillna(chart["role"]).fillna("")
            + ", "
            + chart["last_met"].map(met_label),
            colour=chart["relationship"].fillna("none").map(RELATIONSHIP_COLOURS),
            radius=chart["influence"].map(INFLUENCE_SIZES).fillna(16) / 10,
        ),
        "Who decides: relationship map (size: influence)",
        RELATIONSHIP_COLOURS,
    )


def brief_pdf(
    brief: AccountBrief,
    points: Sequence[TalkingPoint],
    context: str = "",
    show_margin: bool = True,
    risk: pd.DataFrame | None = None,
    journal: AccountJournal | None = None,
    people: AccountPeople | None = None,
    shelf_gaps: pd.DataFrame | None = None,
    style: formats.Style = formats.DEFAULT,
    programs: Mapping[str, Program] | None = None,
) -> bytes:
    """The brief as PDF bytes (A4, one page for a typical account, at most two).

    `show_margin=False` leaves out margin and credit rating, for a page shown to others;
    `risk` (stock_plan.risk) adds the account's top stock risks with the orders to propose;
    `journal` adds what is open and agreed (visits.journal_brief); `people` the relationship
    map (relationships.brief), its talking points being among `points`; `shelf_gaps` the SKUs
    seen off the shelf beside the projection (visits.store_checks.shelf_gaps); `style` is the
    company's currency and locale, so every figure reads as on the page; `programs` the rebate
    programmes, so a gap to the next tier reads in its programme's basis (units or money).
    """
    report = Report(f"Account brief - {brief.name}", brief.end, context, style.company)
    report.title_block(
        f"{brief.name} ({brief.account_id})",
        f"{formats.day(brief.start)} to {formats.day(brief.end)} against the same dates last year",
    )
    report.key_values(header_facts(brief, show_credit=show_margin), columns=2)
    report.ln(2)
    report.kpi_row(account_brief.kpis(brief.kpis, show_margin, brief.plan, style))
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
    if people is not None:
        _people(report, people)
    _stock(report, risk, brief.account_id, style)
    if shelf_gaps is not None:
        _shelf_gaps(report, shelf_gaps)
    _incentives(report, brief.payouts, programs or {}, style)
    mix = category_changes(brief.mix)
    if not mix.empty:
        report.heading("Product mix")
        shown = ["category", "revenue", "revenue_ly", "change", "share", "shift"]
        report.data_table(
            formats.printed(mix[shown], COMMON | {"change": Column("Change", "change")}, style),
            align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        )
    if journal is not None:
        _journal(report, journal)
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
