"""My week: the accounts to visit now, ranked by their reasons, each traced to its numbers.

A reason is a stated rule that fired for an account, with a weight for how urgent it is (3: act
this week, 2: raise at the visit, 1: an occasion). Accounts rank by the sum of their weights,
then by their most urgent reason. Dates are calendar days; growth is a fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from kam_core.accounts.trends import growth
from kam_core.data import formats
from kam_core.relationships.coverage import COVERAGE_DAYS
from kam_core.visits.talking_points import NEXT_TIER_MIN_EXTRA, NEXT_TIER_REACH, REVENUE_CHANGE

OCCASION_DAYS = 14  # anniversaries and openings this close are worth a visit
KEY_POSITIONS = 3  # an account's key positions: its SKUs with the largest forecast to the peak
COLUMNS = ["account_id", "reason", "detail", "weight"]


@dataclass(frozen=True)
class Signals:
    """What the analytic file says about the accounts (store.week), one frame per rule."""

    risk: pd.DataFrame  # stock_plan risk: account_id, sku, forecast_demand, risk, stockout_date,
    # days_of_cover
    payouts: pd.DataFrame  # payout table: account_id, program_id, gap_share, gap, extra, basis
    totals: pd.DataFrame  # account_totals: account_id, revenue_3m, revenue_3m_ly
    events: pd.DataFrame  # account_id, date, kind, note: the next OCCASION_DAYS
    promotion_flags: pd.DataFrame  # account_id, promo_id, stockout, stockout_skus, stockout_date


def _frame(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _day(value: object) -> str:
    return formats.day(value)  # type: ignore[arg-type]


def journal_reasons(
    coverage: pd.DataFrame, late_actions: pd.DataFrame, complaints: pd.DataFrame
) -> pd.DataFrame:
    """Visits overdue for the tier, open steps past due, complaints open beyond the SLA."""
    rows = []
    for r in coverage[coverage["overdue"]].itertuples():
        if pd.isna(r.last_visit):
            detail = f"No visit on record; tier {r.tier} is visited every {r.cadence_days} days."
        else:
            detail = (
                f"Last visit {_day(r.last_visit)}, {r.days_since_last_visit} days ago; tier "
                f"{r.tier} is visited every {r.cadence_days} days."
            )
        rows.append((r.account_id, "Visit overdue", detail, 3))
    for r in late_actions.itertuples():
        detail = f"'{r.text}' was due {_day(r.due_date)} ({r.days_overdue} days ago)."
        rows.append((r.account_id, "Next step overdue", detail, 2))
    for r in complaints[complaints["beyond_sla"]].itertuples():
        what = str(r.category).capitalize()
        detail = f"{what} complaint open {r.days_open} days (since {_day(r.opened_date)})."
        rows.append((r.account_id, "Complaint beyond SLA", detail, 3))
    return _frame(rows)


def signal_reasons(signals: Signals, today: date) -> pd.DataFrame:
    """Stock running dry, a rebate tier within reach, revenue falling, an occasion, a promotion
    flagged for a stock-out."""
    rows = []
    risk = signals.risk.sort_values("forecast_demand", ascending=False)
    key = risk[risk.groupby("account_id").cumcount() < KEY_POSITIONS]
    high = key[key["risk"] == "high"].sort_values("stockout_date")
    for account, positions in high.groupby("account_id", sort=False):
        first = positions.iloc[0]
        when = "" if pd.isna(first["stockout_date"]) else f" on {_day(first['stockout_date'])}"
        detail = (
            f"{len(positions)} of the {KEY_POSITIONS} largest positions run dry within lead "
            f"time; first {first['sku']}{when} ({first['days_of_cover']:.0f} days of cover)."
        )
        rows.append((str(account), "Stock running dry", detail, 3))
    payouts = signals.payouts
    near = payouts[
        (payouts["gap_share"] <= NEXT_TIER_REACH)
        & (payouts["extra_payout_at_next_tier"] >= NEXT_TIER_MIN_EXTRA)
    ]
    for r in near.itertuples():
        detail = (
            f"{r.program_id}: {r.gap_to_next_tier:,.0f} more basis reaches the next tier, worth "
            f"{r.extra_payout_at_next_tier:,.0f} more."
        )
        rows.append((r.account_id, "Rebate tier within reach", detail, 2))
    for r in signals.totals.itertuples():
        change = growth(r.revenue_3m, r.revenue_3m_ly)
        # Compared as amounts: 90 against 100 is exactly 10% down, whatever the float division.
        if change is not None and r.revenue_3m <= r.revenue_3m_ly * (1 - REVENUE_CHANGE):
            detail = (
                f"Last 3 months {r.revenue_3m:,.0f} against {r.revenue_3m_ly:,.0f} a year "
                f"earlier ({change:+.0%})."
            )
            rows.append((r.account_id, "Revenue falling", detail, 2))
    rows += _occasions(signals.events, today)
    for r in signals.promotion_flags[signals.promotion_flags["stockout"].astype(bool)].itertuples():
        detail = f"Promotion {r.promo_id} is flagged: {r.stockout_skus} may run out."
        rows.append((r.account_id, "Promotion at stock-out risk", detail, 2))
    return _frame(rows)


def _occasions(events: pd.DataFrame, today: date) -> list[tuple[str, str, str, int]]:
    """Occasion soon: events (account_id, date, kind, note) from today to OCCASION_DAYS ahead."""
    horizon = pd.Timestamp(today + timedelta(days=OCCASION_DAYS))
    dates = pd.to_datetime(events["date"])
    soon = events[(dates >= pd.Timestamp(today)) & (dates <= horizon)]
    rows = []
    for r in soon.itertuples():
        note = f": {r.note}" if isinstance(r.note, str) and r.note else ""
        rows.append((r.account_id, "Occasion soon", f"{r.kind} on {_day(r.date)}{note}.", 1))
    return rows


def relationship_reasons(
    coverage: pd.DataFrame, tiers: pd.DataFrame, birthdays: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Key accounts (tier A of `tiers`) with no decision maker met in the coverage window
    (`coverage`: relationships.coverage), and contacts' birthdays as occasions."""
    key = set(tiers.loc[tiers["tier"] == "A", "account_id"])
    rows = []
    for r in coverage[~coverage["covered"] & coverage["account_id"].isin(key)].itertuples():
        if r.decision_makers == 0:
            detail = "No decision maker on record: who decides at this key account?"
        elif pd.isna(r.last_decision_maker_meeting):
            detail = f"None of its {r.decision_makers} decision makers has been met."
        else:
            detail = (
                f"No decision maker met in {COVERAGE_DAYS} days; last on "
                f"{_day(r.last_decision_maker_meeting)}."
            )
        rows.append((r.account_id, "Decision makers not met", detail, 2))
    return _frame(rows + _occasions(birthdays, today))


def managed_by(accounts: pd.DataFrame, manager: str | None) -> pd.DataFrame:
    """The rows of `accounts` (with a manager column) whose manager is `manager`, exactly as
    written; none when no manager is chosen."""
    return accounts[accounts["manager"].eq(manager).fillna(False).astype(bool)].reset_index(
        drop=True
    )


def ranked(reasons: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """account_id, name, score (sum of weights), reasons (their names, most urgent first) for
    the accounts of `accounts` (account_id, name) with a reason, highest score first."""
    mine = reasons[reasons["account_id"].isin(accounts["account_id"])]
    mine = mine.sort_values(["weight", "reason"], ascending=[False, True])
    summary = mine.groupby("account_id", as_index=False).agg(
        score=("weight", "sum"),
        top=("weight", "max"),
        reasons=("reason", lambda names: "; ".join(dict.fromkeys(names))),
    )
    return (
        summary.merge(accounts[["account_id", "name"]], on="account_id")
        .sort_values(["score", "top", "account_id"], ascending=[False, False, True])[
            ["account_id", "name", "score", "reasons"]
        ]
        .reset_index(drop=True)
    )
