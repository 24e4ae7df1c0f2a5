"""One measurement in a fresh process, printed as JSON: `python -m benchmarks.measure ...`.

    duck DB SCENARIO START END RUNS   cold run, warm runs on a cached connection, scan floor
    pandas DB START END RUNS          raw columns into pandas, then every notebook equivalent

Each process reports its own peak RSS (VmHWM), so one page's figure is not another's.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from benchmarks.scenarios import SCENARIOS, Raw, Scenario
from kam_core.data.filters import Filters
from kam_core.store import db

RESULTS = Path(__file__).parent / "cache" / "results"


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def scan_sql(table: str, columns: tuple[str, ...]) -> str:
    """A query that only reads `columns` of `table`: the floor under any page query on them."""
    # bit_xor(hash(c)) must read every value; max(c) could be answered from block statistics.
    reads = ", ".join(f"bit_xor(hash({c}))" for c in columns)
    # Names come from the scenarios in code, never from user data.
    return f"select {reads} from {table}"  # noqa: S608


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - t, value


def summary(seconds: list[float]) -> dict[str, float]:
    return {"median": statistics.median(seconds), "min": min(seconds), "n": len(seconds)}


def breakdown(con: duckdb.DuckDBPyConnection, scenario: Scenario, f: Filters) -> list[Any]:
    """The calls the page makes, slowest first, from one profiled warm run: where time goes."""
    profile = cProfile.Profile()
    cursor = db.cursor(con)
    profile.runcall(scenario.load, cursor, f)
    cursor.close()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    calls: dict[str, float] = {}
    for (file, _, name), (*_, callers) in stats.items():
        for (caller_file, _, caller), timing in callers.items():
            if caller_file.endswith("scenarios.py") and caller == scenario.load.__name__:
                label = f"{Path(file).parent.name}.{Path(file).stem}.{name}"
                calls[label] = calls.get(label, 0.0) + timing[3]
    return sorted(([k, v] for k, v in calls.items()), key=lambda kv: -kv[1])[:4]


def duck(path: Path, scenario: Scenario, f: Filters, runs: int) -> dict[str, Any]:
    t = time.perf_counter()
    con = db.connect(path)  # fresh process, fresh connection: the cold case
    cursor = db.cursor(con)
    result = scenario.load(cursor, f)
    cursor.close()
    cold = time.perf_counter() - t

    warm = []
    for _ in range(runs):
        cursor = db.cursor(con)  # as ui._load does: a cursor of the cached connection per call
        seconds, result = _timed(scenario.load, cursor, f)
        cursor.close()
        warm.append(seconds)

    floor = []
    for _ in range(runs if scenario.columns else 0):
        t = time.perf_counter()
        for table, columns in scenario.columns.items():
            con.execute(scan_sql(table, columns)).fetchall()
        floor.append(time.perf_counter() - t)

    slowest = breakdown(con, scenario, f) if runs else []
    table = []
    if scenario.table is not None and runs:
        for _ in range(runs):
            cursor = db.cursor(con)
            seconds, main = _timed(scenario.table, cursor, f)
            cursor.close()
            table.append(seconds)
        RESULTS.mkdir(parents=True, exist_ok=True)
        main.to_pickle(RESULTS / f"{path.stem}.{scenario.name}.pkl")
    return {
        "cold": cold,
        "warm": summary(warm) if warm else None,
        "floor": summary(floor) if floor else None,
        "table": summary(table) if table else None,
        "slowest": slowest,
        "rss_mb": peak_rss_mb(),
    }


def raw_tables(con: duckdb.DuckDBPyConnection) -> Raw:
    """The raw columns every notebook equivalent needs, read whole into pandas."""
    wanted: dict[str, set[str]] = {}
    for s in SCENARIOS.values():
        if s.notebook is not None:
            for table, columns in s.columns.items():
                wanted.setdefault(table, set()).update(columns)
    raw = {}
    for table, columns in wanted.items():
        raw[table] = con.table(table).select(*sorted(columns)).df()
        for c in raw[table].columns:
            if c == "date" or c.endswith("_date"):
                raw[table][c] = pd.to_datetime(raw[table][c])
    return raw


def agrees(path: Path, name: str, frame: pd.DataFrame) -> bool | None:
    """Whether the notebook's table equals the page's (None when the page was not measured)."""
    stored = RESULTS / f"{path.stem}.{name}.pkl"
    if not stored.exists():
        return None
    expected = pd.read_pickle(stored)
    try:
        pd.testing.assert_frame_equal(
            _canonical(expected), _canonical(frame), check_dtype=False, rtol=1e-6
        )
    except AssertionError:
        return False
    return True


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True)
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].dt.date
    keys = [c for c in out.columns if not pd.api.types.is_float_dtype(out[c])]
    out = out.sort_values(keys).reset_index(drop=True) if keys else out
    return out.astype({c: "object" for c in keys})


def notebook(path: Path, f: Filters, runs: int) -> dict[str, Any]:
    con = duckdb.connect(str(path), read_only=True)
    load_seconds, raw = _timed(raw_tables, con)
    con.close()
    scenarios = {}
    for s in SCENARIOS.values():
        if s.notebook is None:
            continue
        seconds = []
        for _ in range(runs):
            spent, frame = _timed(s.notebook, raw, f)
            seconds.append(spent)
        scenarios[s.name] = {"time": summary(seconds), "agrees": agrees(path, s.name, frame)}
    return {"load": load_seconds, "rss_mb": peak_rss_mb(), "scenarios": scenarios}


def main(argv: list[str]) -> None:
    kind, path = argv[0], Path(argv[1])
    if kind == "duck":
        name, start, end, runs = argv[2:6]
        f = Filters(date.fromisoformat(start), date.fromisoformat(end))
        out = duck(path, SCENARIOS[name], f, int(runs))
    else:
        start, end, runs = argv[2:5]
        f = Filters(date.fromisoformat(start), date.fromisoformat(end))
        out = notebook(path, f, int(runs))
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
