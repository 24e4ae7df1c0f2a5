"""The viewer's page: the portfolio's revenue over every account, no account and no margin."""

import streamlit as st

import ui
from kam_core.accounts import trends
from kam_core.charts import trends as charts
from kam_core.store import trends as store

st.title("Portfolio totals")
f = ui.filters()
ui.require("sales")
st.caption(f"{ui.day(f.start)} to {ui.day(f.end)} against the same days last year.")
monthly = trends.this_year_vs_last(ui.load(store.monthly, f), f.start, f.end)
revenue, last_year = monthly["revenue"].sum(), monthly["revenue_last_year"].sum()
left, middle, right = st.columns(3)
left.metric("Revenue", ui.money(revenue))
middle.metric("Same days last year", ui.money(last_year))
right.metric("Growth", ui.change(trends.growth(revenue, last_year)))
ui.chart(
    charts.this_year_vs_last(monthly, "revenue", "Monthly revenue: this year vs last", "Revenue")
)
st.caption("Account names, per-account figures and margins are not shown to viewers.")
