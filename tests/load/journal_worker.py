"""A process that saves journal records from many threads: `python -m tests.load.journal_worker
DB TAG THREADS PER_THREAD`. Each save reads the accounts from the DuckDB file first, as the app
does, so it also reads while imports swap that file. Prints one line per failure, none if all
saved. With PER_THREAD 0 it saves until killed, notes `NOTE_LENGTH` characters long."""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path

from kam_core.store import db, journal, portfolio

NOTE_LENGTH = 1_500
TODAY = date(2026, 10, 31)


def _accounts(path: Path) -> set[str]:
    con = db.connect(path)
    try:
        return set(portfolio.accounts(con)["account_id"])
    finally:
        con.close()


def save_pair(path: Path, tag: str) -> None:
    """One visit and one complaint, each tagged so that the test can count them."""
    accounts = _accounts(path)
    account = sorted(accounts)[0]
    note = (tag + " ") * (NOTE_LENGTH // (len(tag) + 1))
    journal.save(
        path, "visits", {"account_id": account, "date": TODAY, "notes": note}, tag, accounts
    )
    complaint = {
        "account_id": account,
        "opened_date": TODAY,
        "category": "delivery",
        "description": tag,
    }
    journal.save(path, "complaints", complaint, tag, accounts)


def main(path: Path, tag: str, threads: int, per_thread: int) -> None:
    def work(thread: int) -> None:
        i = 0
        while per_thread == 0 or i < per_thread:
            try:
                save_pair(path, f"{tag}-{thread}-{i}")
            except Exception as exc:  # reported to the test, which fails on any line
                print(f"{tag}-{thread}-{i}: {type(exc).__name__}: {exc}", flush=True)
            i += 1

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
