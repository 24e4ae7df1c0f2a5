"""Drawing on an fpdf2 page: colours, text in the Unicode font (or Latin-1), native charts.

Charts are drawn with fpdf2 primitives (lines, rectangles, polylines) from a DataFrame: no
browser and no image renderer. Units are millimetres.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from fpdf import FPDF
from fpdf.enums import TextEmphasis

from kam_core.reports import fonts

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


class ChartCanvas(FPDF):
    """An fpdf2 document that can draw a titled line or bar chart across the page width."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.family = fonts.register(self)

    @property
    def unicode(self) -> bool:
        """Whether the document prints any character (else Latin-1 only, see fonts.MISSING)."""
        return self.family == fonts.FAMILY

    def set_font(
        self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0
    ) -> None:
        """As FPDF.set_font; the Unicode font has one face, so bold is set in its regular."""
        if family == fonts.FAMILY and isinstance(style, str):
            style = style.replace("B", "")
        super().set_font(family, style, size)

    def printable(self, text: object) -> str:
        """`text` as this document can print it: whole with the Unicode font, else Latin-1."""
        return str(text) if self.unicode else latin1(text)

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
        self.set_font(self.family, "B", 9.5)
        self.set_text_color(*INK)
        self.cell(self.epw * 0.5, 5, self.printable(title))
        self._legend(series)
        top = self.get_y() + 2
        left, right = self.l_margin + 14, self.w - self.r_margin
        bottom = top + height - 8
        values = frame[list(series)].astype(float)
        y_top = _nice_top(float(values.max().max(skipna=True) or 0))
        self.set_font(self.family, "", 7)
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
                self.cell(step, 4, self.printable(label), align="C")
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
        self.set_font(self.family, "", 8)
        x = self.w - self.r_margin
        for column in reversed(list(series)):
            text = self.printable(column)
            x -= self.get_string_width(text) + 8
            self.set_fill_color(*rgb(series[column]))
            self.rect(x, self.get_y() + 1.5, 3, 3, "F")
            self.set_xy(x + 4, self.get_y())
            self.cell(self.get_string_width(text) + 2, 5, text)
        self.set_xy(self.l_margin, self.get_y() + 5)
