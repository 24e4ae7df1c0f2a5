"""The demo company's journal: visits up to today, next steps (some overdue), complaints (most
resolved, some late, some open), feedback on the reps, this year's account plans, and the people
and store checks of demo_contacts.

The analytic demo ends on a fixed day; the journal is live, so its records run on to today. The
visits the demo imported into the DuckDB file are adopted first, as an upgrade would.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from kam_core.store import db, demo_contacts, journal, portfolio
from kam_core.visits.journal import COMPLAINT_CATEGORIES, VISIT_KINDS

DEMO = "demo"
STEPS = (
    "Send the confirmed peak-season order quantities",
    "Share the display kit photos and delivery date",
    "Prepare the rebate tier simulation for the buyer",
    "Book floor-staff training for the new store",
    "Propose the joint promotion calendar",
    "Ask logistics for the late-delivery root cause",
    "Send the new air fryer SKUs' listing forms",
)
COMPLAINT_TEXT = {
    "delivery": "Order arrived {n} days late; shelves empty over the weekend.",
    "quality": "{n} units returned by customers with a faulty switch.",
    "pricing": "Invoice price did not match the agreed promotion price on {n} lines.",
    "service": "Repair turnaround too slow: {n} units waiting for spare parts.",
    "sales rep": "Rep missed the last {n} planned calls.",
    "other": "Packaging damaged on {n} cartons.",
}
COMPANY = "Brightline Appliances"  # the demo's maker (demo.py)
ABOUT = ("visit quality", "responsiveness", "product knowledge", "follow-up")


def build(db_path: str | Path, seed: int = 7, today: date | None = None) -> None:
    """Write the demo journal beside `db_path` (replacing it); records run on to `today`."""
    path = journal.journal_path(db_path)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    today = today or date.today()
    con = db.connect(db_path)
    try:
        accounts = portfolio.accounts(con)[["account_id", "manager"]]
    finally:
        con.close()
    adopted = journal.records(db_path, "visits")  # created now, with the imported visits
    journal.add_rows(db_path, "visits", _visits(rng, accounts, adopted, today), DEMO)
    visits = journal.records(db_path, "visits")
    journal.add_rows(db_path, "actions", _actions(rng, visits, accounts, today), DEMO)
    journal.add_rows(db_path, "complaints", _complaints(rng, accounts, today), DEMO)
    journal.add_rows(db_path, "feedback", _feedback(rng, accounts, today), DEMO)
    plans = accounts.iloc[:30].assign(
        year=today.year,
        objectives="Grow sell-out in the peak; keep out-of-stocks under 2% of key SKUs.",
        strategy="Quarterly business reviews; shared stock plan; floor-staff training each spring.",
    )
    journal.add_rows(db_path, "account_plans", plans.drop(columns="manager"), DEMO)
    demo_contacts.build(db_path, rng, accounts, today)
    journal.save_style(db_path, COMPANY, "USD", "en_US", DEMO)


def _visits(
    rng: np.random.Generator, accounts: pd.DataFrame, adopted: pd.DataFrame, today: date
) -> pd.DataFrame:
    """Visits after the adopted ones up to today; about one account in six lapses."""
    last = adopted.groupby("account_id")["date"].max()
    rows = []
    for i, account in enumerate(accounts.itertuples()):
        every = 30 if i < 30 else 80
        start = last.get(account.account_id, pd.Timestamp(today - timedelta(days=every))).date()
        lapsed = rng.uniform() < 0.17
        day = start + timedelta(days=int(every * rng.uniform(0.7, 1.1)))
        while day <= today - timedelta(days=every if lapsed else 0):
            kind = rng.choice(VISIT_KINDS, p=(0.35, 0.3, 0.15, 0.08, 0.04, 0.08))
            rows.append(
                (
                    account.account_id,
                    day,
                    account.manager,
                    kind,
                    "Buyer; store manager" if kind != "floor-staff training" else "8 floor staff",
                    str(rng.choice(STEPS)).replace("Send", "Agreed to send", 1),
                    day + timedelta(days=every),
                )
            )
            day += timedelta(days=int(every * rng.uniform(0.7, 1.1)))
    columns = ["account_id", "date", "visitor", "kind", "attendees", "notes", "next_visit_date"]
    return pd.DataFrame(rows, columns=columns)


def _actions(
    rng: np.random.Generator, visits: pd.DataFrame, accounts: pd.DataFrame, today: date
) -> pd.DataFrame:
    """A next step from most visits of the last 120 days: done, dropped, open or overdue."""
    recent = visits[visits["date"] > pd.Timestamp(today - timedelta(days=120))]
    recent = recent[rng.uniform(size=len(recent)) < 0.6].merge(accounts, on="account_id")
    due = recent["date"] + pd.to_timedelta(rng.integers(7, 30, len(recent)), unit="D")
    past = due < pd.Timestamp(today)
    roll = rng.uniform(size=len(recent))
    status = np.where(past & (roll < 0.85), "done", np.where(roll > 0.95, "dropped", "open"))
    done = (due - pd.to_timedelta(rng.integers(0, 5, len(recent)), unit="D")).where(
        status == "done"
    )
    return pd.DataFrame(
        {
            "account_id": recent["account_id"],
            "text": rng.choice(STEPS, len(recent)),
            "due_date": due,
            "owner": recent["manager"],
            "visit_id": recent["id"],
            "status": status,
            "done_date": done,
        }
    )


def _complaints(rng: np.random.Generator, accounts: pd.DataFrame, today: date) -> pd.DataFrame:
    """About 90 complaints over 14 months; resolved in a median week, some late, some open."""
    n = 90
    chosen = accounts.sample(n, replace=True, random_state=int(rng.integers(1 << 30)))
    opened = [today - timedelta(days=int(d)) for d in rng.integers(1, 425, n)]
    days = np.round(rng.lognormal(np.log(6), 0.8, n)).astype(int)
    categories = rng.choice(COMPLAINT_CATEGORIES, n, p=(0.35, 0.2, 0.15, 0.15, 0.05, 0.1))
    # Open: a resolution still ahead, or one complaint in three of the last six weeks.
    resolved = [
        None
        if o + timedelta(days=int(d)) > today or ((today - o).days < 42 and u < 0.33)
        else o + timedelta(days=int(d))
        for o, d, u in zip(opened, days, rng.uniform(size=n), strict=True)
    ]
    counts = rng.integers(2, 12, n)
    return pd.DataFrame(
        {
            "account_id": chosen["account_id"].to_numpy(),
            "opened_date": opened,
            "category": categories,
            "severity": rng.choice(("low", "medium", "high"), n, p=(0.4, 0.45, 0.15)),
            "description": [
                COMPLAINT_TEXT[c].format(n=k) for c, k in zip(categories, counts, strict=True)
            ],
            "owner": chosen["manager"].to_numpy(),
            "resolved_date": resolved,
            "resolution": ["Credit note and apology" if r else None for r in resolved],
            "satisfaction": [int(rng.integers(2, 6)) if r else None for r in resolved],
        }
    )


def _feedback(rng: np.random.Generator, accounts: pd.DataFrame, today: date) -> pd.DataFrame:
    """One to three scores on the rep per top-60 account over the last year."""
    rows = [
        (
            a.account_id,
            today - timedelta(days=int(rng.integers(1, 360))),
            int(rng.choice([2, 3, 4, 5], p=(0.08, 0.22, 0.45, 0.25))),
            str(rng.choice(ABOUT)),
            f"{a.manager} knows our stores well.",
        )
        for a in accounts.iloc[:60].itertuples()
        for _ in range(int(rng.integers(1, 4)))
    ]
    return pd.DataFrame(rows, columns=["account_id", "date", "score", "about", "comment"])
