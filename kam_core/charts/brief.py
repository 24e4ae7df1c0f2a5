"""Charts of the account brief: the revenue trend against last year and the product-mix shift."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import LAST_YEAR, TEMPLATE, THIS_YEAR


def trend(months: pd.DataFrame) -> go.Figure:
    """Monthly revenue (account_brief.trend: month label, This year, Last year) as two lines."""
    fig = go.Figure()
    for column, colour, dash in (("Last year", LAST_YEAR, "dot"), ("This year", THIS_YEAR, None)):
        fig.add_scatter(
            x=months["month"],
            y=months[column],
            name=column,
            mode="lines+markers",
            line={"color": colour, "width": 3, "dash": dash},
            hovertemplate="%{x}: ¤%{y:,.0f}<extra>" + column + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title="Monthly revenue against last year",
        xaxis_title="Month",
        yaxis_title="Revenue (¤)",
        height=320,
    )
    return fig


def mix(categories: pd.DataFrame) -> go.Figure:
    """Share of revenue per category (talking_points.category_changes) this period and last year."""
    ordered = categories.sort_values("share")
    fig = go.Figure()
    for column, name, colour in (
        ("share_ly", "Last year", LAST_YEAR),
        ("share", "This period", THIS_YEAR),
    ):
        fig.add_bar(
            y=ordered["category"],
            x=ordered[column],
            name=name,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}: %{x:.1%}<extra>" + name + "</extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title="Product mix: share of revenue",
        xaxis={"title": "Share of revenue", "tickformat": ".0%"},
        barmode="group",
        height=140 + 40 * len(ordered),
        hovermode="closest",
    )
    return fig
