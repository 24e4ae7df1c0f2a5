"""An import while another process keeps reading the same database: no errors, no half states."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from kam_core.store.imports import import_file
from tests.integration.test_import import count

# Reads the sales count in a loop through db.connect, as the app does, until it has seen the
# new count a few times; prints every count it saw, or the error it met.
READER = textwrap.dedent(
    """
    import sys, time
    from kam_core.store import db
    path, expected = sys.argv[1], int(sys.argv[2])
    seen, deadline = [], time.monotonic() + 60
    while seen.count(expected) < 5 and time.monotonic() < deadline:
        con = db.connect(path)
        try:
            seen.append(con.execute("select count(*) from sales").fetchall()[0][0])
            con.execute("select account_id, sum(revenue) from sales group by all").fetchall()
        finally:
            con.close()
        if len(seen) == 1:
            print("ready", flush=True)
    print(" ".join(map(str, seen)), flush=True)
    """
)


def test_readers_see_the_old_or_the_new_rows_while_an_import_runs(
    fresh_db: Path, tmp_path: Path
) -> None:
    sales = tmp_path / "nov.csv"
    lines = "".join(f"2026-11-{1 + n % 28:02d},AC0001,KE-1001,1,10,X{n}\n" for n in range(5000))
    sales.write_text("date,account_id,sku,quantity,revenue,order_id\n" + lines)
    before = count(fresh_db, "sales")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(fresh_db), str(before + 5000)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "ready"

    result = import_file(fresh_db, "sales", sales)
    out, err = reader.communicate(timeout=90)

    assert result.rows == 5000
    assert reader.returncode == 0, err
    counts = {int(c) for c in out.split()}
    assert counts == {before, before + 5000}
