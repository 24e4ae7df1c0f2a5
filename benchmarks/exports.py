"""The command line's exports as a user runs them: each whole process, wall time from the shell.

Every export view by `python -m kam_core export --db DB VIEW --out VIEW.parquet`, beside a
process that writes the same `monthly_sales` rows with a hand-written DuckDB `COPY (...) TO`:
the query of kam_core.store.trends.MONTHLY_SALES with $as_of null, on the same file opened
read-only with plain duckdb, as a user's own script would. The runs of each are interleaved
(view after view, then again), so a burst of load on the shared machine hits all of them alike.
"""

from __future__ import annotations

import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kam_core.store.trends import MONTHLY_SALES
from kam_core.store.views import VIEWS

RUNS = 3
HAND_WRITTEN = "hand-written COPY"

# What a user's script does: open the file read-only, COPY the query's rows to Parquet.
_COPY = """
import sys
import duckdb

db, sql, out = sys.argv[1:]
con = duckdb.connect(db, read_only=True)
con.execute(f"copy ({sql}) to '{out}' (format parquet)", {"as_of": None})
"""

# The export process's phases, as (file name ending, function name) in its profile.
_PHASES = {
    "imports": ("<frozen importlib._bootstrap>", "_find_and_load"),
    "open the file": ("kam_core/store/db.py", "connect"),
    "query (views.build)": ("kam_core/store/views.py", "build"),
    "write (exports.write)": ("kam_core/data/exports.py", "write"),
}


def export_argv(db: Path, view: str, out: Path) -> list[str]:
    return [sys.executable, "-m", "kam_core", "export", "--db", str(db), view, "--out", str(out)]


def copy_argv(db: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", _COPY, str(db), MONTHLY_SALES, str(out)]


def _wall(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t


def _rows(path: Path) -> int:
    import duckdb

    return int(
        duckdb.sql("select count(*) from read_parquet($p)", params={"p": str(path)}).fetchall()[0][
            0
        ]
    )


def top_imports(importtime: str, count: int = 6) -> list[tuple[str, float]]:
    """The slowest packages in `python -X importtime` output: (package, seconds), slowest first.

    A package's time is its first import's cumulative one, including what it imported first
    (pandas counts numpy when pandas brought it in), so the figures overlap: a map, not a sum.
    """
    packages = []
    for line in importtime.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line.split("|")
        if "." in name or not cumulative.strip().isdigit():
            continue  # a submodule, or the header line
        packages.append((name.strip(), int(cumulative) / 1e6))
    return sorted(packages, key=lambda pair: -pair[1])[:count]


def where_time_goes(db: Path, folder: Path) -> dict[str, Any]:
    """One `export monthly_sales` process seen from inside: its slowest imports (-X importtime),
    and its phases from a cProfile of the whole run; beside a bare interpreter's start."""
    out = folder / "profiled.parquet"
    argv = export_argv(db, "monthly_sales", out)
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], check=True, capture_output=True, text=True
    )
    profile = folder / "export.prof"
    subprocess.run(
        [argv[0], "-m", "cProfile", "-o", str(profile), *argv[1:]],
        check=True,
        capture_output=True,
    )
    stats = pstats.Stats(str(profile)).stats
    phases = {
        phase: max(
            (
                timing[3]
                for (file, _, function), timing in stats.items()
                if file.endswith(ending) and function == name
            ),
            default=0.0,
        )
        for phase, (ending, name) in _PHASES.items()
    }
    return {
        "python_start": statistics.median(_wall([sys.executable, "-c", "pass"]) for _ in range(3)),
        "import_duckdb": statistics.median(
            _wall([sys.executable, "-c", "import duckdb"]) for _ in range(3)
        ),
        "imports": top_imports(done.stderr),
        "phases": phases,
    }


def measure(db: Path, runs: int = RUNS) -> dict[str, Any]:
    """Wall seconds of every export view and of the hand-written COPY, `runs` times each."""
    with tempfile.TemporaryDirectory(prefix="kam-exports-") as tmp:
        folder = Path(tmp)
        argvs = {}
        for name in VIEWS:
            argvs[name] = export_argv(db, name, folder / f"{name}.parquet")
            if name == "monthly_sales":  # right after it: each run's pair meets the same load
                argvs[HAND_WRITTEN] = copy_argv(db, folder / "copy.parquet")
        times: dict[str, list[float]] = {name: [] for name in argvs}
        for n in range(runs):
            for name, argv in argvs.items():
                print(f"    export {name} ({n + 1}/{runs})", flush=True)
                times[name].append(_wall(argv))
        same_rows = _rows(folder / "monthly_sales.parquet") == _rows(folder / "copy.parquet")
        inside = where_time_goes(db, folder)
    paired = [e / c for e, c in zip(times["monthly_sales"], times[HAND_WRITTEN], strict=True)]
    return {
        "runs": {name: {"median": statistics.median(t), "each": t} for name, t in times.items()},
        "same_rows": same_rows,
        "ratio": statistics.median(paired),  # judged on the pairs, each under one load
        "ratios": paired,
        "inside": inside,
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
    }
