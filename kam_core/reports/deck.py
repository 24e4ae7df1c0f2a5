"""The meeting deck (PowerPoint 16:9): portfolio, ranking, stock risk, payouts, each account.

Charts are native PowerPoint charts (python-pptx chart API): editable, restyled by the theme,
their data kept in the file. Numbers read as on the pages (kam_core.reports.money / change).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from kam_core import account_brief, ranking
from kam_core.charts import BAD, GOOD, LAST_YEAR, RISK_COLOURS, THIS_YEAR, WARN
from kam_core.reports import Kpi, change, money
from kam_core.store.brief import AccountBrief, Meeting
from kam_core.talking_points import TalkingPoint
from kam_core.trends import growth

WIDE, HIGH = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT = Emu(WIDE - 2 * MARGIN)  # width between the side margins
INK, MUTED = RGBColor(0x21, 0x21, 0x21), RGBColor(0x6E, 0x6E, 0x6E)
MONEY_AXIS = '#,##0,"k"'  # axis ticks in thousands: 900,000 reads 900k
POINTS_PER_SLIDE = 6  # talking points that fit beside the chart in 14 pt
NUMBER = r"[-+]?[\d.,]+[kMB%]?|–"  # a formatted amount, count or share


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class Deck:
    """A 16:9 presentation whose slides share a title style and an as-of/freshness footer."""

    def __init__(self, stamp: str) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDE, HIGH
        self.stamp = stamp

    def slide(self, title: str, subtitle: str = "") -> Slide:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])  # blank
        self.text(slide, title, MARGIN, Inches(0.3), CONTENT, Inches(0.7), 28, bold=True)
        if subtitle:
            self.text(
                slide,
                subtitle,
                MARGIN,
                Inches(0.95),
                CONTENT,
                Inches(0.4),
                14,
                colour=MUTED,
            )
        self.text(
            slide,
            self.stamp,
            MARGIN,
            Emu(HIGH - Inches(0.45)),
            CONTENT,
            Inches(0.3),
            10,
            colour=MUTED,
        )
        return slide

    def text(
        self,
        slide: Slide,
        text: str | Sequence[str],
        left: Length,
        top: Length,
        width: Length,
        height: Length,
        size: float,
        bold: bool = False,
        colour: RGBColor = INK,
        bullets: bool = False,
    ) -> None:
        frame = slide.shapes.add_textbox(left, top, width, height).text_frame
        frame.word_wrap = True
        lines = [text] if isinstance(text, str) else list(text)
        for i, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.text = ("• " if bullets else "") + line
            paragraph.space_after = Pt(6 if bullets else 0)
            paragraph.font.size, paragraph.font.bold = Pt(size), bold
            paragraph.font.color.rgb = colour

    def kpis(
        self, slide: Slide, kpis: Sequence[Kpi], top: Length, width: Length | None = None
    ) -> None:
        """KPI boxes side by side: label, value, change coloured by direction."""
        span = width or CONTENT
        box = Emu(int(span / max(len(kpis), 1)))
        for i, kpi in enumerate(kpis):
            left = Emu(MARGIN + i * box)
            self.text(slide, kpi.label, left, top, box, Inches(0.3), 12, colour=MUTED)
            self.text(
                slide, kpi.value, left, Emu(top + Inches(0.3)), box, Inches(0.5), 26, bold=True
            )
            if kpi.change:
                colour = MUTED if kpi.good is None else _rgb(GOOD if kpi.good else BAD)
                self.text(
                    slide,
                    kpi.change,
                    left,
                    Emu(top + Inches(0.85)),
                    box,
                    Inches(0.3),
                    12,
                    colour=colour,
                )

    def chart(
        self,
        slide: Slide,
        kind: XL_CHART_TYPE,
        categories: Sequence[str],
        series: Mapping[str, tuple[Sequence[float], str]],
        box: tuple[Length, Length, Length, Length],
        title: str,
        axis_format: str = MONEY_AXIS,
    ) -> Any:
        """A native chart: `series` maps a name to (values, '#colour'); returns the chart."""
        data = CategoryChartData(number_format="#,##0")
        data.categories = list(categories)
        for name, (values, _) in series.items():
            data.add_series(name, [float(v) for v in values])
        # python-pptx's hints say add_chart returns a Chart; it returns the graphic frame.
        frame: Any = slide.shapes.add_chart(kind, *box, data)  # type: ignore[arg-type]
        chart = frame.chart
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        chart.chart_title.text_frame.paragraphs[0].font.size = Pt(16)
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.TOP
            chart.legend.include_in_layout = False
            chart.legend.font.size = Pt(12)
        chart.font.size = Pt(12)
        chart.value_axis.tick_labels.number_format = axis_format
        chart.value_axis.tick_labels.number_format_is_linked = False
        for plot_series, (_, colour) in zip(chart.plots[0].series, series.values(), strict=True):
            fill = plot_series.format
            if kind in (XL_CHART_TYPE.LINE, XL_CHART_TYPE.LINE_MARKERS):
                fill.line.color.rgb = _rgb(colour)
                fill.line.width = Pt(3)
                plot_series.smooth = False
            else:
                fill.fill.solid()
                fill.fill.fore_color.rgb = _rgb(colour)
        return chart

    def table(
        self, slide: Slide, frame: pd.DataFrame, box: tuple[Length, Length, Length, Length]
    ) -> None:
        """`frame` (already formatted as text) as a native table; numeric columns right-aligned."""
        shape = slide.shapes.add_table(len(frame) + 1, len(frame.columns), *box)
        table = shape.table
        numeric = [
            bool(len(frame)) and frame[c].astype(str).str.fullmatch(NUMBER).all()
            for c in frame.columns
        ]
        for j, column in enumerate(frame.columns):
            table.cell(0, j).text = str(column)
        for i, values in enumerate(frame.itertuples(index=False), start=1):
            for j, value in enumerate(values):
                table.cell(i, j).text = "" if pd.isna(value) else str(value)
        for row in table.rows:
            for j, cell in enumerate(row.cells):
                for paragraph in cell.text_frame.paragraphs:
                    paragraph.font.size = Pt(12)
                    paragraph.alignment = PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def _portfolio_kpis(monthly: pd.DataFrame, ranked: pd.DataFrame, show_margin: bool) -> list[Kpi]:
    revenue, last = monthly["revenue"].sum(), monthly["revenue_last_year"].sum()
    g = growth(revenue, last)
    shown = [
        Kpi("Revenue", money(revenue), f"{change(g)} vs LY", None if g is None else g >= 0),
        Kpi("Accounts buying (12 months)", f"{len(ranked):,}"),
        Kpi("Class A accounts", f"{(ranked['abc_class'] == 'A').sum():,}"),
    ]
    if show_margin and monthly["revenue_with_cost"].sum():
        rate = monthly["known_margin"].sum() / monthly["revenue_with_cost"].sum()
        shown.insert(1, Kpi("Gross margin (costed lines)", f"{rate:.1%}"))
    return shown


def _labels(frame: pd.DataFrame, name: str = "name") -> list[str]:
    return [f"{n} ({a})" for n, a in zip(frame[name], frame["account_id"], strict=True)]


def _overview(deck: Deck, meeting: Meeting, show_margin: bool) -> None:
    f = meeting.filters
    slide = deck.slide(
        "Portfolio overview",
        f"{f.start:%d %b %Y} to {f.end:%d %b %Y} against the same dates last year",
    )
    deck.kpis(slide, _portfolio_kpis(meeting.monthly, meeting.ranking, show_margin), Inches(1.5))
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
    )


def _ranking(deck: Deck, meeting: Meeting) -> None:
    ranked = meeting.ranking
    top = ranking.revenue_share_of_top(ranked) if len(ranked) else 0.0
    slide = deck.slide(
        "Accounts ranking",
        f"The top 20% of accounts make {top:.0%} of revenue over the last twelve months",
    )
    leaders = ranked.head(10).iloc[::-1]  # bar charts draw bottom-up: largest on top
    deck.chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        _labels(leaders),
        {"Revenue, 12 months": (leaders["revenue_12m"], THIS_YEAR)},
        (MARGIN, Inches(1.5), Inches(7.6), Inches(5.4)),
        "Top 10 accounts by revenue, last 12 months",
    )
    classes = ranking.class_summary(ranked)
    deck.table(
        slide,
        pd.DataFrame(
            {
                "Class": classes["abc_class"],
                "Accounts": classes["accounts"].map("{:,}".format),
                "Revenue": classes["revenue_12m"].map(money),
                "Share": classes["share"].map("{:.0%}".format),
            }
        ),
        (Inches(8.4), Inches(1.8), Inches(4.4), Inches(1.6)),
    )


def _stock(deck: Deck, risk: pd.DataFrame) -> None:
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
        point.format.fill.fore_color.rgb = _rgb(RISK_COLOURS[level])
    worst = risk[risk["risk"] == "high"].sort_values(
        ["revenue_at_risk", "account_id"], ascending=[False, True]
    )
    worst = worst.head(10)
    deck.table(
        slide,
        pd.DataFrame(
            {
                "Account": worst["account"],
                "SKU": worst["sku"],
                "Runs out": pd.to_datetime(worst["stockout_date"]).dt.strftime("%d %b"),
                "Revenue at risk": worst["revenue_at_risk"].map(money),
                "Propose (units)": worst["suggested_order_qty"].map("{:,.0f}".format),
            }
        ),
        (Inches(5.0), Inches(1.5), Inches(7.8), Inches(4.5)),
    )


def _payouts(deck: Deck, payouts: pd.DataFrame) -> None:
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
    )
    per_account = payouts.groupby(["account_id", "name"], as_index=False)[
        ["payout", "projected_payout"]
    ].sum()
    leaders = per_account.sort_values("projected_payout", ascending=False).head(10)
    deck.table(
        slide,
        pd.DataFrame(
            {
                "Account": _labels(leaders),
                "Owed": leaders["payout"].map(money),
                "Projected": leaders["projected_payout"].map(money),
            }
        ),
        (Inches(6.2), Inches(1.5), Inches(6.6), Inches(4.5)),
    )


def _account(
    deck: Deck, brief: AccountBrief, points: Sequence[TalkingPoint], show_margin: bool
) -> None:
    facts = brief.header.iloc[0]
    slide = deck.slide(
        f"{brief.name} ({brief.account_id})",
        f"Tier {facts['tier'] if pd.notna(facts['tier']) else '–'} · {facts['manager']} · "
        f"{brief.start:%d %b %Y} to {brief.end:%d %b %Y} against the same dates last year",
    )
    deck.kpis(slide, account_brief.kpis(brief.kpis, show_margin), Inches(1.5))
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
    )
    said = [p.text for p in points[:POINTS_PER_SLIDE]] or ["Nothing stands out against last year."]
    deck.text(
        slide, "Talking points", Inches(7.4), Inches(2.8), Inches(5.4), Inches(0.4), 16, bold=True
    )
    deck.text(slide, said, Inches(7.4), Inches(3.25), Inches(5.4), Inches(3.6), 14, bullets=True)


def meeting_deck(
    meeting: Meeting,
    points: Sequence[Sequence[TalkingPoint]],
    risk: pd.DataFrame | None,
    freshness: str = "",
    show_margin: bool = True,
) -> bytes:
    """The deck as .pptx bytes; `points[i]` are the talking points of `meeting.accounts[i]`.

    `risk` is stock_plan.risk (None without stock data: the stock slide is left out).
    """
    f = meeting.filters
    deck = Deck(f"As of {f.end:%d %b %Y}" + (f" · {freshness}" if freshness else ""))
    title = deck.slide("Key account meeting", f"Portfolio review as of {f.end:%d %B %Y}")
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
    _overview(deck, meeting, show_margin)
    if not meeting.ranking.empty:
        _ranking(deck, meeting)
    if risk is not None and not risk.empty:
        _stock(deck, risk)
    if not meeting.payouts.empty:
        _payouts(deck, meeting.payouts)
    for brief, said in zip(meeting.accounts, points, strict=True):
        _account(deck, brief, said, show_margin)
    return deck.to_bytes()
