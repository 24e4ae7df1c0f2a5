"""Charts of peak-season stock risk: risk map, who runs dry first, stock curve, backtest, season."""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from kam_core.charts import BAD, LAST_YEAR, RISK_COLOURS, TEMPLATE, THIS_YEAR, WARN

DATE_LABEL_ROOM = 70  # pixels right of the plot for a bar's "out 01 Nov"


def _label(frame: pd.DataFrame) -> pd.Series:
    return frame["account"] + " (" + frame["tier"] + ")"


def risk_map(risk: pd.DataFrame, peak_end: date, top: int = 25) -> go.Figure:
    """Heatmap: the `top` accounts by revenue at risk x weeks; cell = SKUs run dry by that week."""
    dry = risk[risk["stockout_date"].notna()]
    worst = (
        dry.groupby("account_id")["revenue_at_risk"].sum().sort_values(ascending=False).head(top)
    )
    dry = dry[dry["account_id"].isin(worst.index)]
    as_of = pd.Timestamp(risk["snapshot_date"].iloc[0]) if len(risk) else pd.Timestamp(peak_end)
    weeks = pd.date_range(as_of + pd.Timedelta(days=7), pd.Timestamp(peak_end), freq="7D")
    weeks = weeks.append(pd.DatetimeIndex([pd.Timestamp(peak_end)])).unique()
    out = pd.to_datetime(dry["stockout_date"])
    grid = pd.DataFrame(
        {week: (out <= week).groupby(dry["account_id"]).sum() for week in weeks}
    ).reindex(worst.index)
    names = _label(risk.drop_duplicates("account_id").set_index("account_id").loc[worst.index])
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[f"{w:%d %b}" for w in weeks],
            y=names.to_list(),
            colorscale=[[0, "#ffffff"], [0.3, WARN], [1, BAD]],
            colorbar={"title": "SKUs out"},
            hovertemplate="%{y}<br>by %{x}: %{z} SKUs out of stock<extra></extra>",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        title=f"Risk map: SKUs run dry by week, top {len(worst)} accounts by revenue at risk",
        xaxis_title="Week ending",
        yaxis={"autorange": "reversed", "title": None},
        height=max(300, 120 + 22 * len(worst)),
        hovermode="closest",
    )
    return fig


def runs_dry_first(risk: pd.DataFrame, top: int = 20) -> go.Figure:
    """Ranked bars: the `top` positions that run out first (ties: most revenue at risk first);
    bar = revenue at risk, colour = risk level, label = stock-out date.
    """
    dry = (
        risk[risk["stockout_date"].notna() & (risk["revenue_at_risk"] > 0)]
        .assign(out=lambda f: pd.to_datetime(f["stockout_date"]))
        .sort_values(["out", "revenue_at_risk"], ascending=[True, False])
        .head(top)
    )
    names = _label(dry) + " · " + dry["sku"]
    fig = go.Figure()
    for level, colour in RISK_COLOURS.items():
        rows = dry["risk"] == level
        fig.add_bar(
            x=dry.loc[rows, "revenue_at_risk"],
            y=names[rows],
            orientation="h",
            name=level,
            marker_color=colour,
            text="out " + dry.loc[rows, "out"].dt.strftime("%d %b"),
            textposition="outside",
            cliponaxis=False,  # the date of the longest bar runs into the right margin
            hovertemplate="%{y}<br>%{text}, ¤%{x:,.0f} revenue at risk<extra></extra>",
        )
    fig.update_layout(
        template=TEMPLATE,
        title="Who runs dry first: earliest stock-outs and their revenue at risk",
        xaxis_title="Revenue at risk to the end of the peak (¤)",
        yaxis={"categoryorder": "array", "categoryarray": names.to_list()[::-1], "title": None},
        xaxis_range=[0, 1.2 * max(dry["revenue_at_risk"].max(), 1.0)] if len(dry) else None,
        height=max(300, 120 + 24 * len(dry)),
        hovermode="closest",
        margin={"r": DATE_LABEL_ROOM},  # on a phone the plot is too narrow for 20% to hold it
    )
    return fig


def stock_curve(
    history: pd.DataFrame,
    projection: pd.DataFrame,
    peak: tuple[date, date],
    stockout: date | None,
    title: str,
) -> go.Figure:
    """Stock at snapshots then projected (both: date, stock); peak and stock-out marked."""
    fig = go.Figure()
    fig.add_scatter(
        x=history["date"],
        y=history["stock"],
        name="Stock at snapshots",
        mode="lines+markers",
        line_color=LAST_YEAR,
    )
    fig.add_scatter(
        x=projection["date"],
        y=projection["stock"],
        name="Projected stock",
        mode="lines",
        line_color=THIS_YEAR,
    )
    fig.add_vrect(
        x0=peak[0],
        x1=peak[1],
        fillcolor=WARN,
        opacity=0.08,
        line_width=0,
        annotation_text="Peak season",
        annotation_position="top right",
    )
    if stockout is not None and pd.notna(stockout):
        fig.add_vline(
            x=pd.Timestamp(stockout).timestamp() * 1000,
            line_color=BAD,
            line_dash="dash",
            annotation_text=f"Stock-out {stockout:%d %b}",
            annotation_position="bottom right",
            annotation_font_color=BAD,
        )
    fig.update_layout(
        template=TEMPLATE,
        title=title,
        xaxis_title="Date",
        yaxis_title="Units",
        yaxis_rangemode="tozero",
    )
    return fig


def backtest_chart(daily: pd.DataFrame) -> go.Figure:
    """Units per full Monday-Sunday week of last year's peak: actual, forecast, baseline."""
    weekly = daily.set_index(pd.to_datetime(daily["date"])).drop(columns="date")
    weekly = weekly.resample("W-MON", label="left", closed="left").agg(["sum", "count"])
    weekly = weekly.xs("sum", axis=1, level=1)[weekly.xs("count", axis=1, level=1).min(axis=1) == 7]
    fig = go.Figure()
    for column, name, style in (
        ("actual", "Actual", {"color": THIS_YEAR, "width": 3}),
        ("forecast", "Forecast", {"color": WARN}),
        ("baseline_forecast", "Same weeks the year before", {"color": LAST_YEAR, "dash": "dot"}),
    ):
        fig.add_scatter(
            x=weekly.index, y=weekly[column], name=name, mode="lines+markers", line=style
        )
    fig.update_layout(
        template=TEMPLATE,
        title="Backtest on last year's peak: units per week",
        xaxis={"title": "Week starting (Monday)", "tickvals": weekly.index, "tickformat": "%d %b"},
        yaxis_title="Units",
        yaxis_rangemode="tozero",
    )
    return fig


def season_bars(monthly: pd.Series, peak: tuple[int, ...]) -> go.Figure:
    """Seasonal index per month (1.0 = an average month), the peak months highlighted."""
    fig = go.Figure(
        go.Bar(
            x=[calendar.month_abbr[m] for m in monthly.index],
            y=monthly.to_numpy(),
            marker_color=[BAD if m in peak else THIS_YEAR for m in monthly.index],
            hovertemplate="%{x}: %{y:.2f} x an average month<extra></extra>",
        )
    )
    fig.add_hline(y=1.0, line_color=LAST_YEAR, line_dash="dot")
    fig.update_layout(
        template=TEMPLATE,
        title="Seasonal index by month (peak in red)",
        xaxis_title="Month",
        yaxis_title="Index",
        height=300,
    )
    return fig
