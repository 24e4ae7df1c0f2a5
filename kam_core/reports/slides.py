"""Slides for PowerPoint (16:9): titles, KPI boxes, native charts and tables, an as-of footer.

Charts are native PowerPoint charts (python-pptx chart API): editable, restyled by the theme,
their data kept in the file.
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

from kam_core.charts import BAD, GOOD
from kam_core.data.formats import Kpi

WIDE, HIGH = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT = Emu(WIDE - 2 * MARGIN)  # width between the side margins
INK, MUTED = RGBColor(0x21, 0x21, 0x21), RGBColor(0x6E, 0x6E, 0x6E)
MONEY_AXIS = '#,##0,"k"'  # axis ticks in thousands: 900,000 reads 900k
# A formatted amount, count, share or change (formats): '$1.2M', '-€5K', '12.3%', '+1.6 pts',
# '1.234\xa0€', '–'; a currency sign from CLDR's common ones.
_SIGN = "[$€£¥₹₩₽¤]"
NUMBER = (
    rf"[-+]?(?:[A-Z]{{0,2}}{_SIGN})?[-+]?[\d.,\u00a0]*\d[\d.,]*"
    rf"(?:\u00a0?(?:{_SIGN}|[kKmMB%]|Mio\.|Mrd\.|万|亿)|\s?pts){{0,2}}|–"
)


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class Deck:
    """A 16:9 presentation whose slides share a title style and a footer with the
    context line (period, filters in force, data freshness)."""

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
                colour = MUTED if kpi.good is None else rgb(GOOD if kpi.good else BAD)
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
                fill.line.color.rgb = rgb(colour)
                fill.line.width = Pt(3)
                plot_series.smooth = False
            else:
                fill.fill.solid()
                fill.fill.fore_color.rgb = rgb(colour)
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
