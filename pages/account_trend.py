from dataclasses import replace
from datetime import date

import streamlit as st

import ui
from kam_core.accounts import trends
from kam_core.accounts.windows import years_before
from kam_core.charts import trends as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.store import portfolio
from kam_core.store import trends as store

MIX = columns.spec(shift=Column("Shift in share", "points"))

st.title("Account trend")
f = ui.filters()
ui.require("sales")
accounts = ui.load(portfolio.accounts, *f.account_params().values())
account = ui.account_picker(accounts)
if account is None:
    st.info("Choose an account above, or open one from the Accounts ranking.")
    st.stop()
name = accounts.set_index("account_id").loc[account, "name"]
st.subheader(ui.plain(f"{name} ({account})"))
first_sale = ui.load(portfolio.sales_dates)[0]

monthly = ui.load(store.monthly, f, account)
if monthly.empty:
    st.info(f"{name} bought nothing in this period or the same period last year. Widen the period.")
    st.stop()
months = trends.this_year_vs_last(monthly, f.start, f.end)
ytd = ui.load(store.monthly, replace(f, start=date(f.end.year, 1, 1)), account)
history = ui.load(store.monthly, replace(f, start=first_sale), account)
lines = ui.load(store.sku_changes, f, account)
revenue, revenue_ly = lines["revenue"].sum(), lines["revenue_ly"].sum()
st.caption(
    f"{ui.day(f.start)} – {ui.day(f.end)} against {ui.day(years_before(f.start))} – "
    f"{ui.day(years_before(f.end))}."
)

rolled = trends.rolling_twelve_months(history, first_sale, f.end)
cells = st.columns(4)
cells[0].metric(
    "Revenue in the period", ui.money(revenue), delta=ui.change(trends.growth(revenue, revenue_ly))
)
cells[1].metric(
    "Year to date",
    ui.money(ytd["revenue"].sum()),
    delta=ui.change(trends.growth(ytd["revenue"].sum(), ytd["revenue_last_year"].sum())),
    help=f"1 Jan – {f.end:%d %b} against the same days last year.",
)
cells[2].metric("Rolling twelve months", ui.money(rolled["revenue_12m"].iloc[-1]))
cells[3].metric("Same period last year", ui.money(revenue_ly))

promotions = ui.load(store.promotions, account, f.start, f.end)
events = ui.load(store.events, account, f.start, f.end)
ui.chart(
    charts.account_timeline(
        months, promotions, events, "Monthly revenue with promotions (shaded) and events (stars)"
    )
)
left, right = st.columns(2)
with left:
    ui.chart(charts.this_year_vs_last(months, "quantity", "Monthly units", "Units"))
with right:
    if ui.presentation():
        ui.chart(charts.rolling_twelve_months(rolled.tail(max(len(months), 24))))
    elif months["known_margin"].isna().all() and months["known_margin_last_year"].isna().all():
        st.info(
            "Monthly gross margin: unknown, since no sales line of these months has a cost. "
            "Import sales with a cost (or profit) column to see it."
        )
    else:
        margin = months.assign(
            margin=months["known_margin"], margin_last_year=months["known_margin_last_year"]
        )
        ui.chart(
            charts.this_year_vs_last(
                margin, "margin", "Monthly gross margin (lines with a cost)", "Margin (¤)"
            )
        )
if not ui.presentation():
    ui.chart(charts.rolling_twelve_months(rolled.tail(max(len(months), 24))))

mix = trends.category_mix(
    lines.groupby("category", as_index=False)[["revenue", "revenue_ly"]].sum()
)
left, right = st.columns(2)
with left:
    ui.chart(charts.mix_shift(mix))
with right:
    ui.chart(charts.pvm_waterfall(trends.price_volume_mix(lines), revenue_ly, revenue))
ui.table(mix, "category_mix", MIX)
st.caption("The months of the period against the same months last year:")
ui.download_table(months, f"account_trend_{account}")

with st.expander(f"Promotions ({len(promotions)}) and events ({len(events)}) in the period"):
    ui.table(promotions, "account_promotions", key="account_promotions")
    ui.table(events, "account_events", columns.spec(note=Column("Note")), key="account_events")
