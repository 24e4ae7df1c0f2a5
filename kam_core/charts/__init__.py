"""Chart builders: DataFrame in, Plotly figure out; pure, tested as data (fig.to_dict()).

One look for every chart: the `kam` template, this year in the brand colour, last year in grey,
risk in red. `for_presentation` restyles any figure for a projector.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

THIS_YEAR = "#1f4e79"
LAST_YEAR = "#a6a6a6"
GOOD = "#2e7d32"
BAD = "#c62828"
WARN = "#ef6c00"
PALETTE = ["#1f4e79", "#ef6c00", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41",
           "#546e7a"]
RISK_COLOURS = {"high": BAD, "medium": WARN, "low": GOOD}

pio.templates["kam"] = go.layout.Template(
    layout=go.Layout(
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13},
        colorway=PALETTE,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        xaxis={"showgrid": False},
        yaxis={"gridcolor": "#eeeeee", "zeroline": False},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
)
TEMPLATE = "plotly_white+kam"


def for_presentation(fig: go.Figure, stamp: str) -> go.Figure:
    """A copy with larger type and `stamp` (as-of date, data freshness) in the bottom corner."""
    shown = go.Figure(fig)
    shown.update_layout(font={"size": 20}, title_font={"size": 26},
                        margin={"l": 20, "r": 20, "t": 70, "b": 60})
    shown.add_annotation(text=stamp, xref="paper", yref="paper", x=1, y=-0.12,
                         xanchor="right", yanchor="top", showarrow=False,
                         font={"size": 14, "color": "#555555"})
    return shown
