"""The PDF base every printable report builds on: A4, header and footer, KPIs, tables, charts.

Drawn with fpdf2 primitives only (no browser, no image renderer). Units are millimetres. Text is
set in the Unicode font of reports.fonts, so names print in any script; without it, in the
built-in Helvetica, which covers Latin-1 only (other characters print as '?').
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from kam_core.charts import BAD, GOOD, LAST_YEAR, THIS_YEAR
from kam_core.data.context import day
from kam_core.data.formats import DEFAULT, Kpi
from kam_core.reports.drawing import INK, MUTED, RULE, ChartCanvas, rgb

LABEL_WIDTH = 60  # mm a name under a circle of the org chart is centred in


class Report(ChartCanvas):
    """An A4 portrait report whose every page carries the company's name, the title, the as-of
    date and the context line (period, filters in force, data freshness)."""

    def __init__(
        self, title: str, as_of: date, context: str = "", company: str = DEFAULT.company
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.company = self.printable(company)  # as typed: plain text, never markup
        self.report_title = self.printable(title)
        self.as_of = f"As of {day(as_of)}"
        self.context = self.printable(context)  # kam_core.data.context: period, filters, freshness
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=16)
        self.set_title(self.report_title)
        self.add_page()

    def header(self) -> None:
        self.set_font(self.family, "B", 9)
        self.set_text_color(*MUTED)
        dated = self.get_string_width(self.as_of) + 4
        self.cell(0, 5, self.as_of, align="R")
        self.set_x(self.l_margin)
        # A long name (up to formats.COMPANY_CHARACTERS) wraps beside the date, never over it.
        self.multi_cell(self.epw - dated, 5, self.company, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.context:  # its own line: with several filters it is longer than half a page
            self.set_font(self.family, "", 8)
            self.multi_cell(0, 4, self.context, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, self.report_title)
        self.cell(self.epw / 2, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font(self.family, "B", 18)
        self.set_text_color(*INK)
        self.multi_cell(0, 8, self.printable(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(self.family, "", 10)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 5, self.printable(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def heading(self, text: str) -> None:
        if self.get_y() + 25 > self.page_break_trigger:
            self.add_page()  # a heading never sits alone at the foot of a page
        self.ln(2)
        self.set_font(self.family, "B", 12)
        self.set_text_color(*rgb(THIS_YEAR))
        self.cell(0, 7, self.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def paragraph(self, text: str, size: float = 9.5) -> None:
        self.set_font(self.family, "", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, self.printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, items: Sequence[str], size: float = 9.5) -> None:
        self.set_font(self.family, "", size)
        self.set_text_color(*INK)
        for item in items:
            self.cell(5, size * 0.5, "•" if self.unicode else chr(149))  # cp1252's bullet
            self.multi_cell(
                0, size * 0.5, self.printable(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            self.ln(0.8)

    def kpi_row(self, kpis: Sequence[Kpi]) -> None:
        """KPIs side by side in boxes: label, big value, coloured change."""
        if not kpis:
            return
        gap, top = 3.0, self.get_y()
        width = (self.epw - gap * (len(kpis) - 1)) / len(kpis)
        self.set_draw_color(*RULE)
        for i, kpi in enumerate(kpis):
            x = self.l_margin + i * (width + gap)
            self.rect(x, top, width, 20)
            self.set_xy(x + 2, top + 1.5)
            self.set_font(self.family, "", 8)
            self.set_text_color(*MUTED)
            self.cell(width - 4, 4, self.printable(kpi.label))
            self.set_xy(x + 2, top + 6)
            self.set_font(self.family, "B", 14)
            self.set_text_color(*INK)
            self.cell(width - 4, 7, self.printable(kpi.value))
            if kpi.change:
                colour = MUTED if kpi.good is None else rgb(GOOD if kpi.good else BAD)
                self.set_xy(x + 2, top + 13.5)
                self.set_font(self.family, "", 8)
                self.set_text_color(*colour)
                self.cell(width - 4, 4, self.printable(kpi.change))
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, top + 23)

    def key_values(self, pairs: Sequence[tuple[str, str]], columns: int = 2) -> None:
        """Label: value pairs laid out in `columns` columns."""
        width = self.epw / columns
        for start in range(0, len(pairs), columns):
            for label, value in pairs[start : start + columns]:
                self.set_font(self.family, "B", 9)
                self.cell(width * 0.35, 5.5, self.printable(label))
                self.set_font(self.family, "", 9)
                self.cell(width * 0.65, 5.5, self.printable(value))
            self.ln(5.5)

    def data_table(
        self,
        frame: pd.DataFrame,
        widths: Sequence[float] | None = None,
        align: Sequence[str] | None = None,
        size: float = 8.5,
    ) -> None:
        """`frame` as a ruled table with a header row; cells are printed as given (format first)."""
        if frame.empty:
            return
        self.set_font(self.family, "", size)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)
        with self.table(
            col_widths=tuple(widths) if widths else None,
            text_align=tuple(align) if align else "LEFT",
            line_height=size * 0.5,
            headings_style=FontFace(emphasis=None if self.unicode else "BOLD", color=MUTED),
            first_row_as_headings=True,
            borders_layout="HORIZONTAL_LINES",
            padding=0.8,
        ) as table:
            table.row([self.printable(c) for c in frame.columns])
            for values in frame.itertuples(index=False):
                table.row(["" if pd.isna(v) else self.printable(v) for v in values])
        self.ln(1)

    def tree(self, nodes: pd.DataFrame, title: str, legend: Mapping[str, str]) -> None:
        """An organisation chart: `nodes` with id, manager (id or <NA>), x, depth, label (lines
        split by newline), colour (hex) and radius (mm); tops at the top, the page's width;
        `legend`: the colours' names."""
        if nodes.empty:
            return
        levels = int(nodes["depth"].max()) + 1
        step_y = 14.0
        if self.will_page_break(step_y * levels + 20):  # heading, legend, levels, last labels
            self.add_page()
        self.heading(title)
        self._legend(legend)
        top = self.get_y() + 6
        span = max(float(nodes["x"].max()), 1.0)
        left = self.l_margin + 14
        width = self.epw - 28
        place = {
            int(n.id): (left + width * float(n.x) / span, top + step_y * int(n.depth))
            for n in nodes.itertuples()
        }
        if len(nodes) == 1:
            place = {k: (self.l_margin + self.epw / 2, y) for k, (_, y) in place.items()}
        self.set_draw_color(*RULE)
        for n in nodes[nodes["manager"].notna()].itertuples():
            (x0, y0), (x1, y1) = place[int(n.manager)], place[int(n.id)]
            below = nodes.loc[nodes["id"] == n.manager, "radius"].iloc[0] + 6  # under the label
            self.line(x0, y0 + below, x1, y1 - n.radius)
        self.set_font(self.family, "", 6.5)
        self.set_text_color(*INK)
        for n in nodes.itertuples():
            x, y = place[int(n.id)]
            self.set_fill_color(*rgb(n.colour))
            self.ellipse(x - n.radius, y - n.radius, 2 * n.radius, 2 * n.radius, style="F")
            # The room under the circle: up to the nearest neighbour on its level, within the
            # page (a negative x counts from the right in fpdf2).
            beside = [abs(x - ox) for k, (ox, oy) in place.items() if oy == y and k != n.id]
            width = min(LABEL_WIDTH, min(beside, default=LABEL_WIDTH) - 1, 2 * x)
            for i, line in enumerate(str(n.label).split("\n")):
                # A cell, not FPDF.text: only cells print a letter the font lacks in the
                # fallback font (Hebrew, Arabic), so a name in any script prints.
                self.set_xy(x - width / 2, y + n.radius + 0.6 + 2.6 * i)
                self.cell(width, 2.6, self._fitted(self.printable(line), width), align="C")
        self.set_y(top + step_y * (levels - 1) + 9)

    def _fitted(self, text: str, width: float) -> str:
        """`text`, cut with an ellipsis to fit `width` mm in the current font (labels on a
        map must not run into their neighbours; the journal and the app show them whole)."""
        if self.get_string_width(text) <= width:
            return text
        more = "…" if self.unicode else "..."  # the built-in fonts have no ellipsis
        while text and self.get_string_width(text + more) > width:
            text = text[:-1]
        return text.rstrip() + more

    def to_bytes(self) -> bytes:
        return bytes(self.output())


LY_COLOURS = {"This year": THIS_YEAR, "Last year": LAST_YEAR}  # series names for year-on-year
