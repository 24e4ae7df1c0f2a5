import calendar

import streamlit as st

import ui
from kam_core.charts import service as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.incentives.rebates import ProgramError
from kam_core.service import cost_to_serve as cts
from kam_core.service import delivery
from kam_core.store import portfolio
from kam_core.store import service as store

COSTS = columns.spec(
    rank=Column("Rank", "int"),
    cost_saving_rate=Column("Cost saving rate", "pct"),
)


st.title("Service and cost to serve")
f = ui.filters()
ui.require("sales", "deliveries")
first, last = store.window(f.end)
peak = st.multiselect(
    "Peak season months", range(1, 13), default=list(delivery.TYPHOON_SEASON),
    format_func=lambda m: calendar.month_name[m],
    help="Months compared with the rest of the year; default: the typhoon season.",
)  # fmt: skip
names = ui.load(portfolio.accounts)[["account_id", "name"]]
history = ui.load(store.delivery_history, f)
counts = history[history["recent"]]
if counts.empty:
    st.info("No delivery promised in the twelve months to the end of the period for these filters.")
    st.stop()
st.caption(
    f"Lines promised {ui.day(first)} – {ui.day(last)}, judged as of {ui.day(last)}: on time = "
    "delivered on or before the promised day, in full = all units delivered; a line not "
    "delivered by its promised day counts as late and short."
)
overall = delivery.rates(counts).iloc[0]
effect = delivery.peak_effect(counts, peak)
cells = st.columns(5)
cells[0].metric("OTIF", ui.pct(overall["otif_rate"]))
cells[1].metric("On time", ui.pct(overall["on_time_rate"]))
cells[2].metric("In full", ui.pct(overall["in_full_rate"]))
cells[3].metric("Fill rate", ui.pct(overall["fill_rate"]))
cells[4].metric(
    "OTIF in the peak season", ui.pct(effect.peak_otif),
    None if effect.points is None else f"{effect.points:+.1f} pts vs other months",
)  # fmt: skip

ui.chart(charts.otif_trend(delivery.rates(history, ["month"]), peak))
by_account = delivery.rates(counts, ["account_id"]).merge(names, on="account_id", how="left")
worst = delivery.worst(by_account)
weeks = delivery.worst(delivery.rates(counts, ["week"]))
left, right = st.columns([3, 2])
with left:
    if worst.empty:
        st.info(f"No account has {delivery.MIN_LINES} lines or more in the window.")
    else:
        ui.chart(charts.worst_accounts(worst))
with right:
    st.markdown("**The weeks delivered worst**")
    ui.table(weeks[["week", "lines", "otif_rate", "on_time_rate", "in_full_rate"]],
             "worst_delivery_weeks")  # fmt: skip
by_sku = st.toggle("Per SKU instead of per account", key="service_by_sku")
if by_sku:
    detail = delivery.rates(ui.load(store.delivery_counts, f, first, "sku"), ["sku"])
    shown = ["sku", "lines", *delivery.RATES]
else:
    detail, shown = by_account, ["name", "account_id", "lines", *delivery.RATES]
ui.table(detail.sort_values("otif_rate")[shown],
         "delivery_performance_by_sku" if by_sku else "delivery_performance")  # fmt: skip

st.header("Cost to serve")
try:
    inputs = ui.load(store.cost_inputs, f)
except ProgramError as exc:
    st.error(f"{exc}. Correct the programme and import rebate_programs/rebate_tiers again.")
    st.stop()
table = cts.cost_to_serve(inputs).merge(names, on="account_id", how="left")
saving = cts.portfolio_saving_rate(inputs)
cells = st.columns(4)
cells[0].metric("Cost to serve", ui.money(table["cost_to_serve"].sum()))
revenue = table["revenue"].sum()
portfolio_share = table["cost_to_serve"].sum() / revenue if revenue > 0 else None
cells[1].metric("Share of revenue", ui.pct(portfolio_share))
cells[2].metric(
    "Cost saving rate", ui.pct(saving), help="Against the same twelve months last year."
)
cells[3].metric(
    "Accounts losing money",  # short enough for half a phone's width
    int((table["net_contribution"] < 0).sum()),
    help="Accounts costing more than they earn: net contribution below zero.",
)
hidden = ["gross_margin", "net_contribution"] if ui.presentation() else []
if ui.presentation():
    st.caption("Margins are hidden in presentation mode.")
else:
    left, right = st.columns(2)
    with left:
        ui.chart(charts.net_contribution_walk(cts.waterfall(table)))
    with right:
        ui.chart(charts.contribution_ranking(table))
columns = [c for c in ["rank", "name", *cts.VIEW_COLUMNS[1:]] if c not in hidden]
ui.table(table[columns], "cost_to_serve", COSTS, pinned=2,
         download=table[["account_id", *columns]])  # fmt: skip
