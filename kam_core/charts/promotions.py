"""Promotion charts: the calendar, one promotion against its baseline, ROI by group, trials."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import BAD, GOOD, LAST_YEAR, TEMPLATE, THIS_YEAR, WARN

STATUS_COLOURS = {"past": LAST_YEAR, "running": WARN, "planned": THIS_YEAR}
ROLE_COLOURS = {"base": LAST_YEAR, "busy": "#dddddd", "promo": THIS_YEAR, "dip": WARN}
ROLE_NAMES = {
    "base": "Comparable days",
    "busy": "Other promotions' days (left out)",
    "promo": "Promotion days",
    "dip": "Days after",
}
PEAK_FILL = "rgba(239, 108, 0, 0.10)"
PEAK_LEGEND = "rgba(239, 108, 0, 0.25)"


def calendar(promotions: pd.DataFrame, peaks: Sequence[tuple[date, date]] = ()) -> go.Figure:
    """Timeline per account: a bar per promotion coloured by status (past, running, planned),
    planned ones at stock-out risk outlined in red, peak seasons shaded.

    `promotions`: promo_id, name, account_id, sku, kind, start_date, end_date, status and
    optionally stockout (bool).
    """
    fig = go.Figure()
    rows = promotions.assign(label=promotions["name"] + " (" + promotions["account_id"] + ")")
    start = pd.to_datetime(rows["start_date"])
    days = (pd.to_datetime(rows["end_date"]) - start).dt.days + 1
    flagged = rows.get("stockout", pd.Series(False, index=rows.index)).fillna(False).astype(bool)
    for status, colour in STATUS_COLOURS.items():
        shown = rows["status"] == status
        if not shown.any():
            continue
        fig.add_bar(
            name=status.title(),
            y=rows.loc[shown, "label"],
            x=days[shown] * 86_400_000,  # bar length in ms on a date axis
            base=start[shown],
            orientation="h",
            marker={
                "color": colour,
                "line": {"color": [BAD if f else colour for f in flagged[shown]], "width": 2},
            },
            customdata=rows.loc[shown, ["promo_id", "kind", "sku"]].fillna("all SKUs"),
            hovertemplate="%{customdata[0]} · %{customdata[1]} · %{customdata[2]}"
            "<br>%{base|%-d %b %Y} for %{x:.0s}<extra></extra>",
        )
    for first, last in peaks:
        fig.add_vrect(
            x0=first, x1=last + timedelta(days=1), fillcolor=PEAK_FILL, line_width=0, layer="below"
        )
    # Legend entries for the shading and the outline, which have none of their own.
    if peaks:
        fig.add_bar(name="Peak season", x=[None], y=[None], marker_color=PEAK_LEGEND)
    if flagged.any():
        fig.add_bar(
            name="Stock-out risk",
            x=[None],
            y=[None],
            marker={"color": "white", "line": {"color": BAD, "width": 2}},
        )
    plot = max(200, 24 * rows["label"].nunique())
    # Dates on top and the legend above them: a long calendar is read from its first row.
    fig.update_layout(
        template=TEMPLATE,
        title={"text": "Promotion calendar", "y": 1 - 12 / (plot + 140), "yanchor": "top"},
        barmode="overlay",
        height=plot + 140,
        margin={"t": 120, "b": 20},
        legend={"y": 1 + 30 / plot, "yanchor": "bottom"},
        hovermode="closest",
        xaxis={"type": "date", "title": None, "side": "top"},
        yaxis={
            "title": None,
            "autorange": "reversed",
            "categoryorder": "array",  # by account id: the biggest (key) accounts first
            "categoryarray": rows.sort_values("account_id")["label"].unique(),
        },
    )
    return fig


def promotion_days(cells: pd.DataFrame, title: str) -> go.Figure:
    """One promotion's units per day, a bar per chunk (a whole week or a single day) coloured
    by role (comparable, left out, promotion, after), and the baseline per day as a dashed
    step line; the gap after the promotion is the dip."""
    fig = go.Figure()
    role = cells["role"].where(cells["clean"] | (cells["role"] != "base"), "busy")
    first = pd.to_datetime(cells["first"])
    middle = first + pd.to_timedelta(cells["days"] / 2, unit="D")
    for name, colour in ROLE_COLOURS.items():
        part = role == name
        if name == "busy" and not part.any():
            continue
        fig.add_bar(
            name=ROLE_NAMES[name],
            x=middle[part],
            y=cells.loc[part, "quantity"] / cells.loc[part, "days"],
            width=cells.loc[part, "days"] * 86_400_000,  # ms on a date axis
            marker_color=colour,
            customdata=first[part],
            hovertemplate="from %{customdata|%-d %b %Y}: %{y:,.1f} units a day",
        )
    ordered = cells.assign(first=first).sort_values("first")
    last = ordered.tail(1)
    steps = pd.concat(
        [ordered, last.assign(first=last["first"] + pd.to_timedelta(last["days"], "D"))]
    )
    fig.add_scatter(
        name="Baseline",
        x=steps["first"],
        y=steps["baseline"] / steps["days"],
        mode="lines",
        line={"color": BAD, "dash": "dash", "width": 2, "shape": "hv"},
        hovertemplate="baseline %{y:,.1f} a day",
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        barmode="overlay",
        bargap=0,
        xaxis_title=None,
        yaxis_title="Units per day",
    )
    return fig


def roi_comparison(
    groups: pd.DataFrame, label: str, title: str, limit: int | None = None
) -> go.Figure:
    """Pooled ROI per group (promotions.compare) as horizontal bars: green paid, red lost;
    `label` names the bars; with `limit`, only the `limit` best and `limit` worst groups."""
    ordered = groups.sort_values("roi")
    if limit and len(ordered) > 2 * limit:
        ordered = pd.concat([ordered.head(limit), ordered.tail(limit)])
        title = f"{title} (the {limit} best and {limit} worst of {len(groups)})"
    fig = go.Figure(
        go.Bar(
            x=ordered["roi"],
            y=ordered[label].astype(str),
            orientation="h",
            marker_color=[GOOD if r >= 0 else BAD for r in ordered["roi"]],
            customdata=ordered[["promotions"]],
            hovertemplate="%{y}: ROI %{x:.0%} over %{customdata[0]} promotions<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        height=max(300, 100 + 24 * len(ordered)),
        xaxis={"title": "ROI ((incremental margin - cost) / cost)", "tickformat": ".0%"},
        yaxis_title=None,
        hovermode="closest",
    )
    return fig


def trial_read_out(read_out: pd.DataFrame) -> go.Figure:
    """Units per account per week of each new product against its category's average."""
    labels = read_out["product"] + " (" + read_out["sku"] + ")"
    fig = go.Figure()
    fig.add_bar(
        name="New product",
        x=labels,
        y=read_out["units_per_account_week"],
        marker_color=THIS_YEAR,
        hovertemplate="%{y:.2f} units/account/week",
    )
    fig.add_bar(
        name="Category average",
        x=labels,
        y=read_out["category_units_per_account_week"],
        marker_color=LAST_YEAR,
        hovertemplate="%{y:.2f} units/account/week",
    )
    fig.update_layout(
        template=TEMPLATE,
        title="Early read-out: units per account per week",
        barmode="group",
        xaxis_title=None,
        yaxis_title="Units per account per week",
    )
    return fig
