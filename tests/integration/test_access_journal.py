"""The journal as a manager reads and changes it: their accounts' records and history only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kam_core.store import access, journal

TODAY = date(2026, 10, 31)
MINE, THEIRS = "AC0010", "AC0001"


def _complaint(db: Path, account: str) -> int:
    values = {"account_id": account, "opened_date": TODAY, "category": "delivery"}
    return journal.save(db, "complaints", values, "someone", {MINE, THEIRS}, today=TODAY)


def test_a_manager_reads_only_their_accounts_records_and_history(fresh_db: Path) -> None:
    mine, theirs = _complaint(fresh_db, MINE), _complaint(fresh_db, THEIRS)

    records = access.within(frozenset({MINE}), journal.records, fresh_db, "complaints")
    history = access.within(frozenset({MINE}), journal.history, fresh_db)

    changed = set(zip(history["record"], history["record_id"], strict=True))
    visits = set(journal.records(fresh_db, "visits", MINE)["id"])
    assert list(records["id"]) == [mine]
    assert changed == {("complaints", mine)} | {("visits", v) for v in visits}
    everything = journal.history(fresh_db)  # the director's view has both
    assert {mine, theirs} <= set(everything.loc[everything["record"] == "complaints", "record_id"])


def test_a_manager_cannot_read_another_managers_account_by_name(fresh_db: Path) -> None:
    with pytest.raises(access.NotYours, match=f"{THEIRS} is not one of your accounts"):
        access.within(frozenset({MINE}), journal.records, fresh_db, "visits", THEIRS)


def test_a_manager_cannot_delete_or_bring_back_another_managers_record(fresh_db: Path) -> None:
    theirs = _complaint(fresh_db, THEIRS)

    with pytest.raises(journal.JournalError, match="not about one of your accounts"):
        journal.delete(fresh_db, "complaints", theirs, "ben@example.com", {MINE})
    journal.delete(fresh_db, "complaints", theirs, "dora@example.com")
    with pytest.raises(journal.JournalError, match="not about one of your accounts"):
        journal.undo_delete(fresh_db, "complaints", theirs, "ben@example.com", {MINE})


def test_a_manager_cannot_add_a_record_for_another_managers_account(fresh_db: Path) -> None:
    values = {"account_id": THEIRS, "opened_date": TODAY, "category": "delivery"}

    with pytest.raises(journal.JournalError, match="account_id"):
        journal.save(fresh_db, "complaints", values, "ben@example.com", {MINE}, today=TODAY)
