"""The PDF base every printable report builds on: A4, header and footer, KPIs, tables, charts.

Drawn with fpdf2 primitives only (no browser, no image renderer). Units are millimetres. The
built-in Helvetica covers Latin-1; other characters are replaced so that any account name prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from kam_core.charts import BAD, GOOD, LAST_YEAR, THIS_YEAR
from kam_core.reports import Kpi

INK = (33, 33, 33)
MUTED = (110, 110, 110)
RULE = (210, 210, 210)
_TYPOGRAPHY = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}
)


def latin1(text: object) -> str:
    """`text` printable in the built-in fonts: dashes and quotes simplified, the rest replaced."""
    return str(text).translate(_TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f4e79' -> (31, 78, 121), so PDFs use the app's chart colours."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def axis_label(value: float) -> str:
    """A short axis tick: 1,250,000 -> '1.25M', 40,000 -> '40k'."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _nice_top(value: float) -> float:
    """The smallest 1/2/2.5/5 x 10^n at or above `value`, so the axis ends on a round number."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


def _runs(values: Sequence[float]) -> list[list[int]]:
    """Indexes of the consecutive non-missing values: [1, nan, 2, 3] -> [[0], [2, 3]]."""
    runs: list[list[int]] = [[]]
    for i, v in enumerate(values):
        if pd.isna(v):
            runs.append([])
        else:
            runs[-1].append(i)
    return [r for r in runs if r]


class Report(FPDF):
    """An A4 portrait report whose every page carries the title, as-of date and data freshness."""

    def __init__(self, title: str, as_of: date, freshness: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = latin1(title)
        self.stamp = latin1(f"As of {as_of:%d %b %Y}" + (f" · {freshness}" if freshness else ""))
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, margin=16)
        self.set_title(self.report_title)
        self.add_page()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, "KAM Dashboard")
        self.cell(self.epw / 2, 5, self.stamp, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw / 2, 5, self.report_title)
        self.cell(self.epw / 2, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font("Helvetica", "B", 18)
        self.set_text_color(*INK)
        self.multi_cell(0, 8, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font("Helvetica", "", 10)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 5, latin1(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def heading(self, text: str) -> None:
        if self.get_y() + 25 > self.page_break_trigger:
            self.add_page()  # a heading never sits alone at the foot of a page
        self.ln(2)
        self.set_font("Helvetica", "B", 12)
        self.set_text_color(*rgb(THIS_YEAR))
        self.cell(0, 7, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def paragraph(self, text: str, size: float = 9.5) -> None:
        self.set_font("Helvetica", "", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, items: Sequence[str], size: float = 9.5) -> None:
        self.set_font("Helvetica", "", size)
        self.set_text_color(*INK)
        for item in items:
            self.cell(5, size * 0.5, chr(149))  # Latin-1 bullet
            self.multi_cell(0, size * 0.5, latin1(item), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
            self.set_font("Helvetica", "", 8)
            self.set_text_color(*MUTED)
            self.cell(width - 4, 4, latin1(kpi.label))
            self.set_xy(x + 2, top + 6)
            self.set_font("Helvetica", "B", 14)
            self.set_text_color(*INK)
            self.cell(width - 4, 7, latin1(kpi.value))
            if kpi.change:
                colour = MUTED if kpi.good is None else rgb(GOOD if kpi.good else BAD)
                self.set_xy(x + 2, top + 13.5)
                self.set_font("Helvetica", "", 8)
                self.set_text_color(*colour)
                self.cell(width - 4, 4, latin1(kpi.change))
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, top + 23)

    def key_values(self, pairs: Sequence[tuple[str, str]], columns: int = 2) -> None:
        """Label: value pairs laid out in `columns` columns."""
        width = self.epw / columns
        for start in range(0, len(pairs), columns):
            for label, value in pairs[start : start + columns]:
                self.set_font("Helvetica", "B", 9)
                self.cell(width * 0.35, 5.5, latin1(label))
                self.set_font("Helvetica", "", 9)
                self.cell(width * 0.65, 5.5, latin1(value))
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
        self.set_font("Helvetica", "", size)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)
        with self.table(
            col_widths=tuple(widths) if widths else None,
            text_align=tuple(align) if align else "LEFT",
            line_height=size * 0.5,
            headings_style=FontFace(emphasis="BOLD", color=MUTED),
            first_row_as_headings=True,
            borders_layout="HORIZONTAL_LINES",
            padding=0.8,
        ) as table:
            table.row([latin1(c) for c in frame.columns])
            for values in frame.itertuples(index=False):
                table.row(["" if pd.isna(v) else latin1(v) for v in values])
        self.ln(1)

    def line_chart(
        self,
        frame: pd.DataFrame,
        x: str,
        series: Mapping[str, str],
        title: str,
        height: float = 50,
    ) -> None:
        """Lines of `series` (column -> '#colour') against the labels in column `x`."""
        self._chart(frame, x, series, title, height, bars=False)

    def bar_chart(
        self,
        frame: pd.DataFrame,
        x: str,
        series: Mapping[str, str],
        title: str,
        height: float = 50,
    ) -> None:
        """Grouped bars of `series` (column -> '#colour') per label in column `x`."""
        self._chart(frame, x, series, title, height, bars=True)

    def _chart(
        self,
        frame: pd.DataFrame,
        x: str,
        series: Mapping[str, str],
        title: str,
        height: float,
        bars: bool,
    ) -> None:
        if frame.empty or not series:
            return
        if self.get_y() + height + 10 > self.page_break_trigger:
            self.add_page()
        self.set_font("Helvetica", "B", 9.5)
        self.set_text_color(*INK)
        self.cell(self.epw * 0.5, 5, latin1(title))
        self._legend(series)
        top = self.get_y() + 2
        left, right = self.l_margin + 14, self.w - self.r_margin
        bottom = top + height - 8
        values = frame[list(series)].astype(float)
        y_top = _nice_top(float(values.max().max(skipna=True) or 0))
        self.set_font("Helvetica", "", 7)
        self.set_text_color(*MUTED)
        for i in range(5):  # four bands: enough to read a level without clutter
            y = bottom - (bottom - top) * i / 4
            self.set_draw_color(*RULE)
            self.line(left, y, right, y)
            self.set_xy(self.l_margin, y - 2)
            self.cell(12, 4, axis_label(y_top * i / 4), align="R")
        n = len(frame)
        step = (right - left) / n
        every = max(1, n // 12)  # at most ~12 x labels so they never overlap
        for i, label in enumerate(frame[x]):
            if i % every == 0:
                self.set_xy(left + i * step, bottom + 0.5)
                self.cell(step, 4, latin1(label), align="C")
        for k, (column, colour) in enumerate(series.items()):
            self.set_draw_color(*rgb(colour))
            self.set_fill_color(*rgb(colour))
            ys = [bottom - (bottom - top) * (v / y_top) for v in values[column].fillna(0)]
            if bars:
                width = step * 0.8 / len(series)
                for i, y in enumerate(ys):
                    self.rect(left + i * step + step * 0.1 + k * width, y, width, bottom - y, "F")
            else:
                self.set_line_width(0.6)
                for run in _runs(values[column].tolist()):  # a gap in the data is a gap in the line
                    points = [(left + (i + 0.5) * step, ys[i]) for i in run]
                    if len(points) > 1:
                        self.polyline(points)
                self.set_line_width(0.2)
        self.set_text_color(*INK)
        self.set_xy(self.l_margin, bottom + 6)

    def _legend(self, series: Mapping[str, str]) -> None:
        self.set_font("Helvetica", "", 8)
        x = self.w - self.r_margin
        for column in reversed(list(series)):
            text = latin1(column)
            x -= self.get_string_width(text) + 8
            self.set_fill_color(*rgb(series[column]))
            self.rect(x, self.get_y() + 1.5, 3, 3, "F")
            self.set_xy(x + 4, self.get_y())
            self.cell(self.get_string_width(text) + 2, 5, text)
        self.set_xy(self.l_margin, self.get_y() + 5)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


LY_COLOURS = {"This year": THIS_YEAR, "Last year": LAST_YEAR}  # series names for year-on-year
