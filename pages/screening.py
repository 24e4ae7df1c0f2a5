from dataclasses import asdict

import streamlit as st

import ui
from kam_core.accounts import plan_totals
from kam_core.accounts.screening import DEFAULT_WEIGHTS, Weights
from kam_core.charts import trends as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.store import portfolio
from kam_core.store import targets as plan_store
from kam_core.store import trends as store

LABELS = {
    "sales": "Sales (twelve-month revenue)",
    "margin": "Gross margin rate",
    "growth": "Growth on the year before",
    "credit": "Credit rating",
    "wallet_share": "Share of the account's purchases",
}
SCORE = {
    "score": st.column_config.ProgressColumn("Score", format="%.0f", min_value=0, max_value=100)
}
COLUMNS = columns.spec(
    proposed_tier=Column("Proposed"),
    previous_tier=Column("Previous"),
    movement=Column("Movement"),
)

st.title("Key account screening")
f = ui.filters()
ui.require("sales")
defaults = asdict(DEFAULT_WEIGHTS)
# No table of the data contract holds the share of wallet yet: no slider, its weight is moot.
adjustable = [name for name in defaults if name != "wallet_share"]
with st.expander("Weights of the criteria", expanded=False):
    st.caption(
        "Defaults: "
        + ", ".join(f"{LABELS[k].split(' (')[0].lower()} {v:.0%}" for k, v in defaults.items())
        + ". Weights are relative; a criterion unknown for an account gives its weight to the "
        "known ones. The share of the account's purchases is not in the data yet, so it "
        "counts for no account."
    )
    cells = st.columns(len(adjustable))
    chosen = {
        name: cell.slider(LABELS[name], 0, 100, int(defaults[name] * 100), 5, key=f"weight_{name}")
        for cell, name in zip(cells, adjustable, strict=True)
    }
if not any(chosen.values()):
    st.warning("Give at least one criterion a weight above zero.")
    st.stop()
weights = Weights(**{k: v / 100 for k, v in chosen.items()}, wallet_share=0.0)
table = ui.load(store.screening, f, weights)
if table.empty:
    st.info("No sales in the last two years for these filters. Clear a filter in the sidebar.")
    st.stop()
names = ui.load(portfolio.accounts)[["account_id", "name"]]
table = plan_totals.with_plan(
    names.merge(table, on="account_id"), ui.load(plan_store.attainment, f)
).sort_values(["proposed_tier", "score"], ascending=[True, False], na_position="last")
st.caption(
    f"Twelve months to {ui.day(f.end)} against the twelve months before. Tier A (key account) "
    "goes to the best-scored accounts, as many as the 20/80 ranking puts in class A (only "
    "accounts of revenue class A or B qualify); tier B likewise; the rest C."
)

moves = table["movement"].value_counts()
cells = st.columns(4)
cells[0].metric("Key accounts proposed", int((table["proposed_tier"] == "A").sum()))
cells[1].metric("Moving up", int(moves.get("up", 0)))
cells[2].metric("Moving down or lost", int(moves.get("down", 0) + moves.get("lost", 0)))
cells[3].metric("New accounts", int(moves.get("new", 0)))
ui.chart(charts.tier_flow(table))

hidden = ["margin_rate", "credit_rating"] if ui.presentation() else []
order = ["name", "account_id", "score", "proposed_tier", "previous_tier", "movement"]
order += ["revenue_12m", "revenue_target", "attainment"]  # the plan beside the year's sales
shown = table[order + [c for c in table.columns if c not in order]]
shown = shown.drop(columns=hidden + ["wallet_share"])
# The candidates side by side would clip at desktop width: one under the other, key columns only.
brief = ["name", "account_id", "score", "proposed_tier", "previous_tier", "revenue_12m", "growth"]
st.subheader("Upgrade candidates")
ui.table(shown[shown["movement"] == "up"][brief], "upgrade_candidates", COLUMNS, config=SCORE)
st.subheader("Downgrade candidates")
ui.table(
    shown[shown["movement"].isin(["down", "lost"])][brief],
    "downgrade_candidates",
    COLUMNS,
    config=SCORE,
)
st.subheader("Every account")
ui.table(shown, "account_screening", COLUMNS, config=SCORE, download=table.drop(columns=hidden))
