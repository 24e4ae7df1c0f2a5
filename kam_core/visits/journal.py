"""The account journal's rules: what a record holds, visit cadence, overdue steps, complaint KPIs.

Records are contract-like tables (kam_core.data.contract), so a form and an import file are checked
by the same code (kam_core.data.importing.prepare) plus the journal's own limits below. Dates are
calendar days; rates are fractions; "the 12 months to the as-of date" are the 365 days ending it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import pandas as pd

from kam_core.data.contract import Column, Table
from kam_core.data.parsing import Problem, problems_at

VISIT_KINDS = (
    "business review",
    "store check",
    "floor-staff training",
    "executive visit",
    "symposium",
    "other",
)
ACTION_STATUSES = ("open", "done", "dropped")
COMPLAINT_CATEGORIES = ("delivery", "quality", "pricing", "service", "sales rep", "other")
SEVERITIES = ("low", "medium", "high")
ROLES = ("decision maker", "influencer", "buyer", "user", "floor staff")
INFLUENCE = ("high", "medium", "low")
RELATIONSHIPS = ("strong", "neutral", "weak", "none")

LONG_TEXT = 2_000  # characters in notes, descriptions and comments: a page of text
SHORT_TEXT = 200  # characters in names and short fields
FUTURE_DAYS = 366  # a date more than a year after today is a typing error, not a plan
KPI_DAYS = 365  # complaint KPIs cover complaints opened in the 365 days to the as-of date


def _text(name: str, required: bool = False) -> Column:
    return Column(name, "text", required=required)


def _date(name: str, required: bool = False) -> Column:
    return Column(name, "date", required=required)


ACCOUNT = Column("account_id", "text", required=True, references="accounts")
SCORE = (1, 5)  # satisfaction and feedback scores: 1 (poor) to 5 (excellent)

RECORDS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "visits",
            (
                ACCOUNT,
                _date("date", required=True),
                _text("visitor"),
                Column("kind", "text", choices=VISIT_KINDS),
                _text("attendees"),
                _text("notes"),
                _date("next_visit_date"),
            ),
            ordered=(("date", "next_visit_date"),),
            aliases=(("note", "notes"),),
        ),
        Table(
            "actions",
            (
                ACCOUNT,
                _text("text", required=True),
                _date("due_date", required=True),
                _text("owner"),
                Column("visit_id", "int", minimum=1),
                Column("status", "text", choices=ACTION_STATUSES),
                _date("done_date"),
            ),
        ),
        Table(
            "complaints",
            (
                ACCOUNT,
                _date("opened_date", required=True),
                Column("category", "text", required=True, choices=COMPLAINT_CATEGORIES),
                Column("severity", "text", choices=SEVERITIES),
                _text("description"),
                _text("owner"),
                _date("resolved_date"),
                _text("resolution"),
                Column("satisfaction", "int", minimum=SCORE[0], maximum=SCORE[1]),
            ),
            ordered=(("opened_date", "resolved_date"),),
        ),
        Table(
            "feedback",
            (
                ACCOUNT,
                _date("date", required=True),
                Column("score", "int", required=True, minimum=SCORE[0], maximum=SCORE[1]),
                _text("about"),
                _text("comment"),
            ),
        ),
        Table(
            "account_plans",
            (
                ACCOUNT,
                Column("year", "int", required=True, minimum=2000, maximum=2100),
                _text("objectives"),
                _text("strategy"),
            ),
            key=("account_id", "year"),
        ),
        # Personal data (docs/methods-relationships.md): in no export unless asked for by name,
        # erased for good on request (store.journal.erase).
        Table(
            "contacts",
            (
                ACCOUNT,
                _text("name", required=True),
                _text("title"),
                Column("role", "text", choices=ROLES),
                Column("influence", "text", choices=INFLUENCE),
                Column("relationship", "text", choices=RELATIONSHIPS),
                _text("concerns"),
                _date("birthday"),
                _text("email"),
                _text("phone"),
                Column("reports_to", "int", minimum=1),  # another contact's id
                Column("active", "bool"),  # false: the person left the account
            ),
        ),
        # Who was met at a visit: the link between a visit and a contact of its account.
        Table(
            "visit_contacts",
            (
                Column("visit_id", "int", required=True, minimum=1),
                Column("contact_id", "int", required=True, minimum=1),
            ),
        ),
        # One row per SKU looked at on a store check (a visit of kind "store check").
        Table(
            "shelf_observations",
            (
                Column("visit_id", "int", required=True, minimum=1),
                ACCOUNT,
                _text("sku", required=True),
                Column("on_shelf", "bool", required=True),
                Column("facings", "int", minimum=0, maximum=999),
                Column("shelf_price", "float", minimum=0),
                _text("competitor"),
                Column("competitor_price", "float", minimum=0),
                _date("oldest_production_date"),
                _text("note"),
            ),
        ),
    )
}
LONG_FIELDS = {
    "notes",
    "text",
    "description",
    "resolution",
    "comment",
    "objectives",
    "strategy",
    "concerns",
}
DEFAULTS: Mapping[str, Mapping[str, str]] = {
    "actions": {"status": "open"},
    "contacts": {"active": "true"},
}


def limit(column: str) -> int:
    """The most characters `column` may hold."""
    return LONG_TEXT if column in LONG_FIELDS else SHORT_TEXT


def record_problems(
    rows: pd.DataFrame, table: Table, accounts: Collection[str], today: date, file: str
) -> list[Problem]:
    """The journal's checks on rows typed by importing.prepare: account, text length, far future.

    Text is kept as typed (HTML or script included): it is only ever shown as text.
    """
    problems: list[Problem] = []
    where = rows["_row"]
    if "account_id" in rows:
        known = rows["account_id"].isin(list(accounts)) | rows["account_id"].isna()
        message = "is not an account of the database"
        problems += problems_at(where, ~known, file, "account_id", message, rows["account_id"])
    latest = pd.Timestamp(today + timedelta(days=FUTURE_DAYS))
    for column in table.columns:
        if column.name not in rows:
            continue
        values = rows[column.name]
        if column.kind == "text":
            most = limit(column.name)
            long = (values.str.len() > most).fillna(False).astype(bool)
            message = f"is longer than {most:,} characters"
            problems += problems_at(where, long, file, column.name, message, None)
        if column.kind == "date":
            far = (values > latest).fillna(False).astype(bool)
            message = f"is more than {FUTURE_DAYS} days after today ({today:%Y-%m-%d})"
            shown = values.dt.strftime("%Y-%m-%d")
            problems += problems_at(where, far, file, column.name, message, shown)
    return problems


def form_message(problems: list[Problem]) -> str:
    """A form's problems on one line, by field: 'date: is required but empty; ...'."""
    return "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems)


@dataclass(frozen=True)
class Settings:
    """Visit cadence per key-account tier (days between visits) and the complaint SLA (days)."""

    cadence_days: Mapping[str, int] = field(default_factory=lambda: {"A": 30, "B": 60, "C": 90})
    sla_days: int = 14


def visit_coverage(
    tiers: pd.DataFrame, visits: pd.DataFrame, as_of: date, settings: Settings
) -> pd.DataFrame:
    """account_id, tier, last_visit, cadence_days, days_since_last_visit, overdue per account of
    `tiers` (account_id, tier). A visit is due `cadence_days` after the last one and overdue the
    day after; an account never visited is overdue. Visits after `as_of` are plans, not visits."""
    dates = pd.to_datetime(visits["date"])
    past = visits.assign(date=dates)[dates <= pd.Timestamp(as_of)]
    last = past.groupby("account_id")["date"].max().rename("last_visit")
    coverage = tiers[["account_id", "tier"]].merge(last, on="account_id", how="left")
    cadence = coverage["tier"].map(dict(settings.cadence_days)).astype("Int64")
    since = (pd.Timestamp(as_of) - coverage["last_visit"]).dt.days.astype("Int64")
    overdue = (since > cadence).fillna(False) | coverage["last_visit"].isna()
    return coverage.assign(
        cadence_days=cadence, days_since_last_visit=since, overdue=overdue.astype(bool)
    )


def overdue_actions(actions: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Open actions whose due date is before `as_of`, with days_overdue, the most overdue first."""
    due = pd.to_datetime(actions["due_date"])
    late = actions.assign(due_date=due)[(actions["status"] == "open") & (due < pd.Timestamp(as_of))]
    days = (pd.Timestamp(as_of) - late["due_date"]).dt.days
    return late.assign(days_overdue=days).sort_values("days_overdue", ascending=False)


KPI_COLUMNS = [
    "complaints",
    "resolved",
    "open",
    "resolution_rate",
    "resolved_in_time_rate",
    "median_days_to_resolve",
]


def complaint_kpis(
    complaints: pd.DataFrame, as_of: date, sla_days: int, by: str = "account_id"
) -> pd.DataFrame:
    """`by` and KPI_COLUMNS over complaints opened in the KPI_DAYS to `as_of`.

    resolved: a resolved_date on or before `as_of`; resolution_rate = resolved / complaints;
    resolved_in_time_rate = complaints resolved within `sla_days` of opening (the SLA day
    included) / complaints; median_days_to_resolve over the resolved ones.
    """
    end = pd.Timestamp(as_of)
    opened = pd.to_datetime(complaints["opened_date"])
    closed = pd.to_datetime(complaints["resolved_date"])
    window = (opened <= end) & (opened > end - pd.Timedelta(days=KPI_DAYS))
    resolved = closed.notna() & (closed <= end)
    days = (closed - opened).dt.days.where(resolved)
    rows = pd.DataFrame(
        {
            by: complaints[by],
            "complaint": 1,
            "resolved": resolved.astype(int),
            "in_time": (resolved & (days <= sla_days)).astype(int),
            "days": days.astype("float64"),
        }
    )[window.to_numpy()]
    kpis = rows.groupby(by, as_index=False).agg(
        complaints=("complaint", "sum"),
        resolved=("resolved", "sum"),
        in_time=("in_time", "sum"),
        median_days_to_resolve=("days", "median"),
    )
    return kpis.assign(
        open=kpis["complaints"] - kpis["resolved"],
        resolution_rate=kpis["resolved"] / kpis["complaints"],
        resolved_in_time_rate=kpis["in_time"] / kpis["complaints"],
    )[[by, *KPI_COLUMNS]]


def open_complaints(complaints: pd.DataFrame, as_of: date, sla_days: int) -> pd.DataFrame:
    """Complaints opened by `as_of` and not resolved by it, with days_open and beyond_sla."""
    opened = pd.to_datetime(complaints["opened_date"])
    closed = pd.to_datetime(complaints["resolved_date"])
    end = pd.Timestamp(as_of)
    still = complaints[(opened <= end) & (closed.isna() | (closed > end))]
    days = (end - pd.to_datetime(still["opened_date"])).dt.days
    return still.assign(days_open=days, beyond_sla=days > sla_days).sort_values(
        "days_open", ascending=False
    )
