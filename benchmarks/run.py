"""`make bench`: build (once) the 1M/10M/50M demo databases, time every page's data, the app in
Chromium and the full-size load test; print a table and write benchmarks/RESULTS.md.

    python -m benchmarks.run [--sizes 1M,10M,50M] [--runs 7] [--cold 3] [--rebuild 10M]
                             [--no-browser] [--no-load] [--load-seconds 60]
                             [--no-exports] [--no-sessions] [--sessions 5,10,20]
                             [--think 1-3] [--steady 30] [--after-swap 60] [--tabs]
    python -m benchmarks.run --only exports,sessions [--sizes 10M]   # into the last results

The command line's exports and the concurrent sessions run at 10M in a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from benchmarks import databases, exports, report, sessions
from benchmarks.scenarios import SCENARIOS
from kam_core.store import portfolio

PARTS = ("exports", "sessions")


def _measure(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", *args], capture_output=True, text=True
    )
    if done.returncode:  # a page that fails is a finding: report it, measure the others
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"    failed: {error}", flush=True)
        return {"error": error}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _defaults(path: Path) -> tuple[str, str, list[str]]:
    """The sidebar's default period (1 January of the last sale's year to it), and the regions."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        bounds = portfolio.sales_dates(con)
        regions = portfolio.filter_options(con)["region"]
    finally:
        con.close()
    assert bounds is not None, f"{path} has no sales"
    return f"{bounds[1].year}-01-01", bounds[1].isoformat(), regions


def page_data(path: Path, runs: int, colds: int, only: list[str] | None = None) -> dict[str, Any]:
    """Per scenario: cold (median of fresh processes), warm, floor, RSS; then the notebook."""
    start, end, _ = _defaults(path)
    results: dict[str, Any] = {}
    for name in only or SCENARIOS:
        print(f"  {path.stem} {name}", flush=True)
        first = _measure("duck", str(path), name, start, end, str(runs))
        if "error" in first:
            results[name] = first
            continue
        others = [_measure("duck", str(path), name, start, end, "0") for _ in range(colds - 1)]
        others = [o for o in others if "error" not in o]
        cold = sorted([first["cold"], *(o["cold"] for o in others)])
        first["cold"] = {"median": cold[len(cold) // 2], "min": cold[0], "n": len(cold)}
        first["rss_mb"] = max([first["rss_mb"], *(o["rss_mb"] for o in others)])
        results[name] = first
    if only:
        return {"pages": results}
    print(f"  {path.stem} pandas", flush=True)
    return {"pages": results, "notebook": _measure("pandas", str(path), start, end, "3")}


def load_test(path: Path, seconds: int) -> str:
    """The load test at full size; returns its printed summary lines."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/load"],
        env={**os.environ, "KAM_LOAD_DB": str(path), "KAM_LOAD_SECONDS": str(seconds)},
        capture_output=True,
        text=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(("load:", "FAILED"))]
    lines += [
        line.strip()[:600]
        for line in done.stdout.splitlines()
        if line.startswith("E ") and "Error" in line
    ][:2]
    tail = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
    return "\n".join(lines + tail)


def again(sizes: list[str], pages: list[str], runs: int, colds: int) -> None:
    """Measure some pages again (e.g. after a fix) into the last results, and rewrite the report."""
    saved = databases.CACHE / "results.json"
    results = json.loads(saved.read_text())
    for size in sizes:
        path, _ = databases.ensure(size)
        results["sizes"][size]["pages"].update(page_data(path, runs, colds, pages)["pages"])
    _write(results)


def parts(
    results: dict[str, Any], size: str, path: Path, chosen: list[str], args: argparse.Namespace
) -> None:
    """Measure the command line's exports and/or the concurrent sessions (`chosen`) on the
    `size` database into `results`; a part that fails is reported, the others still run."""
    figures = results["sizes"][size]
    if "exports" in chosen:
        print(f"  {size} command-line exports", flush=True)
        figures["exports"] = exports.measure(path)
    if "sessions" in chosen:
        think = tuple(float(t) for t in args.think.split("-"))
        plan = sessions.Plan((think[0], think[-1]), args.steady, args.after_swap, args.tabs)
        counts = tuple(int(n) for n in args.sessions.split(","))
        figures.pop("sessions_error", None)
        try:
            figures["sessions"] = sessions.measure(path, counts, plan)
        except Exception as exc:  # keep the other figures; say what went wrong
            figures["sessions_error"] = f"{type(exc).__name__}: {exc}"[:500]
            print(f"  concurrent sessions failed: {exc}", flush=True)


def only(sizes: list[str], chosen: list[str], args: argparse.Namespace) -> None:
    """Run some parts alone into the last saved results (a new file if none), and rewrite
    the report."""
    unknown = set(chosen) - set(PARTS)
    if unknown:
        raise SystemExit(f"--only takes {', '.join(PARTS)}; not {', '.join(sorted(unknown))}")
    saved = databases.CACHE / "results.json"
    if saved.exists():
        results = json.loads(saved.read_text())
    else:
        results = {"machine": report.machine(), "sizes": {}}
    for size in sizes:
        path, build = databases.ensure(size)
        results["sizes"].setdefault(size, {"build": build})
        parts(results, size, path, chosen, args)
    _write(results)


def _write(results: dict[str, Any]) -> None:
    (databases.CACHE / "results.json").write_text(json.dumps(results, indent=1, default=str))
    text = report.markdown(results)
    print(text)
    (Path(__file__).parent / "RESULTS.md").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", default=None, help="default 1M,10M,50M; with --only, 10M")
    parser.add_argument("--runs", type=int, default=7, help="warm runs per page")
    parser.add_argument("--cold", type=int, default=3, help="fresh processes per page")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--rebuild", default="", help="sizes to build again, e.g. 10M")
    parser.add_argument(
        "--again",
        default="",
        help="measure these pages again (e.g. brief,payouts) at --sizes, keep the other figures",
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"run only these parts ({','.join(PARTS)}) at --sizes, keep the other figures",
    )
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--no-sessions", action="store_true")
    parser.add_argument(
        "--sessions", default=",".join(map(str, sessions.SESSIONS)), help="concurrent sessions"
    )
    parser.add_argument(
        "--think",
        default="{:g}-{:g}".format(*sessions.THINK),
        help="seconds a session waits before each click, uniform between the two",
    )
    parser.add_argument(
        "--steady", type=float, default=sessions.STEADY, help="seconds without imports, per N"
    )
    parser.add_argument(
        "--after-swap",
        type=float,
        default=sessions.AFTER_SWAP,
        help="seconds timed after the import's swap, per N",
    )
    parser.add_argument(
        "--tabs",
        action="store_true",
        help="a tab per session in one browser context (shared caches), not a context each",
    )
    args = parser.parse_args()
    if args.only:
        only((args.sizes or "10M").split(","), args.only.split(","), args)
        return
    args.sizes = args.sizes or "1M,10M,50M"
    if args.again:
        again(args.sizes.split(","), args.again.split(","), args.runs, args.cold)
        return

    results: dict[str, Any] = {"machine": report.machine(), "sizes": {}}
    for size in args.sizes.split(","):
        path, build = databases.ensure(size, rebuild=size in args.rebuild.split(","))
        results["sizes"][size] = {"build": build, **page_data(path, args.runs, args.cold)}
        if not args.no_browser and size in ("10M", "50M"):
            print(f"  {size} app in Chromium", flush=True)
            from benchmarks.browser import measure_app

            log = Path(tempfile.mkdtemp()) / "streamlit.log"
            try:
                results["sizes"][size]["app"] = measure_app(path, log, _defaults(path)[2][:3])
            except Exception as exc:  # keep the other figures; say what went wrong
                results["sizes"][size]["app_error"] = f"{type(exc).__name__}: {exc}"[:500]
                print(f"  app in Chromium failed: {exc}; log: {log}", flush=True)
        if size == "10M":
            chosen = [p for p in PARTS if not getattr(args, f"no_{p}")]
            parts(results, size, path, chosen, args)
    if not args.no_load and "10M" in results["sizes"]:
        print("  load test (10M)", flush=True)
        results["load"] = load_test(databases.ensure("10M")[0], args.load_seconds)

    _write(results)


if __name__ == "__main__":
    main()
