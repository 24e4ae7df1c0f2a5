from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

import journal_forms
import ui
from kam_core.charts import brief as charts
from kam_core.data.formats import share
from kam_core.reports.brief import brief_pdf, header_facts
from kam_core.store import brief as store
from kam_core.store import portfolio, relationships, shelf
from kam_core.store import service as service_store
from kam_core.visits import brief as account_brief
from kam_core.visits import store_checks
from kam_core.visits.talking_points import category_changes

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
MONEY, DAY = "compact", "D MMM YYYY"
COLUMNS = {  # labels and formats shared by every table of the page
    "sku": "SKU",
    "product": "Product",
    "risk": "Risk",
    "period": "Period",
    "promo_id": "Promotion",
    "status": "Status",
    "kind": "Kind",
    "note": "Note",
    "visitor": "Visitor",
    "on_hand": st.column_config.NumberColumn("On hand", format="localized"),
    "days_of_cover": st.column_config.NumberColumn("Days of cover", format="%.0f"),
    "stockout_date": st.column_config.DateColumn("Runs out", format=DAY),
    "suggested_order_qty": st.column_config.NumberColumn("Propose (units)", format="localized"),
    "program_id": "Programme",
    "basis": st.column_config.NumberColumn("Basis", format=MONEY),
    "tier_rate": st.column_config.NumberColumn("Tier rate", format="percent"),
    "payout": st.column_config.NumberColumn("Owed", format=MONEY),
    "projected_payout": st.column_config.NumberColumn("Projected", format=MONEY),
    "gap_to_next_tier": st.column_config.NumberColumn("To next tier", format=MONEY),
    "extra_payout_at_next_tier": st.column_config.NumberColumn("Worth", format=MONEY),
    "talking_point": "In the rebates' words",
    "discount_pct": st.column_config.NumberColumn("Discount", format="percent"),
    "start_date": st.column_config.DateColumn("Starts", format=DAY),
    "end_date": st.column_config.DateColumn("Ends", format=DAY),
    "date": st.column_config.DateColumn("Date", format=DAY),
}
LATE_COLUMNS = {
    "promised_date": st.column_config.DateColumn("Promised", format=DAY),
    "ordered": st.column_config.NumberColumn("Ordered", format="localized"),
    "delivered": st.column_config.NumberColumn("Delivered", format="localized"),
    "delivered_date": st.column_config.DateColumn("Delivered on", format=DAY),
    "days_late": st.column_config.NumberColumn("Days late", format="%d"),
}
DETAIL = {  # the page behind each topic of talking points (the account stays chosen)
    "Sales": "pages/account_trend.py",
    "Stock": "pages/stock_risk.py",
    "Incentives": "pages/payouts.py",
    "Promotions": "pages/promotions.py",
    "Plan": "pages/targets.py",
    "Relationships": "pages/journal.py",
}
STOCK = [
    "sku",
    "product",
    "on_hand",
    "days_of_cover",
    "stockout_date",
    "risk",
    "suggested_order_qty",
]
INCENTIVES = [
    "program_id",
    "period",
    "basis",
    "tier_rate",
    "payout",
    "projected_payout",
    "gap_to_next_tier",
    "extra_payout_at_next_tier",
    "talking_point",
]


def _table(rows: pd.DataFrame, columns: list[str] | None, empty: str) -> None:
    if rows.empty:
        st.info(empty)
    else:
        st.dataframe(rows[columns or list(rows.columns)], hide_index=True, column_config=COLUMNS)


st.title("Account brief")
f = ui.filters()
accounts = ui.load(portfolio.accounts, *f.account_params().values())
account = ui.account_picker(accounts[["account_id", "name"]])
if account is None:
    example = f"?account={accounts['account_id'].iloc[0]}" if len(accounts) else "?account=ID"
    st.info(
        f"Choose an account to prepare a visit; links like {ui.plain(example)} open one directly."
    )
    st.stop()
brief = ui.load(store.account_brief, account, f.start, f.end)
journal = journal_forms.account_journal(account)
brief = replace(brief, visits=journal.visits_for_points)  # the journal's visits, not the import's
risk = ui.stock_risk()  # as of the last snapshot; None without inventory snapshots
people = ui.journal(relationships.people, account, date.today())  # live, as the journal
points = account_brief.points(brief, risk) + people.points
gaps = store_checks.shelf_gaps(ui.journal(shelf.observations, [account]), risk)
shown = not ui.presentation()  # margin and credit stay off the projector

st.subheader(ui.plain(f"{brief.name} ({account})"))
st.caption(f"{f.start:%d %b %Y} to {f.end:%d %b %Y} against the same dates last year.")
st.dataframe(pd.DataFrame([dict(header_facts(brief, show_credit=shown))]), hide_index=True)
kpis = account_brief.kpis(brief.kpis, shown, brief.plan)
for column, kpi in zip(st.columns(len(kpis)), kpis, strict=True):
    column.metric(
        kpi.label,
        kpi.value,
        None if kpi.good is None else kpi.change,
        delta_color="green" if kpi.good else "red",
        # An arrow for a change against last year; none beside "projected 95%".
        delta_arrow="auto" if kpi.change and kpi.change[:1] in "+-" else "off",
    )
st.header("Talking points")
if not points:
    st.info("No rule fired for this account: nothing stands out against last year.")
for point in points:
    with st.expander(f"**{point.topic}** · {ui.plain(point.text)}"):
        st.caption(point.rule)
        st.dataframe(account_brief.figures(point), hide_index=True)
        if point.topic in DETAIL:
            st.page_link(DETAIL[point.topic], label="More on its page", icon=":material/east:")

# Read first, then taken away: on a phone the talking points stay within the first screen.
pdf, deck = st.columns(2)
pdf.download_button(
    "Download PDF brief",
    ui.audited(  # built on the click, which the audit records
        f"brief_{account}.pdf",
        partial(
            brief_pdf, brief, points, ui.current_context().text, shown, risk, journal, people, gaps
        ),
    ),
    f"brief_{account}.pdf",
    "application/pdf",
    on_click="ignore",  # a download needs no rerun; one would race a second click
    type="primary",
    use_container_width=True,
)
deck.download_button(
    "Download meeting deck",
    ui.meeting_deck(f, (account,)),
    f"meeting_{account}.pptx",
    PPTX,
    on_click="ignore",
    use_container_width=True,
    help="PowerPoint: portfolio overview, ranking, stock risk, payouts and this account.",
)

# Side by side on a screen; one under the other on a projector, where the type is bigger.
trend, mix = (st.container(), st.container()) if ui.presentation() else st.columns(2)
with trend:
    ui.chart(charts.trend(account_brief.trend(brief.monthly, f.end)))
with mix:
    categories = category_changes(brief.mix)
    if categories.empty:
        st.info("No sales in this period or the same dates last year.")
    else:
        ui.chart(charts.mix(categories))
journal_forms.who_decides(people)

st.header("Stock risks and proposed orders")
if risk is None:
    st.info("No stock snapshots in the database: import the inventory table on the Data page.")
else:
    _table(
        account_brief.stock_risks(risk, account),
        STOCK,
        "No position of this account is at high or medium risk of running out.",
    )
journal_forms.shelf_gaps(gaps, "No SKU was off the shelf at the latest store check of it.")
st.header("Incentive position")
_table(brief.payouts, INCENTIVES, "This account takes part in no rebate programme.")
st.header("Service and cost to serve")
rates, late, costs = ui.load(service_store.account_service, account, f.end)
# A row of facts, not metrics: the metrics above are the brief's KPIs, as on paper.
service = {
    "OTIF, twelve months": share(rates["otif_rate"]),
    "Late lines": f"{len(late):,} of {rates['lines']:,.0f}",
    "Cost to serve": ui.money(None if costs is None else costs["cost_to_serve"]),
    "Share of revenue": share(None if costs is None else costs["cost_to_serve_share"]),
}
st.dataframe(pd.DataFrame([service]), hide_index=True)
if late.empty:
    st.info("No late delivery in the twelve months to the end of the period.")
else:
    st.dataframe(late, hide_index=True, column_config=COLUMNS | LATE_COLUMNS)
promotions, events = st.columns(2)
with promotions:
    st.subheader("Running and planned promotions")
    _table(
        account_brief.promotions_ahead(brief.promotions, f.end),
        ["promo_id", "status", "kind", "sku", "discount_pct", "start_date", "end_date"],
        "No promotion running or planned in the next 60 days.",
    )
with events:
    st.subheader("Events in the next 60 days")
    _table(brief.events, None, "No anniversary, opening or other event in the next 60 days.")
journal_forms.brief_section(journal, account)
