"""The meeting deck: portfolio, ranking, stock risk, payouts, then one slide per account.

Numbers read as on the pages (kam_core.data.formats); charts are native and editable
(kam_core.reports.slides).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from kam_core.accounts import plan_totals, ranking
from kam_core.accounts.trends import growth
from kam_core.charts import LAST_YEAR, RISK_COLOURS, THIS_YEAR, WARN
from kam_core.data import formats
from kam_core.data.columns import COMMON
from kam_core.data.formats import Column, Kpi, Style, change, money
from kam_core.reports.slides import CONTENT, MARGIN, MUTED, Deck, rgb
from kam_core.store.brief import AccountBrief, Meeting
from kam_core.visits import brief as account_brief
from kam_core.visits.talking_points import TalkingPoint

POINTS_PER_SLIDE = 6  # talking points that fit beside the chart in 14 pt


def _portfolio_kpis(
    monthly: pd.DataFrame, ranked: pd.DataFrame, show_margin: bool, style: Style
) -> list[Kpi]:
    revenue, last = monthly["revenue"].sum(), monthly["revenue_last_year"].sum()
    g = growth(revenue, last)
    shown = [
        Kpi(
            "Revenue",
            money(revenue, style),
            f"{change(g, style)} vs LY",
            None if g is None else g >= 0,
        ),
        Kpi("Accounts buying (12 months)", formats.units(len(ranked), style)),
        Kpi("Class A accounts", formats.units((ranked["abc_class"] == "A").sum(), style)),
    ]
    if show_margin and monthly["revenue_with_cost"].sum():
        rate = monthly["known_margin"].sum() / monthly["revenue_with_cost"].sum()
        shown.insert(1, Kpi("Gross margin (costed lines)", formats.pct(rate, style)))
    return shown


def _money_axis(style: Style) -> str:
    """A value axis in thousands of the company's currency: 900,000 reads '$900k'."""
    sign = formats.symbol(style)
    return f'#,##0,"k\u00a0{sign}"' if formats.currency_after(style) else f'"{sign}"#,##0,"k"'


def _labels(frame: pd.DataFrame, name: str = "name") -> list[str]:
    return [f"{n} ({a})" for n, a in zip(frame[name], frame["account_id"], strict=True)]


def _overview(deck: Deck, meeting: Meeting, show_margin: bool, style: Style) -> None:
    f = meeting.filters
    slide = deck.slide(
        "Portfolio overview",
        f"{formats.day(f.start)} to {formats.day(f.end)} against the same dates last year",
    )
    shown = _portfolio_kpis(meeting.monthly, meeting.ranking, show_margin, style)
    if meeting.plan is not None and not meeting.plan.empty:
        shown.append(account_brief.plan_kpi(plan_totals.totals(meeting.plan, f.end).iloc[0]))
    deck.kpis(slide, shown, Inches(1.5))
    months = pd.to_datetime(meeting.monthly["month"])
    deck.chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        [m.strftime("%b %y") for m in months],
        {
            "This year": (meeting.monthly["revenue"], THIS_YEAR),
            "Last year": (meeting.monthly["revenue_last_year"], LAST_YEAR),
        },
        (MARGIN, Inches(2.8), CONTENT, Inches(4.1)),
        "Monthly revenue, this year against last year",
        axis_format=_money_axis(style),
    )


def _ranking(deck: Deck, meeting: Meeting, style: Style) -> None:
    ranked = meeting.ranking
    top = ranking.revenue_share_of_top(ranked) if len(ranked) else 0.0
    slide = deck.slide(
        "Accounts ranking",
        f"The top 20% of accounts make {formats.pct(top, style)} of revenue over the last "
        "twelve months",
    )
    leaders = ranked.head(10).iloc[::-1]  # bar charts draw bottom-up: largest on top
    deck.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        _labels(leaders),
        {"Revenue, 12 months": (leaders["revenue_12m"], THIS_YEAR)},
        (MARGIN, Inches(1.5), Inches(7.6), Inches(5.4)),
        "Top 10 accounts by revenue, last 12 months",
        axis_format=_money_axis(style),
    )
    classes = ranking.class_summary(ranked)
    deck.table(
        slide,
        formats.printed(
            classes[["abc_class", "accounts", "revenue_12m", "share"]],
            COMMON | {"abc_class": Column("Class"), "accounts": Column("Accounts", "int")},
            style,
        ),
        (Inches(8.4), Inches(1.8), Inches(4.4), Inches(1.6)),
    )


def _stock(deck: Deck, risk: pd.DataFrame, style: Style) -> None:
    slide = deck.slide(
        "Peak-season stock risk",
        "Positions by risk level; the ten high-risk positions with the most revenue at risk",
    )
    levels = ["high", "medium", "low"]
    counts = risk["risk"].value_counts().reindex(levels, fill_value=0)
    chart = deck.chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        [level.title() for level in levels],
        {"Positions": (counts, RISK_COLOURS["high"])},
        (MARGIN, Inches(1.5), Inches(4.2), Inches(5.4)),
        "Account x SKU positions by risk",
        axis_format="#,##0",
    )
    for point, level in zip(chart.plots[0].series[0].points, levels, strict=False):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(RISK_COLOURS[level])
    worst = risk[risk["risk"] == "high"].sort_values(
        ["revenue_at_risk", "account_id"], ascending=[False, True]
    )
    worst = worst.head(10)
    deck.table(
        slide,
        formats.printed(
            worst[["account", "sku", "stockout_date", "revenue_at_risk", "suggested_order_qty"]],
            COMMON,
            style,
        ),
        (Inches(5.0), Inches(1.5), Inches(7.8), Inches(4.5)),
    )


def _payouts(deck: Deck, payouts: pd.DataFrame, style: Style) -> None:
    slide = deck.slide("Incentive payouts", "Rebates owed to date and projected to period end")
    programmes = payouts.groupby("program_id")[["payout", "projected_payout"]].sum()
    deck.chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        list(programmes.index),
        {
            "Owed to date": (programmes["payout"], THIS_YEAR),
            "Projected": (programmes["projected_payout"], WARN),
        },
        (MARGIN, Inches(1.5), Inches(5.4), Inches(5.4)),
        "Rebates per programme",
        axis_format=_money_axis(style),
    )
    per_account = payouts.groupby(["account_id", "name"], as_index=False)[
        ["payout", "projected_payout"]
    ].sum()
    leaders = per_account.sort_values("projected_payout", ascending=False).head(10)
    deck.table(
        slide,
        formats.printed(
            leaders.assign(account=_labels(leaders))[["account", "payout", "projected_payout"]],
            COMMON,
            style,
        ),
        (Inches(6.2), Inches(1.5), Inches(6.6), Inches(4.5)),
    )


def _account(
    deck: Deck,
    brief: AccountBrief,
    points: Sequence[TalkingPoint],
    show_margin: bool,
    journal: Sequence[str] = (),
    style: Style = formats.DEFAULT,
) -> None:
    facts = brief.header.iloc[0]
    slide = deck.slide(
        f"{brief.name} ({brief.account_id})",
        f"Tier {facts['tier'] if pd.notna(facts['tier']) else '–'} · {facts['manager']} · "
        f"{formats.day(brief.start)} to {formats.day(brief.end)} against the same dates last year",
    )
    kpis = account_brief.kpis(brief.kpis, show_margin, brief.plan, style)
    deck.kpis(slide, kpis, Inches(1.5))
    months = account_brief.trend(brief.monthly, brief.end)
    deck.chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        list(months["month"]),
        {
            "This year": (months["This year"], THIS_YEAR),
            "Last year": (months["Last year"], LAST_YEAR),
        },
        (MARGIN, Inches(2.8), Inches(6.6), Inches(4.1)),
        "Monthly revenue, last 12 months",
        axis_format=_money_axis(style),
    )
    said = [p.text for p in points[:POINTS_PER_SLIDE]] or ["Nothing stands out against last year."]
    deck.text(
        slide, "Talking points", Inches(7.4), Inches(2.8), Inches(5.4), Inches(0.4), 16, bold=True
    )
    deck.text(slide, said, Inches(7.4), Inches(3.25), Inches(5.4), Inches(3.6), 14, bullets=True)
    notes = slide.notes_slide.notes_text_frame
    if journal and notes is not None:  # open steps and complaints: for the presenter's eyes
        notes.text = "From the journal:\n" + "\n".join(journal)


def meeting_deck(
    meeting: Meeting,
    points: Sequence[Sequence[TalkingPoint]],
    risk: pd.DataFrame | None,
    context: str = "",
    show_margin: bool = True,
    journals: Sequence[Sequence[str]] | None = None,
    style: Style = formats.DEFAULT,
) -> bytes:
    """The deck as .pptx bytes; `points[i]` are the talking points of `meeting.accounts[i]`,
    `journals[i]` its journal in sentences (visits.journal_brief.summary_lines), written in the
    account slide's speaker notes.

    `risk` is stock_plan.risk (None without stock data: the stock slide is left out); `style`
    the company's currency and locale, so the figures read as on the pages.
    """
    f = meeting.filters
    deck = Deck(context or f"As of {formats.day(f.end)}")  # the context line starts with the period
    title = deck.slide(
        "Key account meeting", f"{style.company}: portfolio review as of {f.end:%d %B %Y}"
    )
    accounts = ", ".join(b.name for b in meeting.accounts) or "portfolio only"
    deck.text(
        title,
        f"Accounts: {accounts}",
        MARGIN,
        Inches(3),
        CONTENT,
        Inches(1.2),
        20,
        colour=MUTED,
    )
    _overview(deck, meeting, show_margin, style)
    if not meeting.ranking.empty:
        _ranking(deck, meeting, style)
    if risk is not None and not risk.empty:
        _stock(deck, risk, style)
    if not meeting.payouts.empty:
        _payouts(deck, meeting.payouts, style)
    lines = journals or [()] * len(meeting.accounts)
    for brief, said, journal in zip(meeting.accounts, points, lines, strict=True):
        _account(deck, brief, said, show_margin, journal, style)
    return deck.to_bytes()
