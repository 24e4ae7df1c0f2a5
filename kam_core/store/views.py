"""The named export views: every table the app shows, by the name the CLI and pages export it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from kam_core.store import journal_views, portfolio, relationships, shelf, stock_plan
from kam_core.store import promotions as promotion_store
from kam_core.store import rebates as rebate_store
from kam_core.store import service as service_store
from kam_core.store import targets as target_store
from kam_core.store import trends as trend_store


@dataclass(frozen=True)
class View:
    name: str
    description: str
    build: Callable[[duckdb.DuckDBPyConnection, date | None], pd.DataFrame]  # (con, as_of)


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View(
            "accounts",
            "The account master, one row per account.",
            lambda con, as_of: portfolio.accounts(con),
        ),
        View(
            "sales_summary",
            "Revenue, quantity, cost, margin and orders per account and year.",
            portfolio.sales_summary,
        ),
        View(
            "monthly_sales",
            "Revenue, quantity and margin per account and month beside the same month a year "
            "earlier, with the growth against it.",
            trend_store.monthly_sales_view,
        ),
        View(
            "account_ranking",
            "The 20/80 ranking of the twelve months to the as-of date: share, cumulative share, "
            "A/B/C class and rank per account.",
            trend_store.ranking_view,
        ),
        View(
            "account_screening",
            "Key-account screening with the default weights: score, proposed and previous tier "
            "and the criteria per account.",
            trend_store.screening_view,
        ),
        View(
            "stock_risk",
            "Peak-season stock risk per account x SKU at the last inventory snapshot on or "
            "before the as-of date: forecast to the end of the coming peak, cover, stock-out, "
            "risk, suggested order and allocation of short supply.",
            stock_plan.stock_risk_view,
        ),
        View(
            "forecast_backtest",
            "Units per account x SKU over last year's peak: actual, the forecast made before "
            "it, and the seasonal-naive baseline (same weeks the year before).",
            stock_plan.forecast_backtest_view,
        ),
        View(
            "rebate_payouts",
            "Rebate owed to date, projected and next tier per account x programme, for each "
            "programme's period (year or quarter) containing the as-of date.",
            rebate_store.payout_view,
        ),
        View(
            "target_attainment",
            "Plan attainment per account with a target in the as-of year: target, actual and "
            "phased target to date, attainment, seasonal projection to the year end, projected "
            "attainment, gap to target and the revenue needed per remaining month.",
            target_store.attainment_view,
        ),
        View(
            "promotion_results",
            "Every promotion measured on its own days against a daily baseline adjusted for "
            "season and weekday: uplift, dip, incremental volume, revenue and margin, cost "
            "(fixed + discount), ROI, whether it is measurable and the note saying why not.",
            promotion_store.promotion_results,
        ),
        View(
            "delivery_performance",
            "Delivery reliability per account over the twelve months to the as-of date: lines "
            "judged, on-time, in-full, OTIF and fill rates (fractions) and average days late.",
            service_store.delivery_performance,
        ),
        View(
            "cost_to_serve",
            "Per account over the twelve months to the as-of date: revenue, gross margin, "
            "rebates, promotion and service costs, cost to serve and its share of revenue "
            "against last year's, the cost saving rate and the net contribution.",
            service_store.cost_to_serve_view,
        ),
        # The journal's views (as of today by default: the journal is live).
        View(
            "visits",
            "Visits recorded in the journal on or before the as-of date: id, account_id, date, "
            "visitor, kind, attendees, notes, next_visit_date.",
            journal_views.visits_view,
        ),
        View(
            "actions",
            "Next steps agreed with accounts: id, account_id, text, due_date, owner, visit_id, "
            "status, done_date.",
            journal_views.actions_view,
        ),
        View(
            "complaints",
            "Complaints opened on or before the as-of date, with their resolution.",
            journal_views.complaints_view,
        ),
        View(
            "complaint_kpis",
            "Per account over the 12 months to the as-of date: complaints, resolved, open, "
            "resolution_rate, resolved_in_time_rate (within the SLA days), median_days_to_resolve.",
            journal_views.complaint_kpis_view,
        ),
        View(
            "visit_coverage",
            "Per account: tier, last visit, the tier's cadence in days, days since the last visit "
            "and whether a visit is overdue.",
            journal_views.visit_coverage_view,
        ),
        # Contacts are personal data: no view names, emails or phones (methods-relationships.md).
        View(
            "relationship_coverage",
            "Per account: active contacts, decision makers, decision makers met in the 90 days to "
            "the as-of date, the last meeting with one, and covered (at least one met).",
            relationships.coverage_view,
        ),
        View(
            "shelf_observations",
            "What store checks saw per SKU up to the as-of date: visit, account, date, on shelf, "
            "facings, shelf price, competitor and its price, oldest production date, note.",
            shelf.observations_view,
        ),
    )
}
# Personal data: apart from VIEWS (what pages list and benchmarks time), built only when asked
# for by name and `personal` (the CLI's --personal).
PERSONAL_VIEWS: dict[str, View] = {
    "contacts": View(
        "contacts",
        "Every contact with name, title, role, influence, relationship, concerns, birthday, "
        "email, phone, reports_to and active.",
        relationships.contacts_view,
    )
}


def build(
    con: duckdb.DuckDBPyConnection, name: str, as_of: date | None = None, personal: bool = False
) -> pd.DataFrame:
    """The rows of view `name` as of a date (None: all data); KeyError for an unknown view,
    ValueError for a view of personal data unless `personal` asks for it."""
    if name in PERSONAL_VIEWS:
        if not personal:
            raise ValueError(
                f"the view {name} holds personal data (names, emails, phones, birthdays); "
                "ask for it explicitly with --personal"
            )
        return PERSONAL_VIEWS[name].build(con, as_of)
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; choose one of: {', '.join(sorted(VIEWS))}")
    return VIEWS[name].build(con, as_of)
