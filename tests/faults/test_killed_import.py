"""An import killed with SIGKILL at any moment leaves the old or the new database, never a mix."""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from pathlib import Path

from kam_core.store import db
from kam_core.store.imports import import_file
from tests.robustness import accounts_files, digest, import_argv

TRIALS = 12


def _imports_logged(path: Path) -> int:
    con = db.connect(path)
    try:
        return int(con.execute("select count(*) from imports").fetchall()[0][0])
    finally:
        con.close()


def _import_duration(db_copy: Path, file: Path) -> float:
    t = time.perf_counter()
    subprocess.run(import_argv(db_copy, "accounts", file), check=True, capture_output=True)
    return time.perf_counter() - t


def test_a_killed_import_leaves_exactly_the_old_or_the_new_content(
    fresh_db: Path, tmp_path: Path
) -> None:
    old_file, new_file = accounts_files(fresh_db, tmp_path)
    scratch = tmp_path / "scratch.duckdb"
    shutil.copyfile(fresh_db, scratch)
    duration = _import_duration(scratch, new_file)
    contents = {old_file: digest(fresh_db), new_file: digest(scratch)}
    assert contents[old_file] != contents[new_file]
    rng = random.Random(8)
    killed_while_running = swaps = 0
    current = old_file

    for trial in range(TRIALS):
        target = new_file if current == old_file else old_file
        logged = _imports_logged(fresh_db)
        process = subprocess.Popen(
            import_argv(fresh_db, "accounts", target),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Half the kills anywhere in the run, half in its last part, where the file is written.
        share = rng.uniform(0, 1.1) if trial % 2 else rng.uniform(0.6, 1.1)
        time.sleep(duration * share)
        killed_while_running += process.poll() is None
        process.kill()
        process.wait()

        found = digest(fresh_db)
        assert found in (contents[current], contents[target]), f"trial {trial}: a mixed database"
        swapped = found == contents[target]
        swaps += swapped
        assert _imports_logged(fresh_db) == logged + swapped, f"trial {trial}: history mismatch"
        import_file(fresh_db, "accounts", target, replace=True)
        assert digest(fresh_db) == contents[target], f"trial {trial}: the next import failed"
        current = target

    print(f"faults: {TRIALS} kills, {killed_while_running} mid-import, {swaps} after the swap")
    assert killed_while_running >= TRIALS // 2, "the kills missed the imports: nothing was tested"
    assert not list(tmp_path.glob("*.tmp")), "a stray copy was left behind"
