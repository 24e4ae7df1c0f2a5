"""Many sessions read while an import swaps in new files: no errors, never a mixed answer.

Threads drive every page's loaders (benchmarks/scenarios.py) the way ui.py does: one cached
connection per file version, a cursor per call, no result cache. Real Chromium pages browse the
running app at the same time, while another process imports an accounts file over and over,
alternating two versions. `make test` runs it small (60k rows, a few seconds); `make bench`
sets KAM_LOAD_DB to the 10M-row database and KAM_LOAD_SECONDS to 60.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import shutil
import statistics
import subprocess
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from benchmarks.scenarios import SCENARIOS
from kam_core.data.filters import Filters
from kam_core.store import db, portfolio
from kam_core.store.imports import import_file
from tests.e2e.conftest import start_app, wait_until_idle
from tests.robustness import accounts_files, import_argv

THREADS = int(os.environ.get("KAM_LOAD_THREADS", "20"))
SECONDS = float(os.environ.get("KAM_LOAD_SECONDS", "5"))
BROWSER_PAGES = 3
NUMBER = r"\d[\d,.]*"
# The Data page also lists the import history, which gains a row with every import.
COMPARED = {"data": lambda result: result[:2]}


def _compared(name: str, result: Any) -> Any:
    return COMPARED.get(name, lambda r: r)(result)


def same(a: Any, b: Any) -> bool:
    """Equal, floats within 1e-9: parallel sums may differ in the last bits between runs."""
    if isinstance(a, pd.Series):
        return isinstance(b, pd.Series) and same(a.to_frame(), b.to_frame())
    if isinstance(a, pd.DataFrame):
        if (
            not isinstance(b, pd.DataFrame)
            or a.shape != b.shape
            or list(a.columns) != list(b.columns)
        ):
            return False
        a, b = _rows_in_order(a), _rows_in_order(b)
        return all(same_column(a.iloc[:, i], b.iloc[:, i]) for i in range(a.shape[1]))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, tuple | list):
        return isinstance(b, tuple | list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def _where(result: Any, answer: Any) -> str:
    """Which part of a tuple of frames differs from `answer`, and in which columns."""
    if isinstance(result, tuple) and isinstance(answer, tuple):
        for i, (x, y) in enumerate(zip(result, answer, strict=False)):
            if not same(x, y):
                columns = list(getattr(x, "columns", []))
                bad = [
                    c for c in columns if c in getattr(y, "columns", []) and not same(x[c], y[c])
                ]
                return f"part {i} ({type(x).__name__}), columns {bad}"
    return type(result).__name__


def _rows_in_order(frame: pd.DataFrame) -> pd.DataFrame:
    # Row order is not what this test checks (ties may come back in any order); the rows are.
    keys = frame.reset_index(drop=True).astype(str)
    order = keys.sort_values(list(keys.columns)).index
    return frame.reset_index(drop=True).loc[order].reset_index(drop=True)


def same_column(a: pd.Series, b: pd.Series) -> bool:
    if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
        return bool(np.allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-9, equal_nan=True))
    if a.equals(b):
        return True
    # Text that quotes a rounded sum ("another 585,165 takes you...") may round the other way
    # when the sum's last bits differ: compare such text with its numbers masked.
    masked = [x.astype(str).str.replace(NUMBER, "#", regex=True) for x in (a, b)]
    return bool(masked[0].equals(masked[1]))


class Connections:
    """ui._connection without Streamlit: one read-only connection per file version, two kept."""

    def __init__(self, path: Path) -> None:
        self.path, self.lock, self.open = path, threading.Lock(), {}

    def get(self) -> duckdb.DuckDBPyConnection:
        version = db.file_version(self.path)
        with self.lock:
            if version not in self.open:
                self.open[version] = db.connect(self.path)
                while len(self.open) > 2:
                    self.open.pop(next(iter(self.open)))  # in-flight cursors keep it alive
            return self.open[version]


def _filter_sets(path: Path) -> list[Filters]:
    con = db.connect(path)
    try:
        last = portfolio.sales_dates(con)[1]  # type: ignore[index]
        region = portfolio.filter_options(con)["region"][0]
    finally:
        con.close()
    start = date(last.year, 1, 1)
    return [Filters(start, last), Filters(start, last, regions=(region,))]


def _answers(path: Path, filter_sets: list[Filters]) -> dict[tuple[str, int], Any]:
    con = db.connect(path)
    try:
        return {
            (name, i): _compared(name, s.load(db.cursor(con), f))
            for name, s in SCENARIOS.items()
            for i, f in enumerate(filter_sets)
        }
    finally:
        con.close()


@pytest.fixture
def load_db(demo_db: Path, tmp_path: Path) -> Path:
    source = Path(os.environ.get("KAM_LOAD_DB", demo_db))
    path = tmp_path / "kam.duckdb"
    shutil.copyfile(source, path)
    return path


def _drawn(page: Any) -> None:
    """The page's script has run to the end (wait_until_idle without its pause for paint)."""
    page.wait_for_selector("[data-testid=stMain] h1", timeout=120_000)
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=120_000
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def test_sessions_see_old_or_new_data_while_imports_swap_files(
    load_db: Path, tmp_path: Path, browser: Any
) -> None:
    old_file, new_file = accounts_files(load_db, tmp_path)
    filter_sets = _filter_sets(load_db)
    new_db = tmp_path / "new.duckdb"
    shutil.copyfile(load_db, new_db)
    import_file(new_db, "accounts", new_file, replace=True)
    answers = [_answers(load_db, filter_sets), _answers(new_db, filter_sets)]
    assert not same(answers[0][("overview", 0)], answers[1][("overview", 0)])
    connections = Connections(load_db)
    latencies: list[float] = []
    errors: list[str] = []
    mixed: list[str] = []
    imports: list[int] = []
    page_loads: list[float] = []
    stop = threading.Event()

    def session(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            name, i = rng.choice(list(SCENARIOS)), rng.randrange(len(filter_sets))
            t = time.perf_counter()
            try:
                cursor = db.cursor(connections.get())
                result = SCENARIOS[name].load(cursor, filter_sets[i])
                cursor.close()
            except Exception as exc:  # every failure is a finding: count it, keep going
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - t)
            if not any(same(_compared(name, result), a[(name, i)]) for a in answers):
                mixed.append(f"{name}: {_where(_compared(name, result), answers[0][(name, i)])}")

    def importer() -> None:
        files = [new_file, old_file]
        while not stop.is_set():
            done = subprocess.run(
                import_argv(load_db, "accounts", files[len(imports) % 2]),
                capture_output=True,
                text=True,
            )
            if done.returncode:
                errors.append(f"import: {done.stderr.strip()}")
            imports.append(done.returncode)

    process, url = start_app(load_db, tmp_path / "streamlit.log")
    try:
        home = browser.new_page()
        home.goto(url)
        wait_until_idle(home)
        links = home.locator("[data-testid=stSidebarNav] a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        home.close()
        pages = [browser.new_page() for _ in range(BROWSER_PAGES)]
        deadline = time.monotonic() + SECONDS
        cap = deadline + 120
        workers = [threading.Thread(target=session, args=(n,)) for n in range(THREADS)]
        workers.append(threading.Thread(target=importer))
        for worker in workers:
            worker.start()
        # Playwright's sync API belongs to this thread: the pages load together, each round
        # every page opens another screen. Go on past the deadline until two imports have
        # swapped files under the readers.
        rng = random.Random(0)
        while time.monotonic() < deadline or (len(imports) < 2 and time.monotonic() < cap):
            t = time.perf_counter()
            for page in pages:
                page.goto(rng.choice(links), wait_until="commit")
            for page in pages:
                _drawn(page)
                page_loads.append(time.perf_counter() - t)
                shown = page.locator("[data-testid=stException]").all_inner_texts()
                errors.extend(f"browser: {text}" for text in shown)
        stop.set()
        for worker in workers:
            worker.join()
    finally:
        stop.set()
        process.terminate()
        process.wait(timeout=20)

    rows = db.connect(load_db).execute("select count(*) from sales").fetchall()[0][0]
    print(
        f"load: {THREADS} threads + {BROWSER_PAGES} Chromium pages for {SECONDS:.0f} s on "
        f"{rows:,} sales rows, {len(imports)} imports swapped in meanwhile: "
        f"{len(latencies):,} responses, "
        f"{len(errors)} errors, {len(mixed)} inconsistent; latency p50 "
        f"{statistics.median(latencies) * 1000:,.0f} ms, p95 "
        f"{_percentile(latencies, 0.95) * 1000:,.0f} ms, max {max(latencies) * 1000:,.0f} ms"
    )
    print(
        f"load: browser page loads {len(page_loads)}, p95 "
        f"{_percentile(page_loads, 0.95):.2f} s, max {max(page_loads):.2f} s"
    )
    assert not errors, errors[:5]
    assert not mixed, f"answers matching neither the old nor the new data: {mixed[:5]}"
    assert len(imports) >= 2, "the import never ran twice: nothing was swapped under the readers"
