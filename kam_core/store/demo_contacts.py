"""The demo company's people and store checks: contacts at every account, who was met at the
visits, and store checks with a few shelf gaps and competitor price cuts near promotions.

Some accounts lose touch with their decision makers (no meeting in the last 90 days or ever),
some are strong with the buyer only, a few have a new purchasing director nobody has met yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from kam_core.store import db, journal, shelf

DEMO = "demo"
FIRST = [
    "Anna",
    "Ben",
    "Chloé",
    "Dario",
    "Eva",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kasia",
    "Luca",
    "Mira",
    "Nils",
    "Olga",
]
LAST = [
    "Berger",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Horvat",
    "Jansen",
    "Kowalski",
    "Moreau",
    "Novak",
]
# The people at an account, top down: (title, role, influence, reports to the row at index).
ORGANISATION = (
    ("Managing director", "decision maker", "high", None),
    ("Purchasing director", "decision maker", "high", 0),
    ("Category manager", "influencer", "medium", 1),
    ("Buyer", "buyer", "medium", 2),
    ("Store manager", "user", "medium", 0),
    ("Floor staff lead", "floor staff", "low", 4),
)
CONCERNS = (
    "Shelf availability in the peak",
    "Margin per square metre",
    "Promotion compliance and invoicing",
    "Delivery reliability before weekends",
)
COMPETITORS = ("Nordhaus", "Brightline", "Casa Pro")
CHECKED_SKUS = 12  # a store check looks at the account's first dozen SKUs


def build(
    db_path: str | Path, rng: np.random.Generator, accounts: pd.DataFrame, today: date
) -> None:
    """Add the demo contacts, their meetings and the store checks to the journal at `db_path`."""
    ids = set(accounts["account_id"])
    held = journal.records(db_path, "contacts")["id"]
    first_id = int(held.max()) + 1 if len(held) else 1  # reports_to names the ids to come
    journal.add_rows(db_path, "contacts", _contacts(rng, accounts, today, first_id), DEMO)
    contacts = journal.records(db_path, "contacts")
    visits = journal.records(db_path, "visits")
    met = _meetings(rng, visits, contacts, accounts, today)
    journal.add_rows(db_path, "visit_contacts", met, DEMO)
    con = db.connect(db_path)
    try:
        ranges = {a: shelf.account_range(con, a) for a in accounts["account_id"].iloc[:30]}
        promotions = con.execute(
            "select promo_id, account_id, sku, start_date from promotions "
            "where start_date between $start and $end order by start_date, promo_id",
            {"start": today - timedelta(days=80), "end": today + timedelta(days=10)},
        ).df()
    finally:
        con.close()
    promotions = promotions[promotions["account_id"].isin(ranges)].drop_duplicates("account_id")
    for account, skus in ranges.items():
        promoted = promotions[promotions["account_id"] == account]
        day = today - timedelta(days=int(rng.integers(2, 60)))
        cut_sku = None
        if not promoted.empty:  # seen around the promotion, with a rival undercutting it
            start = pd.Timestamp(promoted["start_date"].iloc[0]).date()
            day = min(today, start + timedelta(days=3))
            cut_sku = promoted["sku"].iloc[0] if pd.notna(promoted["sku"].iloc[0]) else None
        sheet = _shelf(rng, skus.iloc[:CHECKED_SKUS], cut_sku, promoted.empty)
        mine = contacts[(contacts["account_id"] == account) & (contacts["role"] == "user")]
        visit = {"account_id": account, "date": day, "kind": "store check", "visitor": DEMO,
                 "notes": "Store check: shelf, facings, prices and freshness."}  # fmt: skip
        journal.record_visit(db_path, visit, None, DEMO, ids, today, list(mine["id"]), sheet)


def _person(rng: np.random.Generator, first: str) -> tuple[str, str]:
    last = str(rng.choice(LAST))
    return f"{first} {last}", f"{first}.{last}@example.com".lower()


def _contacts(
    rng: np.random.Generator, accounts: pd.DataFrame, today: date, first_id: int
) -> pd.DataFrame:
    """Four to six people per account (six at the 40 largest); at one account in eleven the
    purchasing director left and a new one has started."""
    rows: list[dict[str, object]] = []
    for i, account in enumerate(accounts.itertuples()):
        base = first_id + len(rows)
        size = len(ORGANISATION) if i < 40 else int(rng.integers(4, 6))
        firsts = iter(rng.permutation(FIRST))  # no two people of an account share a first name
        for k, (title, role, influence, boss) in enumerate(ORGANISATION[:size]):
            relationship = "strong" if role == "buyer" or rng.uniform() < 0.3 else "neutral"
            if i % 7 == 3 and role != "buyer":  # strong with the buyer only
                relationship = "weak" if role == "decision maker" else "neutral"
            born = date(int(rng.integers(1960, 1995)), 1, 1) + timedelta(int(rng.integers(365)))
            if k == 0 and i % 9 == 0:  # a birthday in the coming fortnight
                soon = today + timedelta(days=int(rng.integers(0, 14)))
                born = date(born.year, soon.month, min(soon.day, 28))
            name, email = _person(rng, str(next(firsts)))
            rows.append(
                {
                    "account_id": account.account_id,
                    "name": name,
                    "title": title,
                    "role": role,
                    "influence": influence,
                    "relationship": relationship,
                    "concerns": str(rng.choice(CONCERNS)),
                    "birthday": born,
                    "email": email,
                    "phone": f"+44 20 7946 {int(rng.integers(10_000)):04d}",
                    "reports_to": None if boss is None else base + boss,
                    "active": not (k == 1 and i % 11 == 5),
                }
            )
        if i % 11 == 5:
            name, email = _person(rng, str(next(firsts)))
            rows.append(
                rows[base - first_id + 1]
                | {"name": name, "email": email, "relationship": "none", "active": True}
            )
    return pd.DataFrame(rows)


def _meetings(
    rng: np.random.Generator,
    visits: pd.DataFrame,
    contacts: pd.DataFrame,
    accounts: pd.DataFrame,
    today: date,
) -> pd.DataFrame:
    """Who was met: the buyer at most visits, decision makers at most reviews and executive
    visits and some others (at one account in five only long ago, at one in thirteen never),
    floor staff at trainings; never the new purchasing directors."""
    order = {a: i for i, a in enumerate(accounts["account_id"])}
    long_ago = pd.Timestamp(today - timedelta(days=120))
    new = contacts["relationship"] == "none"
    # Each account's people once, in the contacts' order (not a scan of them all per visit).
    known = {a: list(g.itertuples()) for a, g in contacts[~new].groupby("account_id", sort=False)}
    rows = []
    for visit in visits[visits["date"] <= pd.Timestamp(today)].itertuples():
        i = order.get(visit.account_id, 0)
        for person in known.get(visit.account_id, []):
            if person.role == "buyer":
                chance = 0.8
            elif person.role == "decision maker":
                top = visit.kind in ("business review", "executive visit")
                lapsed = (i % 5 == 2 and visit.date > long_ago) or i % 13 == 6
                chance = 0.0 if lapsed or visit.kind == "store check" else 0.7 if top else 0.35
            elif person.role == "floor staff":
                chance = 0.9 if visit.kind == "floor-staff training" else 0.0
            else:
                chance = 0.2
            if rng.uniform() < chance:
                rows.append((visit.id, person.id))
    return pd.DataFrame(rows, columns=["visit_id", "contact_id"])


def _shelf(
    rng: np.random.Generator, skus: pd.DataFrame, cut_sku: str | None, quiet: bool
) -> pd.DataFrame:
    """One row per SKU: about one in 25 off the shelf, a rival's price cut on `cut_sku` (or
    on one SKU at random when the check is not around a promotion and not `quiet`)."""
    n = len(skus)
    price = np.round(rng.uniform(20, 300, n)) - 0.01
    rival = np.where(
        rng.uniform(size=n) < 0.5, np.round(price * rng.uniform(0.97, 1.1, n), 2), np.nan
    )
    target = skus["sku"] == cut_sku if cut_sku else pd.Series(rng.uniform(size=n) < 0.08) & ~quiet
    rival = np.where(target.to_numpy(), np.round(price * rng.uniform(0.8, 0.9, n), 2), rival)
    on_shelf = rng.uniform(size=n) > 0.04
    return pd.DataFrame(
        {
            "sku": skus["sku"].to_numpy(),
            "on_shelf": on_shelf,
            "facings": np.where(on_shelf, rng.integers(1, 8, n), 0),
            "shelf_price": price,
            "competitor": pd.Series(rng.choice(COMPETITORS, n)).where(~np.isnan(rival)),
            "competitor_price": rival,
            "oldest_production_date": None,
            "note": pd.Series("Empty hooks at the store check", index=range(n)).where(~on_shelf),
        }
    )
