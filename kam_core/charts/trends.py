"""Trend charts: this year against last, Pareto curve, A/B/C bars, account timeline, mix shift,
price/volume/mix waterfall and the tier flow."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import BAD, GOOD, LAST_YEAR, PALETTE, TEMPLATE, THIS_YEAR, WARN, month_axis

TIER_COLOURS = {"A": THIS_YEAR, "B": WARN, "C": LAST_YEAR, "new": GOOD, "lost": BAD}


def this_year_vs_last(table: pd.DataFrame, value: str, title: str, unit: str) -> go.Figure:
    """Bars for this year's `value` per month, last year's (`value`_last_year) as a grey line;
    a `unit` naming the currency ('Revenue (¤)') puts it in the hovers too."""
    sign = "¤" if "¤" in unit else ""
    fig = go.Figure()
    fig.add_bar(
        x=table["month"],
        y=table[value],
        name="This year",
        marker_color=THIS_YEAR,
        hovertemplate=sign + "%{y:,.0f}<extra>This year</extra>",
    )
    fig.add_scatter(
        x=table["month"],
        y=table[f"{value}_last_year"],
        name="Last year",
        mode="lines+markers",
        line={"color": LAST_YEAR, "width": 3},
        hovertemplate=sign + "%{y:,.0f}<extra>Last year</extra>",
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        yaxis_title=unit,
        xaxis_title="Month",
        xaxis=month_axis(table["month"]),
        height=380,
    )
    return fig


def pareto(ranking: pd.DataFrame, curve: pd.DataFrame, top_share: float) -> go.Figure:
    """Cumulative share of revenue against share of accounts; the 20% / 80% point marked.

    ranking: rank, account_id, name, cumulative_share, abc_class. Each account is a point
    carrying its account_id, so a click can open the account."""
    n = max(len(ranking), 1)
    fig = go.Figure()
    fig.add_scatter(
        x=curve["account_share"],
        y=curve["revenue_share"],
        mode="lines",
        line={"color": THIS_YEAR, "width": 2},
        name="Pareto curve",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=ranking["rank"] / n,
        y=ranking["cumulative_share"],
        mode="markers",
        name="Accounts",
        marker={"color": [TIER_COLOURS[c] for c in ranking["abc_class"]], "size": 7},
        customdata=ranking[["account_id", "name", "abc_class"]].to_numpy(),
        hovertemplate="%{customdata[1]} · class %{customdata[2]}<br>top %{x:.0%} of accounts"
        " hold %{y:.1%} of revenue<extra></extra>",
    )
    fig.add_scatter(
        x=[0.2],
        y=[top_share],
        mode="markers+text",
        name="20% of accounts",
        marker={"color": BAD, "size": 13, "symbol": "diamond"},
        text=[f"top 20% of accounts: {top_share:.0%} of revenue"],
        textposition="bottom right",
        hoverinfo="skip",
    )
    fig.add_hline(
        y=0.8,
        line={"dash": "dot", "color": "#777777"},
        annotation_text="80% of revenue",
        annotation_position="bottom right",
    )
    fig.add_vline(x=0.2, line={"dash": "dot", "color": "#777777"})
    fig.update_layout(
        template=TEMPLATE,
        title="Pareto curve of accounts (twelve months)",
        xaxis={
            "title": "Share of accounts (ranked by revenue)",
            "tickformat": ".0%",
            "range": [0, 1.02],
        },
        yaxis={"title": "Cumulative share of revenue", "tickformat": ".0%", "range": [0, 1.05]},
        hovermode="closest",
        showlegend=False,
        height=420,
    )
    return fig


def abc_bars(summary: pd.DataFrame) -> go.Figure:
    """Accounts and revenue share per A/B/C class."""
    fig = go.Figure(
        go.Bar(
            x=summary["abc_class"],
            y=summary["share"],
            marker_color=[TIER_COLOURS[c] for c in summary["abc_class"]],
            text=[
                f"{a} accounts · {s:.0%}"
                for a, s in zip(summary["accounts"], summary["share"], strict=True)
            ],
            textposition="outside",
            hovertemplate="Class %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title="Revenue share by class",
        height=420,
        xaxis_title="Class",
        yaxis={"title": "Share of revenue", "tickformat": ".0%", "range": [0, 1.1]},
    )
    return fig


def account_timeline(
    table: pd.DataFrame, promotions: pd.DataFrame, events: pd.DataFrame, title: str
) -> go.Figure:
    """Monthly revenue this year vs last, promotions shaded over their dates, events marked."""
    fig = this_year_vs_last(table, "revenue", title, "Revenue (¤)")
    for promo in promotions.itertuples():
        fig.add_vrect(
            x0=promo.start_date,
            x1=promo.end_date,
            fillcolor=WARN,
            opacity=0.15,
            line_width=0,
            layer="below",
        )
    if len(promotions):
        middle = promotions["start_date"] + (promotions["end_date"] - promotions["start_date"]) / 2
        fig.add_scatter(
            x=middle,
            y=[0] * len(promotions),
            mode="markers",
            name="Promotion",
            marker={"symbol": "triangle-up", "size": 10, "color": WARN},
            text=promotions["promo_id"] + " · " + promotions["kind"].fillna(""),
            hovertemplate="%{text}<extra>Promotion</extra>",
        )
    if len(events):
        top = max(table["revenue"].max(), table["revenue_last_year"].max(), 1)
        fig.add_scatter(
            x=events["date"],
            y=[top * 1.08] * len(events),
            mode="markers",
            name="Event",
            marker={"symbol": "star", "size": 13, "color": PALETTE[3]},
            text=events["kind"],
            hovertemplate="%{x|%-d %b %Y}: %{text}<extra></extra>",
        )
    return fig


def mix_shift(mix: pd.DataFrame) -> go.Figure:
    """Share of revenue per category last year and this year."""
    fig = go.Figure()
    fig.add_bar(
        y=mix["category"],
        x=mix["share_ly"],
        name="Last year",
        orientation="h",
        marker_color=LAST_YEAR,
        hovertemplate="%{y}: %{x:.1%}<extra>Last year</extra>",
    )
    fig.add_bar(
        y=mix["category"],
        x=mix["share"],
        name="This year",
        orientation="h",
        marker_color=THIS_YEAR,
        hovertemplate="%{y}: %{x:.1%}<extra>This year</extra>",
    )
    fig.update_layout(
        template=TEMPLATE,
        title="Category mix: share of revenue",
        barmode="group",
        xaxis={"title": "Share of revenue", "tickformat": ".0%"},
        yaxis={"autorange": "reversed"},
        hovermode="closest",
        height=140 + 45 * len(mix),
    )
    return fig


def pvm_waterfall(pvm: pd.DataFrame, revenue_ly: float, revenue: float) -> go.Figure:
    """Last year's revenue, the volume, mix and price effects, this year's revenue."""
    fig = go.Figure(
        go.Waterfall(
            x=["Last year", *pvm["component"].str.capitalize(), "This year"],
            y=[revenue_ly, *pvm["amount"], revenue],
            measure=["absolute", "relative", "relative", "relative", "total"],
            increasing={"marker": {"color": GOOD}},
            decreasing={"marker": {"color": BAD}},
            totals={"marker": {"color": THIS_YEAR}},
            text=[
                f"{v:+,.0f}" if 0 < i < 4 else f"{v:,.0f}"
                for i, v in enumerate([revenue_ly, *pvm["amount"], revenue])
            ],
            textposition="outside",
            connector={"line": {"color": "#bbbbbb"}},
        )
    )
    # Start the axis near the lowest level reached, or the effects vanish against the totals.
    levels = [revenue_ly, *(revenue_ly + pvm["amount"].cumsum()), revenue]
    low, high = min(levels), max(levels)
    bottom = max(0.0, low - 0.6 * (high - low) - 0.02 * high)
    fig.update_layout(
        template=TEMPLATE,
        title="Change against last year: volume, mix, price",
        yaxis={"title": "Revenue (¤)", "range": [bottom, high + 0.25 * (high - bottom)]},
        showlegend=False,
        height=400,
    )
    return fig


def tier_flow(screening: pd.DataFrame) -> go.Figure:
    """Sankey of accounts from their previous tier to the proposed tier (new and lost too)."""
    before = screening["previous_tier"].fillna("new")
    after = screening["proposed_tier"].fillna("lost")
    flows = pd.DataFrame({"source": before, "target": after}).value_counts().reset_index()
    left = [t for t in ("A", "B", "C", "new") if t in set(before)]
    right = [t for t in ("A", "B", "C", "lost") if t in set(after)]
    labels = [f"{t} last year" if t != "new" else "new account" for t in left] + [
        f"{t} proposed" if t != "lost" else "lost (no sales)" for t in right
    ]
    fig = go.Figure(
        go.Sankey(
            node={"label": labels, "color": [TIER_COLOURS[t] for t in left + right], "pad": 18},
            textfont={"color": "#222222", "size": 14},
            link={
                "source": [left.index(s) for s in flows["source"]],
                "target": [len(left) + right.index(t) for t in flows["target"]],
                "value": flows["count"],
                "color": "rgba(31,78,121,0.25)",
            },
        )
    )
    fig.update_layout(
        template=TEMPLATE, title="Tier flow: previous twelve months to proposed", height=420
    )
    return fig


def rolling_twelve_months(rolled: pd.DataFrame) -> go.Figure:
    """Revenue of the twelve months ending each month."""
    fig = go.Figure(
        go.Scatter(
            x=rolled["month"],
            y=rolled["revenue_12m"],
            mode="lines+markers",
            line={"color": THIS_YEAR, "width": 3},
            hovertemplate="%{x|%b %Y}: ¤%{y:,.0f}<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title="Rolling twelve months revenue",
        yaxis_title="Revenue, 12 months (¤)",
        xaxis_title="Month",
        xaxis=month_axis(rolled["month"]),
        height=340,
    )
    return fig
