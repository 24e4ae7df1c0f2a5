"""Peak-season stock risk: who runs dry in the peak, what to order, who gets short supply."""

import calendar

import streamlit as st

import journal_forms as forms
import ui
from kam_core.charts import stock as charts
from kam_core.data import formats
from kam_core.stock import peak_season
from kam_core.stock import risk as stock_risk
from kam_core.store import shelf, stock
from kam_core.store import stock_plan as plans
from kam_core.visits import store_checks

st.title("Peak-season stock risk")
f = ui.filters()
ui.require("sales", "inventory")
snapshots = ui.load(stock.snapshot_dates)
left, middle, right = st.columns([1, 2, 1])
as_of = left.selectbox("As of (inventory snapshot)", snapshots[::-1], format_func=ui.day)
monthly, detected = ui.load(plans.season_profile, as_of)
chosen = middle.multiselect(
    "Peak months",
    list(range(1, 13)),
    default=list(detected),
    key=f"peak-{as_of}",
    format_func=lambda m: calendar.month_name[m],
    help=f"Detected from history: months selling at least {peak_season.PEAK_THRESHOLD - 1:.0%} "
    "above an average month.",
)
service = right.select_slider(
    "Service level",
    [0.90, 0.95, 0.98, 0.99],
    value=0.95,
    format_func=lambda s: f"{s:.0%}",
    help="Chance of not running out before an order arrives; sets the safety stock.",
)
if not chosen:
    st.info(peak_season.no_peak(as_of))
    st.stop()
with st.spinner("Forecasting the peak and projecting every stock position…"):
    plan = ui.load(plans.stock_plan, as_of, tuple(chosen) or None, service, f)
risk = plan.risk
if risk.empty:
    st.info("No stock positions for these filters at this snapshot: widen the sidebar filters.")
    st.stop()
st.caption(
    f"Peak {plan.peak_start:%d %b} – {ui.day(plan.peak_end)} · {len(risk):,} account x SKU "
    f"positions · {stock_risk.RISK_RULES}."
)
dry = risk[risk["stockout_date"].notna()]
k = st.columns(4)
k[0].metric("High-risk positions", f"{(risk['risk'] == 'high').sum():,}")
k[1].metric(
    "Tier A running dry",  # short enough for half a phone's width
    f"{(dry['tier'] == 'A').sum():,}",
    help="Key-account (tier A) positions whose stock runs out before the end of the peak.",
)
k[2].metric("Units short by end of peak", formats.units(risk["shortfall_qty"].sum(), ui.style()))
k[3].metric("Revenue at risk", ui.money(risk["revenue_at_risk"].sum()))
ui.chart(charts.season_bars(monthly, plan.peak_months))
ui.chart(charts.risk_map(risk, plan.peak_end))
ui.chart(charts.runs_dry_first(dry))
st.subheader("At-risk positions, key accounts first")
ui.table(plan.at_risk(), f"at_risk_positions_{as_of}", pinned=2)
# Beside the projection: a gap with ample stock is for merchandising, not for supply.
seen = ui.journal(shelf.observations, list(risk.account_id.unique()))
forms.shelf_gaps(store_checks.shelf_gaps(seen, risk), "No SKU was off the shelf at its last check.")

st.subheader("One position: projected stock")
worst = plan.worst_first().set_index(["account_id", "sku"])
pick = st.selectbox("Account x SKU", list(worst.index), format_func=lambda p: worst.position[p])
row = worst.loc[pick]
curve = stock_risk.projected_stock(as_of, row.on_hand + row.in_transit, plan.demand.loc[pick])
history = ui.load(stock.stock_history, *pick, as_of)
peak = (plan.peak_start, plan.peak_end)
title = f"Projected stock: {row.position}"
ui.chart(charts.stock_curve(history, curve, peak, row.stockout_date, title))
c = st.columns(4)
c[0].metric("Base level (units/week)", f"{row.base_level:,.1f}")
c[1].metric("Account trend (per year)", ui.change(row.growth))
c[2].metric("Promotion uplift", ui.change(row.uplift))
c[3].metric(
    "Chance of a stock-out",  # short enough for half a phone's width
    ui.pct(row.stockout_probability),
    help="The probability that the stock runs out within the lead time.",
)

st.subheader("Order proposals")
ui.table(plan.orders(), f"order_proposals_{as_of}", pinned=2)
st.subheader("Allocation of short supply")
if plan.short_orders().empty:
    st.info("Our warehouse can supply every proposal in full.")
else:
    ui.table(plan.short_orders(), f"allocation_{as_of}", pinned=2)

st.subheader("Backtest on last year's peak")
scores = plan.accuracy.set_index("method")
b = st.columns(4)
b[0].metric(
    "Forecast WAPE",
    ui.pct(scores.loc["Forecast", "wape"]),
    f"{ui.points(scores.loc['Forecast', 'wape'] - scores.loc['Seasonal naive', 'wape'])} "
    "vs baseline",
    delta_color="inverse",
)
b[1].metric("Forecast bias", ui.change(scores.loc["Forecast", "bias"]))
b[2].metric("Seasonal-naive WAPE", ui.pct(scores.loc["Seasonal naive", "wape"]))
b[3].metric("Seasonal-naive bias", ui.change(scores.loc["Seasonal naive", "bias"]))
ui.chart(charts.backtest_chart(plan.backtest_daily))
ui.download_table(plan.backtest, f"forecast_backtest_{as_of}")
