"""Chart builders: DataFrame in, Plotly figure out; pure, tested as data (fig.to_dict()).

One look for every chart: the `kam` template, this year in the brand colour, last year in grey,
risk in red. `for_presentation` restyles any figure for a projector; `in_currency` puts the
company's currency symbol where a builder wrote '¤' (money axes and hovers).
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kam_core.data import formats

THIS_YEAR = "#1f4e79"
LAST_YEAR = "#a6a6a6"
GOOD = "#2e7d32"
BAD = "#c62828"
WARN = "#ef6c00"
PALETTE = ["#1f4e79", "#ef6c00", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#546e7a"]
RISK_COLOURS = {"high": BAD, "medium": WARN, "low": GOOD}

pio.templates["kam"] = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13},
        colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="x unified",
        # Under the plot, at the foot of the figure (which grows to hold it): above the plot,
        # beside the title, the two collide on a phone.
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "xanchor": "left",
            "x": 0,
        },
        xaxis={"showgrid": False},
        yaxis={"gridcolor": "#eeeeee", "zeroline": False},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
)
TEMPLATE = "plotly_white+kam"
# The projector's type, read from the back of a meeting room; on top of TEMPLATE.
pio.templates["kam_projector"] = go.layout.Template(
    layout=go.Layout(
        font={"size": 20},
        title={"font": {"size": 26}},
        legend={"font": {"size": 18}},
        hoverlabel={"font": {"size": 18}},
        xaxis={"title": {"font": {"size": 20}}, "tickfont": {"size": 17}},
        yaxis={"title": {"font": {"size": 20}}, "tickfont": {"size": 17}},
    )
)
PROJECTOR = TEMPLATE + "+kam_projector"
MONTH_TICKS = 18  # more months than this get a tick every second, third... month
TITLE_LINE = 42  # characters of a title line: what a phone's width shows at the title's size


def month_axis(months: Sequence[date] | pd.Series) -> dict[str, object]:
    """An x axis with one labelled tick per month of `months` (first days), on the month itself,
    never a month twice; a long span labels every k-th month, k chosen to fit MONTH_TICKS."""
    firsts = sorted({pd.Timestamp(m).to_period("M").to_timestamp() for m in months})
    step = max(1, math.ceil(len(firsts) / MONTH_TICKS))
    ticks = firsts[::step]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [f"{t:%b %Y}" for t in ticks],
    }


def for_screen(fig: go.Figure, wrap: bool = True) -> go.Figure:
    """A copy whose title and legend read as typed on any screen: their text escaped (Plotly
    reads tags in them, and a title may hold an account's or a promotion's name) and, with
    `wrap`, a title longer than TITLE_LINE wrapped at words, so a phone shows it whole."""
    shown = go.Figure(fig)
    title = shown.layout.title.text
    if title:
        width = TITLE_LINE if wrap else len(title)
        lines = textwrap.wrap(title, width, break_long_words=False, break_on_hyphens=False)
        shown.update_layout(title={"text": "<br>".join(html.escape(line) for line in lines)})
        if len(lines) > 1:  # just above the plot, the top margin growing to hold every line
            shown.update_layout(
                title={
                    "yref": "paper",
                    "y": 1,
                    "yanchor": "bottom",
                    "automargin": True,
                    "pad": {"b": 12},
                }  # fmt: skip
            )
    for trace in shown.data:
        if isinstance(getattr(trace, "name", None), str):
            trace.name = html.escape(trace.name)
    return shown


def for_presentation(fig: go.Figure, stamp: str) -> go.Figure:
    """A copy in the projector's type (PROJECTOR), `stamp` (the context line) under the title."""
    shown = go.Figure(fig)
    # The stamp is the title's subtitle (below the plot it collided with rotated tick labels and
    # axis titles); the title is pinned to the top and the top margin is deep enough to keep
    # the legend, drawn just above the plot, clear of it.
    shown.update_layout(
        template=PROJECTOR,
        title={
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12},
            "subtitle": {"text": stamp, "font": {"size": 15, "color": "#555555"}},
        },
        margin={"l": 20, "r": 20, "t": 150, "b": 40},
        height=(fig.layout.height or 450) + 100,  # the plot keeps its room
    )
    return shown


def in_currency(fig: go.Figure, style: formats.Style = formats.DEFAULT) -> go.Figure:
    """A copy in the company's currency and locale: every '¤' (CLDR's sign for "the currency")
    in titles, texts and hovers becomes its symbol, on the locale's side of the number, and
    numbers take the locale's decimal and group separators."""
    sign = formats.symbol(style)
    after = formats.currency_after(style)

    def swap(value: Any) -> Any:
        if isinstance(value, str) and "¤" in value:
            if after:  # "¤%{y:,.0f}" -> "%{y:,.0f} €"
                value = re.sub(r"¤(%\{[^}]*\}|[-+]?[\d.,]+)", "\\1\u00a0" + sign, value)
            return value.replace("¤", sign)
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(swap(v) for v in value)
        return value

    shown = go.Figure(swap(fig.to_dict()))
    shown.update_layout(separators=formats.separators(style))
    return shown
