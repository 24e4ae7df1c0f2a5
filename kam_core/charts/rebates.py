"""Rebate charts: payouts per account and programme, closeness to the next tier, the tier ladder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import GOOD, LAST_YEAR, PALETTE, TEMPLATE, THIS_YEAR, WARN
from kam_core.incentives.advice import buy_more
from kam_core.incentives.rebates import Position, Program, payout


def payout_bars(table: pd.DataFrame, top: int = 15) -> go.Figure:
    """Owed to date per account, stacked by programme, for the `top` accounts by projection."""
    labelled = table.assign(label=table["name"] + " (" + table.account_id + ")")
    totals = labelled.groupby("label")[["payout", "projected_payout"]].sum()
    leaders = totals.sort_values("projected_payout", ascending=False).head(top)
    shown = labelled[labelled.label.isin(leaders.index)]
    fig = go.Figure()
    for colour, (program_id, rows) in zip(PALETTE, shown.groupby("program_id"), strict=False):
        fig.add_bar(
            y=rows.label,
            x=rows.payout,
            name=f"{program_id} owed",
            orientation="h",
            marker_color=colour,
            hovertemplate="%{y}<br>" + program_id + " owed: ¤%{x:,.0f}<extra></extra>",
        )
    fig.add_scatter(
        y=leaders.index,
        x=leaders.projected_payout,
        name="Projected, all programmes",
        mode="markers",
        marker={"symbol": "line-ns-open", "size": 16, "color": "black", "line": {"width": 2}},
        hovertemplate="%{y}<br>projected: ¤%{x:,.0f}<extra></extra>",
    )
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        title=f"Rebate owed to date and projected, top {len(leaders)} accounts",
        xaxis_title="Rebate (¤)",
        yaxis={"categoryorder": "array", "categoryarray": list(leaders.index[::-1])},
        height=160 + 28 * len(leaders),
        hovermode="closest",
    )
    return fig


def closest_bars(closest: pd.DataFrame) -> go.Figure:
    """How much more basis each account needs for its next tier, as a share of that tier's basis."""
    label = closest["name"] + " · " + closest.program_id
    fig = go.Figure(
        go.Bar(
            y=label,
            x=closest.gap_share,
            orientation="h",
            marker_color=GOOD,
            text=[f"{g:,.0f} to go" for g in closest.gap_to_next_tier],
            textposition="outside",
            hovertemplate="%{y}<br>%{x:.1%} of the next tier's basis still to buy<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title="Closest to the next tier",
        hovermode="closest",
        xaxis={
            "title": "Still to buy, share of the next tier's basis",
            "tickformat": ".0%",
            "range": [0, max(float(closest.gap_share.max()) * 1.3, 0.01)],
        },
        yaxis={"autorange": "reversed"},
        height=140 + 30 * len(closest),
    )
    return fig


def tier_ladder(program: Program, now: Position, projected: Position) -> go.Figure:
    """Payout by end-of-period basis (at the account's price): today's basis and the projection."""
    top = max(projected.basis, now.basis) * 1.15
    if program.method != "growth":
        top = max(top, program.tiers[-1].threshold * 1.15)
    basis = np.linspace(0, top or 1.0, 400)
    curve = [payout(program, buy_more(program, projected, b - projected.basis)) for b in basis]
    fig = go.Figure(
        go.Scatter(
            x=basis, y=curve, mode="lines", name="Payout at this basis", line={"color": LAST_YEAR}
        )
    )
    fig.add_scatter(
        x=[projected.basis],
        y=[payout(program, projected)],
        mode="markers",
        name="Projected",
        marker={"size": 12, "color": WARN},
    )
    fig.add_vline(x=now.basis, line={"color": THIS_YEAR, "dash": "dash"}, annotation_text="Today")
    unit = "units" if program.basis == "quantity" else "revenue"
    fig.update_layout(
        template=TEMPLATE,
        title=f"{program.name}: payout by basis at period end",
        hovermode="closest",
        xaxis_title=f"Basis this {program.period} ({unit})",
        yaxis_title="Payout (¤)",
    )
    return fig
