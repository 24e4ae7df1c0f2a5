"""Service charts: the OTIF trend with the peak months shaded, the accounts delivered worst, the
walk from gross margin to net contribution, and the accounts ranked by what they really pay."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import BAD, GOOD, LAST_YEAR, TEMPLATE, THIS_YEAR, WARN, month_axis


def _label(table: pd.DataFrame) -> pd.Series:
    return table["name"].fillna(table["account_id"]) + " (" + table["account_id"] + ")"


def otif_trend(monthly: pd.DataFrame, peak_months: Sequence[int]) -> go.Figure:
    """OTIF and on-time rate per month (fractions, from delivery.rates by month); the months
    of the peak season shaded."""
    months = pd.to_datetime(monthly["month"])
    fig = go.Figure()
    fig.add_scatter(
        x=months, y=monthly["otif_rate"], name="OTIF", mode="lines+markers",
        line={"color": THIS_YEAR, "width": 3},
        hovertemplate="%{y:.1%}<extra>OTIF</extra>",
    )  # fmt: skip
    fig.add_scatter(
        x=months, y=monthly["on_time_rate"], name="On time", mode="lines",
        line={"color": LAST_YEAR, "width": 2, "dash": "dot"},
        hovertemplate="%{y:.1%}<extra>On time</extra>",
    )  # fmt: skip
    # Each peak month's band reaches halfway to its neighbours, so adjacent months join up.
    for month in months[months.dt.month.isin(list(peak_months))]:
        before, after = month - pd.DateOffset(months=1), month + pd.DateOffset(months=1)
        fig.add_vrect(
            x0=month - (month - before) / 2, x1=month + (after - month) / 2,
            fillcolor=WARN, opacity=0.12, line_width=0, layer="below",
        )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title="OTIF per month, peak shaded",
        yaxis={"title": "Share of lines", "tickformat": ".0%", "rangemode": "tozero"},
        xaxis=month_axis(months),
        height=380,
    )
    return fig


def worst_accounts(worst: pd.DataFrame) -> go.Figure:
    """OTIF of the accounts delivered worst (delivery.worst rows with a name), lowest at top."""
    fig = go.Figure(
        go.Bar(
            y=_label(worst), x=worst["otif_rate"], orientation="h", marker_color=BAD,
            customdata=worst[["lines"]].to_numpy(),
            hovertemplate="%{y}<br>OTIF %{x:.1%} of %{customdata[0]:,} lines<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title=f"Worst {len(worst)} accounts by OTIF",
        xaxis={"title": "OTIF", "tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
        height=160 + 28 * len(worst),
        hovermode="closest",
    )
    return fig


def net_contribution_walk(steps: pd.DataFrame) -> go.Figure:
    """Waterfall from gross margin through each cost (cost_to_serve.waterfall) to net
    contribution."""
    fig = go.Figure(
        go.Waterfall(
            x=steps["step"],
            y=steps["amount"],
            measure=["absolute", "relative", "relative", "relative", "total"],
            decreasing={"marker": {"color": BAD}},
            increasing={"marker": {"color": GOOD}},
            totals={"marker": {"color": THIS_YEAR}},
            text=[f"{v:,.0f}" for v in steps["amount"]],
            textposition="outside",
            connector={"line": {"color": "#bbbbbb"}},
            hovertemplate="%{x}: ¤%{y:,.0f}<extra></extra>",
        )
    )
    high = max(steps["amount"].iloc[0], steps["amount"].iloc[-1], 0)
    low = min(steps["amount"].iloc[-1], 0)
    fig.update_layout(
        template=TEMPLATE,
        title="Gross margin to net contribution",
        yaxis={"title": "Amount (¤)", "range": [low * 1.15, high * 1.15]},
        showlegend=False,
        height=400,
    )
    return fig


def contribution_ranking(table: pd.DataFrame, top: int = 10) -> go.Figure:
    """Net contribution of the `top` accounts that pay most and the `top` that pay least
    (cost_to_serve rows with a name), negative ones in red."""
    shown = pd.concat([table.head(top), table.tail(top)]).drop_duplicates("account_id")
    fig = go.Figure(
        go.Bar(
            y=_label(shown), x=shown["net_contribution"], orientation="h",
            marker_color=[GOOD if v >= 0 else BAD for v in shown["net_contribution"]],
            customdata=shown[["cost_to_serve_share"]].to_numpy(),
            hovertemplate="%{y}<br>net contribution ¤%{x:,.0f}<br>cost to serve "
            "%{customdata[0]:.1%} of revenue<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title="Who really pays: net contribution",
        xaxis_title="Net contribution (¤)",
        yaxis={"autorange": "reversed"},
        height=160 + 24 * len(shown),
        hovermode="closest",
    )
    return fig
