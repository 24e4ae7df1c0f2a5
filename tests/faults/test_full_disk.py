"""A disk that fills up during an import: a clear error, and the database as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.robustness import digest

# Free space left beside the database, as a share of its size: from "the copy does not fit"
# to "the copy fits but the new rows do not".
HEADROOM = (0.5, 1.02, 1.1, 1.3)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mounted at a fresh folder; skipped where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, and mounting one needs root")
    mount = tmp_path / "small_disk"
    mount.mkdir()
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def _mount(folder: Path, size_bytes: int) -> None:
    subprocess.run(["umount", str(folder)], check=False, capture_output=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): full-disk test not run")


def _sales_file(demo: Path, folder: Path) -> Path:
    """The demo's sales lines again, 4, 8 and 12 years earlier: new lines for known accounts."""
    con = duckdb.connect()
    con.execute("attach $p as src (read_only)", {"p": str(demo)})
    lines = con.execute(
        "select date - to_years(y) as date, account_id, sku, quantity, revenue, cost "
        "from src.sales, unnest([4, 8, 12]) as u(y)"
    ).df()
    con.close()
    path = folder / "sales_earlier.csv"
    lines.assign(date=pd.to_datetime(lines["date"]).dt.date).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("headroom", HEADROOM)
def test_a_full_disk_fails_the_import_clearly_and_keeps_the_database(
    demo_db: Path, tmp_path: Path, small_disk: Path, headroom: float
) -> None:
    size = demo_db.stat().st_size
    _mount(small_disk, int(size * (1 + headroom)) // 4096 * 4096)
    path = small_disk / "kam.duckdb"
    shutil.copyfile(demo_db, path)
    before = digest(path)
    sales = _sales_file(demo_db, tmp_path)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kam_core",
            "import",
            "--db",
            str(path),
            "--table",
            "sales",
            str(sales),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )

    print(f"full disk: headroom {headroom:.0%}: exit {done.returncode}: {done.stderr.strip()}")
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode == 0:
        assert digest(path)["sales"][0] == 4 * before["sales"][0]
    else:
        assert done.stderr.startswith("error: ") and "space" in done.stderr, done.stderr
        assert digest(path) == before, "the database changed"
    assert not [p for p in small_disk.iterdir() if p.name.endswith((".tmp", ".wal"))]
