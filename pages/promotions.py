import pandas as pd
import streamlit as st

import journal_forms
import ui
from kam_core.charts import promotions as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.promotions import measures as promotions
from kam_core.promotions import trials
from kam_core.promotions.calendar import in_view, peak_spans
from kam_core.store import promotion_stock, shelf
from kam_core.store import promotions as store
from kam_core.visits import store_checks

RESULTS = columns.spec(
    status=Column("Status"),
    roi=Column("ROI", "pct"),
    uplift_pct=Column("Uplift", "change"),
    efficiency=Column("Efficiency", "number"),
    incremental_qty=Column("Extra units", "number"),
    incremental_revenue=Column("Extra revenue", "money"),
    incremental_margin=Column("Extra margin", "money"),
    fixed_cost=Column("Own cost", "money"),
    discount_given=Column("Discount given", "money"),
    baseline_qty=Column("Baseline units", "number"),
    actual_qty=Column("Actual units", "number"),
    post_dip_qty=Column("Dip after (units)", "number"),
    note=Column("Note"),
    stockout=Column("Runs out"),
    stockout_skus=Column("SKUs running out"),
    stockout_date=Column("Runs out on", "day"),
    launch_date=Column("Launched", "day"),
    weeks=Column("Weeks", "number"),
    repeat_share=Column("Repeat share", "pct"),
    units_per_account_week=Column("Units per account-week", "number"),
    category_units_per_account_week=Column("Category units per account-week", "number"),
    index=Column("Index", "number"),
    accounts=Column("Accounts", "int"),
    units=Column("Units", "units"),
)
CALENDAR = ["promo_id", "name", "sku", "kind", "start_date", "end_date", "status"]
CALENDAR += ["discount_pct", "fixed_cost"]
SHOWN = CALENDAR[:7] + ["roi", "uplift_pct", "efficiency", "incremental_qty"]
SHOWN += ["incremental_revenue", "incremental_margin", "cost", "fixed_cost", "discount_given"]
SHOWN += ["discount_pct", "baseline_qty", "actual_qty", "post_dip_qty", "note"]
FLAGS = ["stockout", "stockout_skus", "stockout_date"]
APART = ["promo_id", "name", "note", *CALENDAR[2:7], "actual_qty"]  # the reason first
METHOD = """
- **Exact days**: each promotion is measured from its start to its end date, and its dip on
  the 14 days after.
- **Baseline**: a daily rate from the clean days (no other promotion running or dipping on
  the same goods) of the 8 weeks before and the 4 weeks after, adjusted for the season of
  each week and for the account's weekday profile where its sales have one.
- **Uplift** = (actual − baseline) / baseline over the promotion's days. **Dip**: units below
  baseline in the 14 days after; **incremental units** = actual − baseline − dip.
- **Cost** = the promotion's own cost + the discount given on its sales. **ROI** =
  (incremental units × regular unit margin − cost) / cost. **Efficiency** = uplift / discount.
- **Not measurable** (listed apart, left out of every ranking, median and comparison):
  planned, cut by the edge of the data, no sales before it, fewer than 21 clean baseline
  days or 10 sales lines on them, no usual sales on its days, or other promotions on more
  than half of its days.
"""

st.title("Promotions")
f = ui.filters()
ui.require("sales", "promotions")
results, cells = ui.load(store.promotion_analysis, f)
shown = in_view(results, f.start, f.end)
if shown.empty:
    st.info(
        "No promotions of these accounts in the period and none planned: widen the sidebar "
        "period or filters, or import promotions on the Data page."
    )
    st.stop()
hidden = ["incremental_margin"] if ui.presentation() else []  # no margins on the projector
measured = shown[shown.measurable]
apart = shown[~shown.measurable]
st.caption(
    f"Promotions touching {ui.day(f.start)} – {ui.day(f.end)} and those planned after; "
    "each measured against what its account would have sold without it."
)
with st.expander("How a promotion is measured"):
    st.markdown(METHOD)
count, planned, uplift, paid, net = st.columns(5)
count.metric("Promotions", len(shown))
planned.metric("Planned", int((shown.status == "planned").sum()))
uplift.metric("Median uplift", ui.change(measured.uplift_pct.median() if len(measured) else None))
paid.metric("Paid off (ROI > 0)", f"{(measured.roi > 0).sum()} of {measured.roi.notna().sum()}")
net_result = (measured.incremental_margin - measured.cost).sum(min_count=1)
net.metric("Net result (margin − cost)", "–" if hidden else ui.money(net_result))

calendar_tab, results_tab, compare_tab, trials_tab = st.tabs(
    ["Calendar", "Results", "By kind and account", "New-product trials"]
)
with calendar_tab:
    with st.spinner("Checking planned promotions against the stock projection…"):
        flags = ui.load(promotion_stock.planned_stockouts, f)
    plan = shown.merge(flags, on="promo_id", how="left")
    at_risk = plan[plan.stockout.eq(True)]
    if len(at_risk):
        st.warning(f"{len(at_risk)} planned promotion(s) would run the account out of stock.")
        ui.table(at_risk[CALENDAR + FLAGS], "promotions_running_out", RESULTS)
    st.caption(
        "Bars from start to end date; hover for the promotion, kind and SKU. Red outline: a "
        "planned promotion whose expected uplift (the account's past uplift) runs a promoted "
        "SKU out of stock before it ends, by the Peak-season stock risk projection."
    )
    peaks = peak_spans(ui.load(store.season, f.end), shown.start_date.min(), shown.end_date.max())
    ui.chart(charts.calendar(plan, peaks))
    ui.download_table(plan[CALENDAR + FLAGS], "promotion_calendar", RESULTS)
    seen = ui.journal(shelf.observations, list(shown.account_id.unique()))
    journal_forms.price_cuts(store_checks.price_cuts(seen, shown))

with results_tab:
    table = measured.sort_values("roi", ascending=False)[SHOWN].drop(columns=hidden)
    table = table.fillna({"sku": "(all SKUs)"})
    ui.table(table, "promotion_results", RESULTS)
    st.subheader(f"Not measurable ({len(apart)})")
    st.caption("Left out of the ranking, the figures above and the comparisons; the note says why.")
    unmeasured = apart[APART].fillna({"sku": "(all SKUs)"})
    ui.table(unmeasured, "promotions_not_measurable", RESULTS)
    # The ranked promotions first, in their order, then those listed apart that have days.
    ranked = measured.sort_values("roi", ascending=False)
    options = pd.concat([ranked, apart[apart.baseline_qty.notna()]])
    options = options.fillna({"sku": "(all SKUs)"})
    promo_id = st.selectbox(
        "Promotion",
        options.promo_id,
        format_func=lambda p: f"{p} · {options.set_index('promo_id').at[p, 'name']}",
    )
    if promo_id:
        row = options.set_index("promo_id").loc[promo_id]
        title = f"{promo_id}: {row['name']}, {row['sku']}, {row['kind']}"
        ui.chart(charts.promotion_days(cells[cells.promo_id == promo_id], title))
        st.text(row["note"] or "Nothing to flag: baseline, dip and margin all measured.")

with compare_tab:
    left, right = st.columns(2)
    by_kind = promotions.compare(shown, ["kind"])
    by_account = promotions.compare(shown, ["account_id", "name"])
    if by_kind.empty:
        st.info("No measurable promotion in the period has a known ROI yet: widen the period.")
    else:
        with left:
            ui.chart(charts.roi_comparison(by_kind, "kind", "ROI by kind"))
        with right:
            ui.chart(charts.roi_comparison(by_account, "name", "ROI by account", 10))
        for name, groups in (("kind", by_kind), ("account", by_account)):
            ui.table(groups.drop(columns=hidden), f"promotion_roi_by_{name}", RESULTS)
        names = dict(zip(by_account.account_id, by_account.name, strict=True))
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        account = pick.selectbox("Account", list(names), format_func=names.get, key="roi-account")
        if go.button("Open its sales trend", use_container_width=True):
            ui.open_account(account, "pages/account_trend.py")

with trials_tab:
    months = st.slider("Launched in the last N months", 3, 24, 12)
    products, orders, category, accounts = ui.load(store.trials, f, months)
    if products.empty:
        st.info(f"No product launched in the {months} months to {ui.day(f.end)}.")
    else:
        read_out = trials.read_out(products, orders, category, f.end)
        ui.chart(charts.trial_read_out(read_out))
        ui.table(read_out, "trial_read_out", RESULTS)
        st.subheader("Sell-in and repeat orders by account")
        sell_in = trials.sell_in(orders)
        ui.table(sell_in, "trial_sell_in", RESULTS)
        st.subheader("Not listed yet (key accounts first)")
        missing = trials.not_listed(products, orders, accounts)
        ui.table(missing, "trial_not_listed", RESULTS)
