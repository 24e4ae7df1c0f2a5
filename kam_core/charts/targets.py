"""Plan charts: actual against the phased target through the year, and the projection."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import LAST_YEAR, TEMPLATE, THIS_YEAR, WARN


def plan_cumulative(curve: pd.DataFrame, title: str) -> go.Figure:
    """Cumulative actual (to the as-of date), phased target and projection (from it) per day.

    curve: day, actual, target, projection as `accounts.targets.cumulative` gives them."""
    fig = go.Figure()
    fig.add_scatter(
        x=curve["day"],
        y=curve["target"],
        name="Target (phased)",
        mode="lines",
        line={"color": LAST_YEAR, "width": 3, "dash": "dash"},
        hovertemplate="¤%{y:,.0f}<extra>Target</extra>",
    )
    fig.add_scatter(
        x=curve["day"],
        y=curve["projection"],
        name="Projection",
        mode="lines",
        line={"color": WARN, "width": 3, "dash": "dot"},
        connectgaps=False,
        hovertemplate="¤%{y:,.0f}<extra>Projection</extra>",
    )
    fig.add_scatter(
        x=curve["day"],
        y=curve["actual"],
        name="Actual",
        mode="lines+markers",
        line={"color": THIS_YEAR, "width": 3},
        hovertemplate="¤%{y:,.0f}<extra>Actual</extra>",
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        yaxis_title="Revenue, cumulative (¤)",
        xaxis={"tickformat": "%b"},
        height=380,
    )
    return fig
