import streamlit as st

import ui
from kam_core.accounts import plan_totals, trends
from kam_core.accounts.windows import years_before
from kam_core.charts import targets as plan_charts
from kam_core.charts import trends as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.service import kpis as service_kpis
from kam_core.store import service as service_store
from kam_core.store import targets as plan_store
from kam_core.store import trends as store

ACCOUNT_PAGE = "pages/account_trend.py"


GAINS = columns.spec(change=Column("Change", "money"))
PICK = {"on_select": "rerun", "selection_mode": "single-row"}


st.title("Portfolio overview")
f = ui.filters()
ui.require("sales")
totals = ui.load(store.account_totals, f)
if totals.empty or not (totals["revenue"].sum() or totals["revenue_ly"].sum()):
    st.info(
        "No sales in this period for the chosen regions, channels and managers. "
        "Widen the period or clear a filter in the sidebar."
    )
    st.stop()
start_ly, end_ly = years_before(f.start), years_before(f.end)
st.caption(
    f"{ui.day(f.start)} – {ui.day(f.end)} against the same days last year "
    f"({ui.day(start_ly)} – {ui.day(end_ly)}); key-account tiers as of {ui.day(f.end)}."
)
with st.expander("Meeting deck (PowerPoint)", icon=":material/slideshow:"):
    names = dict(totals.sort_values("revenue", ascending=False)[["account_id", "name"]].values)
    chosen = st.multiselect(
        "Accounts with a slide of their own",
        list(names),
        default=list(trends.largest_accounts(totals)),
        format_func=lambda a: f"{names[a]} ({a})",
    )
    st.download_button(
        "Download meeting deck",
        ui.meeting_deck(f, tuple(chosen)),
        "meeting_deck.pptx",
        on_click="ignore",
        type="primary",
        help="Portfolio, ranking, stock risk, payouts, and a slide per chosen account.",
    )

revenue, revenue_ly = totals["revenue"].sum(), totals["revenue_ly"].sum()
costed, costed_ly = totals["revenue_with_cost"].sum(), totals["revenue_with_cost_ly"].sum()
rate = totals["known_margin"].sum() / costed if costed else None
rate_ly = totals["known_margin_ly"].sum() / costed_ly if costed_ly else None
left, middle, right = st.columns(3)
left.metric("Revenue", ui.money(revenue), help="Sales in the period, all filtered accounts.")
middle.metric(
    "Growth vs last year",  # short enough for half a phone's width
    ui.change(trends.growth(revenue, revenue_ly)),
    help=f"Against the same period last year, whose revenue was {ui.money(revenue_ly)}.",
)
if not ui.presentation():
    right.metric(
        "Gross margin",
        ui.pct(rate),
        delta=None if rate is None or rate_ly is None else ui.points(rate - rate_ly),
        help=f"Revenue minus cost on lines with a known cost ({costed / (revenue or 1):.0%} of "
        "revenue; new products without a booked cost are left out).",
    )

st.subheader("Key accounts")
picks, pickable = [], []  # tables whose selected row opens the account's trend
kpis = trends.key_account_kpis(ui.load(store.screening, f), totals)
cells = st.columns(5)
cells[0].metric("Key accounts (tier A)", kpis.key_accounts)
cells[1].metric(
    "Key-account growth",
    ui.change(kpis.revenue_growth),
    help="Today's key accounts: revenue in the period against the same period last year.",
)
cells[2].metric(
    "Key-account churn rate",
    ui.pct(kpis.churn_rate),
    help=f"{kpis.churned} of last year's key accounts bought nothing or fell out of tier A.",
)
cells[3].metric("New key accounts", kpis.new, help="Tier A now, no sales the year before.")
cells[4].metric("Upgraded to key", kpis.upgraded, help="Tier A now, tier B or C a year ago.")
key_accounts = service_kpis.key_accounts(ui.load(store.screening, f))
service = ui.load(service_store.key_account_service, f, key_accounts)
cells = st.columns(5)
cells[0].metric(
    "Key-account OTIF",
    ui.pct(service.otif),
    help="Order lines to key accounts delivered on time and in full, twelve months.",
)
cells[1].metric(
    "Cost saving rate",
    ui.pct(service.cost_saving_rate),
    help="Key accounts' cost to serve as a share of revenue, against the twelve months before: "
    "(last year's share - this one) / last year's.",
)

year = f.end.year
st.subheader(f"Plan {year}")
plan, curve = ui.load(plan_store.progress, f)
if plan.empty:
    st.info(f"No targets for {year} for these accounts: set them on the Targets page.")
else:
    total = plan_totals.totals(plan, f.end).iloc[0]
    cells = st.columns(4)
    cells[0].metric(
        "Target", ui.money(total.revenue_target), help=f"{len(plan)} accounts with a target."
    )
    cells[1].metric(
        "Attainment to date",
        ui.pct(total.attainment),
        help=f"Revenue 1 Jan – {f.end:%d %b} ({ui.money(total.ytd_actual)}) against the target "
        f"phased to date ({ui.money(total.ytd_target)}): monthly targets, or a year's target "
        "spread by each account's seasonality of last year.",
    )
    cells[2].metric(
        "Projected full year",
        ui.money(total.projected_full_year),
        delta=f"{ui.pct(total.projected_attainment)} of target",
        delta_color="off",
        delta_arrow="off",
        help="Revenue to date / the share of a year's revenue that normally falls by this date.",
    )
    cells[3].metric(
        "Needed per month",
        ui.money(total.required_per_month),
        help="(Target - revenue to date) / the months left in the year.",
    )
    ui.chart(plan_charts.plan_cumulative(curve, f"Plan {year}: actual, phased target, projection"))
    st.subheader("Behind plan")
    behind = plan_totals.behind_plan(plan)
    if behind.empty:
        st.success("No account is more than 5% behind its phased target.")
    else:
        st.caption(
            f"The {len(behind)} accounts furthest behind their target to date (more than 5%), "
            "the largest shortfall first. Select a row to open the account's trend."
        )
        shown = ["name", "account_id", "ytd_target", "ytd_actual", "attainment"]
        picks.append(
            ui.table(
                behind[[*shown, "required_per_month"]], "behind_plan", key="behind_plan", **PICK
            )
        )
        pickable.append(behind)
    st.subheader("Attainment per manager")
    managers = plan_totals.totals(plan, f.end, ["manager"])
    ui.table(
        managers[["manager", "revenue_target", "ytd_actual", "attainment", "projected_attainment"]],
        "attainment_per_manager",
    )

monthly = trends.this_year_vs_last(ui.load(store.monthly, f), f.start, f.end)
ui.chart(
    charts.this_year_vs_last(
        monthly, "revenue", "Monthly revenue: this year vs last", "Revenue (¤)"
    )
)

gains, losses = trends.gainers_and_losers(totals, n=10)
shown = ["name", "account_id", "revenue", "change", "growth"]
gain_column, loss_column = st.columns(2)
gain_column.subheader("Largest gains")
picks.append(ui.table(gains[shown], "largest_gains", GAINS, key="gains", where=gain_column, **PICK))
loss_column.subheader("Largest losses")
picks.append(
    ui.table(losses[shown], "largest_losses", GAINS, key="losses", where=loss_column, **PICK)
)
pickable += [gains, losses]

st.caption("Select a row to open the account's trend.")
st.subheader("Accounts at risk")
drop = st.slider(
    "Trailing three months down by more than (%)",
    5,
    90,
    20,
    step=5,
    help="The three months to the as-of date against the same three months last year.",
)
risky = trends.at_risk(totals, drop / 100)[
    ["name", "account_id", "revenue_3m", "revenue_3m_ly", "change_3m"]
]
if risky.empty:
    st.success(f"No account's last three months are down more than {drop}% on last year.")
else:
    st.caption(f"{len(risky)} accounts, the largest amount lost first.")
    at_risk = ui.table(risky, "accounts_at_risk", key="at_risk", **PICK)

# Selecting a row opens that account's trend.
for table, pick in zip(pickable, picks, strict=True):
    if pick.selection.rows:
        ui.open_account(table["account_id"].iloc[pick.selection.rows[0]], ACCOUNT_PAGE)
if not risky.empty and at_risk.selection.rows:
    ui.open_account(risky["account_id"].iloc[at_risk.selection.rows[0]], ACCOUNT_PAGE)
