"""Two processes of ten threads save visits and complaints while imports swap the analytic file
and a reader keeps reading: every record is saved exactly once and the reader never fails."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from kam_core.store import journal
from kam_core.store.imports import import_file
from tests.robustness import accounts_files

PROCESSES, THREADS, PER_THREAD = 2, 10, 5


def test_every_record_is_saved_exactly_once_while_the_analytic_file_is_swapped(
    fresh_db: Path, tmp_path: Path
) -> None:
    old_file, new_file = accounts_files(fresh_db, tmp_path)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.load.journal_worker",
                str(fresh_db),
                f"p{p}",
                str(THREADS),
                str(PER_THREAD),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for p in range(PROCESSES)
    ]
    seen: list[int] = []
    reader_errors: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(len(journal.records(fresh_db, "visits")))
            except Exception as exc:
                reader_errors.append(f"{type(exc).__name__}: {exc}")

    reader = threading.Thread(target=read)
    reader.start()
    swaps = 0
    while any(w.poll() is None for w in workers):
        import_file(fresh_db, "accounts", (old_file, new_file)[swaps % 2], replace=True)
        swaps += 1
    stop.set()
    reader.join()
    outputs = [w.communicate() for w in workers]

    assert [w.returncode for w in workers] == [0] * PROCESSES, outputs
    assert [out for out, _ in outputs] == [""] * PROCESSES  # no save failed
    assert swaps >= 1 and not reader_errors
    assert seen == sorted(seen)  # a reader never sees a saved record disappear
    expected = sorted(
        f"p{p}-{t}-{i}" for p in range(PROCESSES) for t in range(THREADS) for i in range(PER_THREAD)
    )
    complaints = journal.records(fresh_db, "complaints")["description"]
    visits = journal.records(fresh_db, "visits")
    tagged = visits[visits["notes"].str.startswith("p", na=False)]["notes"].str.split(" ").str[0]
    assert sorted(complaints) == expected
    assert sorted(tagged) == expected
