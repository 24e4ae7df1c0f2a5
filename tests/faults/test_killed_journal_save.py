"""A journal save killed with SIGKILL is whole or absent: the file stays sound, every record it
holds is complete and has its history, and the next save works."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from kam_core.store import journal
from tests.load.journal_worker import NOTE_LENGTH, save_pair

KILLS = 5


def _visits(path: Path) -> int:
    return len(journal.records(path, "visits"))


def test_a_killed_save_leaves_whole_records_only(fresh_db: Path) -> None:
    for kill in range(KILLS):
        before = _visits(fresh_db)
        argv = ["-m", "tests.load.journal_worker", str(fresh_db), f"k{kill}", "4", "0"]
        worker = subprocess.Popen(
            [sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while _visits(fresh_db) < before + 5 + kill:  # killed at a different point each time
            time.sleep(0.01)
        worker.kill()
        worker.wait()

    con = sqlite3.connect(journal.journal_path(fresh_db))
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        inserts = con.execute(
            "select record, count(*) from history where change = 'insert' and who like 'k%' "
            "group by record order by record"
        ).fetchall()
    finally:
        con.close()
    visits = journal.records(fresh_db, "visits")
    killed = visits[visits["notes"].str.startswith("k", na=False)]
    complaints = journal.records(fresh_db, "complaints")
    assert (killed["notes"].str.len() >= NOTE_LENGTH - 10).all()  # no note cut short
    assert dict(inserts) == {"complaints": len(complaints), "visits": len(killed)}
    save_pair(fresh_db, "after")
    assert _visits(fresh_db) == len(visits) + 1
