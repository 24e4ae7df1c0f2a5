"""The account's people from the journal, read only for the accounts asked for.

Contacts are personal data: every read here takes the account ids the reader may see, so a
sign-in scope narrows them in one place (journal.account_records).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.relationships import coverage
from kam_core.relationships.brief import AccountPeople, account_people
from kam_core.store import journal, journal_views, portfolio

MEETING_COLUMNS = ["contact_id", "visit_id", "account_id", "date"]


def contacts(db_path: str | Path, accounts: Collection[str]) -> pd.DataFrame:
    """The contacts of `accounts`: id and the contact's columns, oldest first."""
    return journal.account_records(db_path, "contacts", accounts)


def meetings(db_path: str | Path, accounts: Collection[str]) -> pd.DataFrame:
    """MEETING_COLUMNS: one row per contact met at a visit of `accounts`, with the visit's date."""
    links = journal.account_records(db_path, "visit_contacts", accounts)
    visits = journal.account_records(db_path, "visits", accounts)[["id", "account_id", "date"]]
    met = links.merge(visits.rename(columns={"id": "visit_id"}), on="visit_id")
    return met[MEETING_COLUMNS]


def contacts_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `contacts` (personal data: views.build asks for --personal): every contact of
    the database's accounts, those who left included; not dated, so `as_of` is not used."""
    return contacts(journal_views.database_file(con), portfolio.accounts(con)["account_id"])


def coverage_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `relationship_coverage`: per account, no personal field (coverage.COLUMNS)."""
    path = journal_views.database_file(con)
    accounts = portfolio.accounts(con)["account_id"]
    return coverage.coverage(
        accounts,
        contacts(path, accounts),
        meetings(path, accounts),
        as_of or date.today(),
    )


def people(db_path: str | Path, account: str, today: date) -> AccountPeople:
    """The brief's view of one account's people as of `today` (relationships.brief)."""
    return account_people(contacts(db_path, [account]), meetings(db_path, [account]), today)
