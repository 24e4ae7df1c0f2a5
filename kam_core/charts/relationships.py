"""The relationship map: the account's people as an organisation chart, coloured by how strong
our relationship is, sized by their influence, each with the day we last met them."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import BAD, GOOD, LAST_YEAR, TEMPLATE, WARN
from kam_core.data import formats

RELATIONSHIP_COLOURS = {"strong": GOOD, "neutral": LAST_YEAR, "weak": WARN, "none": BAD}
INFLUENCE_SIZES = {"high": 34, "medium": 22, "low": 13}
UNKNOWN_SIZE = 16


def met_label(last_met: object) -> str:
    """'met 3 Dec 2026' or 'never met': the last meeting as the map and the PDF say it."""
    return "never met" if pd.isna(last_met) else f"met {formats.day(last_met)}"  # type: ignore[arg-type]


def relationship_map(chart: pd.DataFrame) -> go.Figure:
    """`chart`: org_chart.layout of active contacts with last_met (coverage.last_meetings); the
    top of the organisation at the top. Names are escaped: Plotly reads tags in text."""
    fig = go.Figure()
    at = chart.set_index("id")
    for row in chart[chart["manager"].notna()].itertuples():
        boss = at.loc[int(row.manager)]
        fig.add_scatter(
            x=[boss["x"], row.x],
            y=[-boss["depth"], -row.depth],
            mode="lines",
            line={"color": "#cccccc", "width": 1.5},
            hoverinfo="skip",
            showlegend=False,
        )
    for relationship, colour in RELATIONSHIP_COLOURS.items():
        group = chart[chart["relationship"].fillna("none") == relationship]
        if group.empty:
            continue
        names = group["name"].map(lambda n: html.escape(str(n)))
        titles = group["title"].fillna(group["role"]).fillna("").map(lambda t: html.escape(str(t)))
        met = group["last_met"].map(met_label)
        fig.add_scatter(
            x=group["x"],
            y=-group["depth"],
            mode="markers+text",
            name=relationship,
            marker={
                "color": colour,
                "size": group["influence"].map(INFLUENCE_SIZES).fillna(UNKNOWN_SIZE).tolist(),
                "line": {"color": "white", "width": 1},
            },
            text=(names + "<br>" + titles + "<br>" + met).tolist(),
            textposition="bottom center",
            textfont={"size": 11},
            customdata=group["influence"].fillna("unknown"),
            hovertemplate="%{text}<br>influence %{customdata}<extra>%{fullData.name}</extra>",
        )
    depth = int(chart["depth"].max()) if len(chart) else 0
    fig.update_layout(
        template=TEMPLATE,
        title="Relationship map (size: influence)",
        showlegend=True,
        # Under the chart: above it, beside the title, the two collide on a phone.
        legend={"orientation": "h", "yanchor": "top", "y": 0, "xanchor": "left", "x": 0},
        hovermode="closest",
        height=max(260, 150 * (depth + 1) + 60),
        xaxis={"visible": False, "range": [chart["x"].min() - 0.7, chart["x"].max() + 0.7]}
        if len(chart)
        else {"visible": False},
        yaxis={"visible": False, "range": [-depth - 0.8, 0.4]},
    )
    return fig
