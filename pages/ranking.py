import streamlit as st

import ui
from kam_core.accounts import plan_totals, ranking
from kam_core.accounts.windows import years_before
from kam_core.charts import trends as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.store import portfolio
from kam_core.store import targets as plan_store
from kam_core.store import trends as store

ACCOUNT_PAGE = "pages/account_trend.py"
COLUMNS = columns.spec(rank=Column("Rank", "int"), abc_class=Column("Class"))

st.title("Accounts ranking")
f = ui.filters()
ui.require("sales")
with st.expander("Class thresholds"):
    left, right = st.columns(2)
    a = left.number_input("Class A up to (cumulative share, %)", 50, 99, 80, step=5)
    b = right.number_input("Class B up to (cumulative share, %)", a, 100, max(95, a), step=1)
table = ui.load(store.ranking, f, a / 100, b / 100)
if table.empty:
    st.info(
        "No sales in the twelve months to the end of the period for these filters. "
        "Move the period's end or clear a filter in the sidebar."
    )
    st.stop()
names = ui.load(portfolio.accounts)[["account_id", "name"]]
table = plan_totals.with_plan(
    table.merge(names, on="account_id", how="left"), ui.load(plan_store.attainment, f)
)
top_share = ranking.revenue_share_of_top(table, 0.2)
st.caption(
    f"Twelve months {ui.day(years_before(f.end))} (exclusive) – {ui.day(f.end)}. An account is "
    f"A while the accounts above it hold less than {a}% of revenue, B below {b}%, else C. "
    "Click a point or select a row to open the account's trend."
)

cells = st.columns(4)
cells[0].metric("Accounts with sales", len(table))
cells[1].metric("Revenue, twelve months", ui.money(table["revenue_12m"].sum()))
cells[2].metric("Top 20% of accounts hold", ui.pct(top_share))
cells[3].metric("Class A accounts", int((table["abc_class"] == "A").sum()))

chart_column, bars_column = st.columns([2, 1])
with chart_column:
    clicked = ui.chart(
        charts.pareto(table, ranking.pareto_curve(table), top_share),
        key="pareto",
        on_select="rerun",
        selection_mode="points",
    )
with bars_column:
    ui.chart(charts.abc_bars(ranking.class_summary(table)))

shown = ["rank", "name", "account_id", "abc_class", "revenue_12m", "share", "cumulative_share"]
shown += ["revenue_target", "attainment"]
if not ui.presentation():
    shown.insert(5, "margin_rate")
exported = table[["account_id", "name", *ranking.RANKING_COLUMNS[1:], *shown[-2:]]]
picked = ui.table(
    table[shown],
    "account_ranking",
    COLUMNS,
    pinned=2,
    download=exported.drop(columns=["margin_12m"] if ui.presentation() else []),
    key="ranking_table",
    on_select="rerun",
    selection_mode="single-row",
)

points = [p for p in clicked.selection.points if p.get("customdata")] if clicked else []
if points:
    ui.open_account(points[0]["customdata"][0], ACCOUNT_PAGE)
if picked.selection.rows:
    ui.open_account(table["account_id"].iloc[picked.selection.rows[0]], ACCOUNT_PAGE)
