from functools import partial

import streamlit as st

import ui
from kam_core.charts import rebates as charts
from kam_core.data import columns
from kam_core.data.formats import Column
from kam_core.incentives.advice import talking_point, what_if, what_if_range
from kam_core.incentives.contests import METRICS, PrizeError, contest_standings, prizes_from_text
from kam_core.incentives.payouts import (
    AS_READ,
    closest_to_next_tier,
    in_programme_terms,
    positions,
)
from kam_core.incentives.periods import periods_between
from kam_core.incentives.rebates import ProgramError, payout
from kam_core.incentives.statements import statement_lines
from kam_core.reports.statement import printable_lines, statement_pdf
from kam_core.store import contests, portfolio
from kam_core.store import rebates as store

PAYOUTS = columns.spec(projected_tier_rate=Column("Projected tier rate", "pct"), **AS_READ)
CONTEST = columns.spec(
    ly_revenue=Column("Revenue last year", "money"),
    prize=Column("Prize", "money"),
    place=Column("Place", "int"),
)

st.title("Incentive payouts")
f = ui.filters()
ui.require("sales", "rebate_programs", "rebate_tiers")
try:
    programs = ui.load(store.programs)
except ProgramError as exc:
    st.error(f"{exc}. Correct the programme and import rebate_programs/rebate_tiers again.")
    st.stop()
dates = ui.load(portfolio.sales_dates)

left, right = st.columns([1, 3])
kinds = sorted({p.period for p in programs.values()}, key=["year", "quarter"].index)
kind = left.radio("Programme period", kinds, format_func=str.title, horizontal=True)
period = right.selectbox(
    "Period",
    periods_between(kind, dates[0], f.end),
    format_func=lambda p: p.label,
    help="Programmes paid per calendar year or quarter; default: the one containing the "
    "sidebar's end date (the as-of date).",
)
as_of = min(period.end, f.end)
table = ui.load(store.payouts, as_of, kind, f)
if table.empty:
    st.info("No account in the sidebar filters takes part in these programmes.")
    st.stop()
st.caption(f"{period.label}, as of {ui.day(as_of)}; projections at the run-rate so far.")

owed, projected, near = st.columns(3)
owed.metric("Owed to date", ui.money(table.payout.sum()))
projected.metric("Projected at period end", ui.money(table.projected_payout.sum()))
near.metric("Within 10% of a higher tier", int((table.gap_share < 0.1).sum()))

by_account, statement_tab, points, contest = st.tabs(
    ["Payouts by account", "Account statement", "Talking points", "Sales contest"]
)
with by_account:
    ui.chart(charts.payout_bars(table))
    shown = table.drop(columns=["revenue", "ly_to_date", "ly_basis", "gap_share"])
    shown = in_programme_terms(shown[["name", *shown.columns.drop("name")]], programs, ui.style())
    ui.table(
        shown,
        f"rebate_payouts_{period.label}",
        PAYOUTS,
        pinned=2,
        download=table[store.VIEW_COLUMNS],
    )

with statement_tab:
    account = ui.account_picker(table.drop_duplicates("account_id")[["account_id", "name"]])
    mine = table[table.account_id == account]
    if mine.empty:
        st.info("Choose an account to see its statement and what one more order would pay.")
    else:
        program_id = st.radio("Programme", list(mine.program_id), horizontal=True)
        row = mine[mine.program_id == program_id].iloc[0]
        program = programs[program_id]
        now, end = positions(row, program, as_of)
        st.subheader(f"{program.name}, {period.label}")
        printed = printable_lines(program, now)
        aligned = st.column_config.TextColumn(alignment="right")
        st.dataframe(
            printed, hide_index=True, column_config=dict.fromkeys(printed.columns[1:], aligned)
        )
        st.text(talking_point(program, now))
        unit = "units" if program.basis == "quantity" else "revenue"
        top, step = what_if_range(program, now)
        extra = st.slider(
            f"What if this account buys more ({unit}) this {program.period}?",
            0.0,
            top,
            0.0,
            step,
            format="%.0f",
        )
        outcome = what_if(program, now, extra)
        rate_col, payout_col, end_col = st.columns(3)
        rate_col.metric(
            "Tier rate",
            ui.pct(outcome.rate),
            ui.points(outcome.extra_rate) if outcome.extra_rate else None,
        )
        payout_col.metric(
            "Payout",
            ui.money(outcome.payout),
            f"+{ui.money(outcome.extra_payout)}" if outcome.extra_payout else None,
        )
        end_col.metric("Projected at period end", ui.money(payout(program, end)))
        ui.chart(charts.tier_ladder(program, now, end))
        name = f"statement_{account}_{program_id}_{period.label}"
        ui.download_table(statement_lines(program, now), name, key="statement")
        st.download_button(
            "Download PDF statement",
            ui.audited(
                f"{name}.pdf",
                partial(
                    statement_pdf,
                    program,
                    f"{row['name']} ({account})",
                    period.label,
                    as_of,
                    now,
                    end,
                    ui.current_context().text,
                    ui.style(),
                ),
            ),
            f"{name}.pdf",
            "application/pdf",
            on_click="ignore",  # a download needs no rerun
            use_container_width=True,
        )

with points:
    closest = closest_to_next_tier(table)
    if closest.empty:
        st.info("Every account is on its top tier, or has no sales yet.")
    else:
        ui.chart(charts.closest_bars(closest))
        ui.table(
            in_programme_terms(closest, programs, ui.style())[
                ["name", "program_id", "gap_to_next_tier", "extra_payout_at_next_tier"]
                + ["talking_point"]
            ],
            "closest_to_next_tier",
            columns.spec(talking_point=Column("Talking point"), **AS_READ),
            config={"talking_point": st.column_config.TextColumn("Talking point", width="large")},
        )

with contest:
    st.caption(f"Ranked on the sidebar period {ui.day(f.start)} - {ui.day(f.end)}.")
    metric = st.selectbox("Ranked by", list(METRICS), format_func=METRICS.get)
    prize_text = st.text_input("Prizes by place (comma-separated)", "5000, 3000, 1000")
    try:
        prizes = prizes_from_text(prize_text)
    except PrizeError as exc:
        st.error(ui.plain(exc))  # the message quotes what was typed
        st.stop()
    sales = ui.load(contests.contest_sales, f)
    standings = contest_standings(sales, metric, prizes, top_n=len(prizes) + 5)
    value = Column(
        METRICS[metric].split(" (")[0].capitalize(), "pct" if metric == "growth_pct" else "money"
    )
    ui.table(standings, "contest_standings", CONTEST | {"value": value})
