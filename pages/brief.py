from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

import journal_forms
import ui
from kam_core.charts import brief as charts
from kam_core.data import columns, formats
from kam_core.data.formats import Column
from kam_core.incentives.payouts import AS_READ, in_programme_terms
from kam_core.reports.brief import brief_pdf, header_facts
from kam_core.store import brief as store
from kam_core.store import portfolio, relationships, shelf
from kam_core.store import rebates as rebate_store
from kam_core.store import service as service_store
from kam_core.visits import brief as account_brief
from kam_core.visits import store_checks
from kam_core.visits.talking_points import category_changes

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
COLUMNS = columns.spec(
    promo_id=Column("Promotion"),
    status=Column("Status"),
    note=Column("Note"),
    visitor=Column("Visitor"),
    **AS_READ,  # the incentives' bases, in units or money as their programme says
)
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
]


def _table(
    rows: pd.DataFrame,
    shown: list[str] | None,
    empty: str,
    name: str,
    read: pd.DataFrame | None = None,  # the rows as they read, when text (downloads stay numbers)
) -> None:
    if rows.empty:
        st.info(empty)
    else:
        drawn = rows if read is None else read
        ui.table(drawn[shown or list(rows.columns)], f"{name}_{account}", COLUMNS, download=rows)


def programs() -> dict:
    """The rebate programmes, read only for an account that takes part in one."""
    return ui.load(rebate_store.programs)


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
points = account_brief.points(brief, risk, ui.style()) + people.points
gaps = store_checks.shelf_gaps(ui.journal(shelf.observations, [account]), risk)
shown = not ui.presentation()  # margin and credit stay off the projector

st.subheader(ui.plain(f"{brief.name} ({account})"))
st.caption(f"{ui.day(f.start)} to {ui.day(f.end)} against the same dates last year.")
ui.table(pd.DataFrame([dict(header_facts(brief, show_credit=shown))]), None, pinned=0)
kpis = account_brief.kpis(brief.kpis, shown, brief.plan, ui.style())
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
        ui.table(account_brief.figures(point), None, pinned=0)
        if point.topic in DETAIL:
            st.page_link(DETAIL[point.topic], label="More on its page", icon=":material/east:")

# Read first, then taken away: on a phone the talking points stay within the first screen.
pdf, deck = st.columns(2)
pdf.download_button(
    "Download PDF brief",
    ui.audited(  # built on the click, which the audit records
        f"brief_{account}.pdf",
        partial(
            brief_pdf,
            brief,
            points,
            ui.current_context().text,
            shown,
            risk,
            journal,
            people,
            gaps,
            style=ui.style(),
            programs={} if brief.payouts.empty else programs(),
        ),  # fmt: skip
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
        "stock_risks",
    )
journal_forms.shelf_gaps(gaps, "No SKU was off the shelf at the latest store check of it.")
st.header("Incentive position")
_table(
    brief.payouts,
    INCENTIVES,
    "This account takes part in no rebate programme.",
    "rebates",
    None if brief.payouts.empty else in_programme_terms(brief.payouts, programs(), ui.style()),
)
for sentence in brief.payouts.get("talking_point", pd.Series(dtype=str)).dropna():
    st.text(sentence)  # whole sentences under the table, where a cell would clip them
st.header("Service and cost to serve")
rates, late, costs = ui.load(service_store.account_service, account, f.end)
# A row of facts, not metrics: the metrics above are the brief's KPIs, as on paper.
service = {
    "OTIF, twelve months": ui.pct(rates["otif_rate"]),
    "Late lines": f"{formats.units(len(late), ui.style())} of "
    f"{formats.units(rates['lines'], ui.style())}",
    "Cost to serve": ui.money(None if costs is None else costs["cost_to_serve"]),
    "Share of revenue": ui.pct(None if costs is None else costs["cost_to_serve_share"]),
}
ui.table(pd.DataFrame([service]), None, pinned=0)
if late.empty:
    st.info("No late delivery in the twelve months to the end of the period.")
else:
    ui.table(late, f"late_deliveries_{account}", COLUMNS)
promotions, events = st.columns(2)
with promotions:
    st.subheader("Running and planned promotions")
    _table(
        account_brief.promotions_ahead(brief.promotions, f.end),
        ["promo_id", "status", "kind", "sku", "discount_pct", "start_date", "end_date"],
        "No promotion running or planned in the next 60 days.",
        "promotions_ahead",
    )
with events:
    st.subheader("Events in the next 60 days")
    _table(
        brief.events, None, "No anniversary, opening or other event in the next 60 days.", "events"
    )
journal_forms.brief_section(journal, account)
