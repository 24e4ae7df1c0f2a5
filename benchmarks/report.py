"""The benchmark's figures as a Markdown report, each beside its target and the verdict."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.exports import HAND_WRITTEN
from benchmarks.scenarios import SCENARIOS

# (size, measure) -> limit; seconds or MB. The targets: never weaken them here.
TARGETS = {
    ("10M", "warm"): 0.150,
    ("10M", "cold"): 0.250,
    ("50M", "warm"): 1.0,
    ("10M", "filter_change"): 1.0,
    ("10M", "first_page"): 3.0,
    ("10M", "rss_mb"): 500,
    ("50M", "rss_mb"): 1024,
    ("10M", "build_seconds"): 60,
    ("10M", "build_rss_mb"): 2048,
    ("10M", "export_ratio"): 2.0,  # export monthly_sales / a hand-written COPY, whole processes
    ("10M", "export_seconds"): 3.0,
    ("10M", "sessions_p95"): 2.0,  # 20 concurrent sessions, click to page drawn
    ("10M", "sessions_p95_after_swap"): 5.0,
}
SESSIONS_TARGETED = 20  # the session count the two session targets are stated for


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{os.cpu_count()} x {cpu}",
        "memory": f"{memory_kb / 1024 / 1024:.1f} GB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
        "versions": ", ".join(
            f"{p} {version(p)}" for p in ("duckdb", "pandas", "streamlit", "playwright")
        )
        + (f", {chromium}" if chromium else ""),
    }


def verdict(size: str, measure: str, value: float | None) -> str:
    limit = TARGETS.get((size, measure))
    if limit is None or value is None:
        return ""
    if value < limit or (measure.endswith("ratio") and value == limit):
        return "met"
    if measure.endswith("ratio"):
        return f"**MISSED**: {value:.2f}x ({value / limit - 1:+.0%})"
    if "rss" in measure:
        over = f"{value - limit:,.0f} MB"
    elif limit >= 1:
        over = f"{value - limit:,.2f} s"
    else:
        over = f"{(value - limit) * 1000:,.0f} ms"
    return f"**MISSED** by {over} ({value / limit - 1:+.0%})"


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}"


_OTHER = "other choice: no target"


def _page_rows(size: str, figures: dict[str, Any]) -> list[str]:
    rows = [
        "| page | warm median (min) ms | cold median (min) ms | peak RSS MB | main table: "
        "DuckDB ms | pandas ms | pandas / DuckDB | same result | scan floor ms "
        "| warm target | cold target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | --- | --- |",
    ]
    notebook = figures["notebook"]
    if "error" in notebook:
        notebook = {"load": float("nan"), "rss_mb": float("nan"), "scenarios": {}}
    for name, page in figures["pages"].items():
        if "error" in page:
            rows.append(f"| {name} ({SCENARIOS[name].page}) | failed: {page['error']} |")
            continue
        warm, cold, floor = page["warm"], page["cold"], page["floor"]
        pandas = notebook["scenarios"].get(name)
        table = page.get("table")
        ratio = (
            f"{pandas['time']['median'] / table['median']:.1f}x"
            if pandas and table and table["median"] > 0
            else "–"
        )
        agrees = {True: "yes", False: "**no**", None: "–"}[pandas["agrees"] if pandas else None]
        rows.append(
            f"| {name} ({SCENARIOS[name].page}) | {ms(warm['median'])} ({ms(warm['min'])}) "
            f"| {ms(cold['median'])} ({ms(cold['min'])}) | {page['rss_mb']:,.0f} "
            f"| {ms(table['median']) if table else '–'} "
            f"| {ms(pandas['time']['median']) if pandas else '–'} | {ratio} | {agrees} "
            f"| {ms(floor['median']) if floor else '–'} "
            f"| {verdict(size, 'warm', warm['median']) if SCENARIOS[name].default else _OTHER} "
            f"| {verdict(size, 'cold', cold['median']) if SCENARIOS[name].default else _OTHER} |"
        )
    slow = [
        f"- {name}: "
        + ", ".join(f"`{call}` {seconds * 1000:,.0f} ms" for call, seconds in page["slowest"][:3])
        for name, page in figures["pages"].items()
        if page.get("slowest") and page["warm"] and page["warm"]["median"] >= 0.05
    ]
    if slow:
        rows += [
            "",
            "Where the time goes (one profiled warm run; the page's slowest calls):",
            *slow,
        ]
    rows.append(
        f"\npandas read the raw columns in {notebook['load']:.1f} s; its process peaked at "
        f"{notebook['rss_mb']:,.0f} MB."
    )
    return rows


def _app_rows(size: str, app: dict[str, Any]) -> list[str]:
    rows = [
        f"- `streamlit run` to first page drawn in Chromium: median {app['first_page']:.2f} s "
        f"(min {app.get('first_page_min', app['first_page']):.2f} s) of "
        f"{len(app.get('first_page_runs', [1]))} starts "
        f"(target < 3 s: {verdict(size, 'first_page', app['first_page']) or 'no target'}); "
        f"of which {app.get('server_ready', float('nan')):.2f} s until the server answered"
        + (
            f"; each start: {', '.join(f'{t:.2f}' for t in app['first_page_runs'])} s"
            if "first_page_runs" in app
            else ""
        ),
        "- filter change on the landing page to page redrawn: median "
        f"{app['filter_change']['median']:.2f} s, "
        f"worst {app['filter_change']['max']:.2f} s of {app['filter_change']['n']} "
        f"(target < 1 s: {verdict(size, 'filter_change', app['filter_change']['max']) or '–'})",
        f"- app process peak RSS after every page: {app['app_rss_mb']:,.0f} MB "
        f"({verdict(size, 'rss_mb', app['app_rss_mb']) or 'no target'})",
        "- first visit of each page, default filters (click to drawn): "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in app["pages"].items()),
    ]
    return rows


def _export_rows(size: str, exports: dict[str, Any]) -> list[str]:
    runs, inside = exports["runs"], exports["inside"]
    rows = [
        f"Each a whole process, wall time; median of {len(runs['monthly_sales']['each'])} "
        f"runs, interleaved. Load average: {exports.get('load', 'not recorded')}.",
        "",
        "| process | median s | each run s | target < 3 s |",
        "| --- | ---: | --- | --- |",
    ]
    for name, timing in runs.items():
        own = name != HAND_WRITTEN
        process = f"`export {name} --out {name}.parquet`" if own else name
        rows.append(
            f"| {process} | {timing['median']:.2f} "
            f"| {', '.join(f'{t:.2f}' for t in timing['each'])} "
            f"| {verdict(size, 'export_seconds', timing['median']) if own else '–'} |"
        )
    rows += [
        "",
        f"`export monthly_sales` / hand-written COPY, median of each run's pair (run right "
        f"after each other): {exports['ratio']:.2f}x "
        f"(each: {', '.join(f'{r:.2f}x' for r in exports.get('ratios', []))}; target <= 2x: "
        f"{verdict(size, 'export_ratio', exports['ratio']) or 'no target'}); same row count: "
        f"{'yes' if exports['same_rows'] else '**no**'}.",
        "",
        f"Where an `export monthly_sales` process spends its time: a bare `python -c pass` "
        f"{inside['python_start']:.2f} s, `import duckdb` alone {inside['import_duckdb']:.2f} s; "
        "in a cProfile of the export (profiling inflates it): "
        + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in inside["phases"].items())
        + "; slowest packages by `-X importtime` (cumulative, overlapping): "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in inside["imports"])
        + ".",
    ]
    return rows


def _latency(figures: dict[str, Any]) -> str:
    if not figures.get("n"):
        return "0 | – | – | –"
    unfinished = figures.get("unfinished", 0)
    return (
        f"{figures['n']}{f' ({unfinished} never drawn)' if unfinished else ''} "
        f"| {figures['p50']:.2f} | {figures['p95']:.2f} | {figures['max']:.2f}"
    )


def _cpu(cores: dict[str, float]) -> str:
    return " / ".join(
        f"{cores[side]:.2f}"
        + (f" ({cores[f'{side}_waiting']:.2f})" if f"{side}_waiting" in cores else "")
        for side in ("server", "browser")
    )


def _unopened(figures: dict[str, Any]) -> str:
    """Why a session count's latencies say nothing of it: sessions that never opened the app."""
    if figures["ready"] == figures["sessions"]:
        return ""
    return (
        f"**not measured**: {figures['sessions'] - figures['ready']} of {figures['sessions']} "
        "sessions never drew their first page"
    )


def _session_rows(size: str, sessions: dict[str, Any]) -> list[str]:
    think = sessions["think_seconds"]
    rows = [
        "One server, one headless Chromium, "
        + (
            "a tab per session in one browser context (tabs share Chromium's caches) "
            if sessions.get("tabs")
            else "a browser context per session "
        )
        + f"at {sessions['viewport']}; each session clicks the sidebar's pages in its own order, "
        f"thinking {think[0]:g}-{think[1]:g} s (uniform) before each click. Latency: click to "
        f"rerun finished and page drawn; a click never drawn (timed out after a minute, or "
        f"still waiting 20 s after the end) counts with the time waited. Sessions open the app "
        f"half a second apart. Per N: {sessions['steady_seconds']:g} s without "
        f"imports, then `import --replace` of the same accounts swaps in a new file (every "
        f"cached result misses), and the clicks of the {sessions['after_swap_seconds']:g} s "
        f"after the swap. Cores: CPU seconds per second of the server and of the browser "
        f"(Chromium, Playwright's driver); in brackets, how many of their threads were on "
        f"average ready to run but waiting for a CPU, taken by other work on the machine. "
        f"Results computed: cache misses the server computed from the import's start to the "
        f"end of the timed minute. Load average at the end: {sessions['load']}.",
        "",
        "| sessions | steady clicks | p50 s | p95 s | max s | target p95 < 2 s "
        "| clicks after swap | p50 s | p95 s | max s | target p95 < 5 s | import s "
        "| results computed after swap | computed twice or more | cores busy server / browser "
        "(waiting for a CPU), steady | after swap |",
        "| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: "
        "| ---: | --- | --- | --- |",
    ]
    for n in sessions["sizes"]:
        targeted = n["sessions"] == SESSIONS_TARGETED and not _unopened(n)
        steady, after = n["steady"], n["after_swap"]
        computed = n["computed_after_swap"]
        repeated = ", ".join(f"{k} x{v}" for k, v in computed["repeated"].items()) or "none"
        rows.append(
            f"| {n['sessions']} | {_latency(steady)} "
            f"| {verdict(size, 'sessions_p95', steady.get('p95')) if targeted else '–'} "
            f"| {_latency(after)} "
            f"| {verdict(size, 'sessions_p95_after_swap', after.get('p95')) if targeted else '–'} "
            f"| {n['import_seconds']:.1f} | {computed['calls']} ({computed['results']} distinct) "
            f"| {repeated[:300]} "
            f"| {_cpu(n['cores_steady'])} | {_cpu(n['cores_after_swap'])} |"
        )
    rows += ["", "Median click per page, steady and after the swap together, slowest first:"]
    rows += [
        f"- {n['sessions']} sessions: "
        + ", ".join(f"{page} {seconds:.2f} s" for page, seconds in n.get("pages", {}).items())
        for n in sessions["sizes"]
    ]
    failures = [f for n in sessions["sizes"] for f in n["failures"]]
    short = [n for n in sessions["sizes"] if n["ready"] < n["sessions"]]
    if failures or short:
        rows += [
            "",
            "Sessions that failed: "
            + "; ".join(
                f"{n['sessions'] - n['ready']} of {n['sessions']} never drew their first page"
                for n in short
            )
            + ("; " if short and failures else "")
            + "; ".join(failures[:3]),
        ]
    return rows


def _slowest(size: str, figures: dict[str, Any], measure: str) -> tuple[str, float | None, int]:
    """The slowest page by `measure` (warm or cold median), and how many pages miss the target."""
    timed = {
        n: p[measure]["median"]
        for n, p in figures["pages"].items()
        if p.get(measure) and SCENARIOS[n].default
    }
    if not timed:
        return "–", None, 0
    name = max(timed, key=lambda n: timed[n])
    limit = TARGETS[(size, measure)]
    return name, timed[name], sum(t >= limit for t in timed.values())


def _target_row(label: str, measured: str, size: str, measure: str, value: float | None) -> str:
    return f"| {label} | {measured} | {verdict(size, measure, value) or '–'} |"


def targets(results: dict[str, Any]) -> list[str]:
    """One row per target of the issue: what was measured and whether it was met."""
    rows = ["| target | measured | verdict |", "| --- | --- | --- |"]
    sizes = results["sizes"]
    for size, measure, label in (
        ("10M", "warm", "10M rows: every page's data < 150 ms warm"),
        ("10M", "cold", "10M rows: every page's data < 250 ms cold"),
        ("50M", "warm", "50M rows: every page's data < 1 s warm"),
    ):
        if "pages" in sizes.get(size, {}):
            name, value, over = _slowest(size, sizes[size], measure)
            pages = sum(SCENARIOS[n].default for n in sizes[size]["pages"])
            measured = f"slowest {name} {ms(value)} ms; {over} of {pages} over"
            rows.append(_target_row(label, measured, size, measure, value))
    if "build" in sizes.get("10M", {}):
        build = sizes["10M"]["build"]
        rows.append(
            _target_row(
                "Build the 10M demo < 60 s",
                f"{build['seconds']:.1f} s",
                "10M",
                "build_seconds",
                build["seconds"],
            )
        )
        rows.append(
            _target_row(
                "... within 2 GB",
                f"{build['peak_rss_mb']:,.0f} MB",
                "10M",
                "build_rss_mb",
                build["peak_rss_mb"],
            )
        )
    for size in ("10M", "50M"):
        app = sizes.get(size, {}).get("app")
        pages = sizes.get(size, {}).get("pages", {})
        data_rss = max((p["rss_mb"] for p in pages.values() if "rss_mb" in p), default=None)
        if app and size == "10M":
            change = app["filter_change"]["max"]
            rows.append(
                _target_row(
                    "10M: filter change re-rendered < 1 s",
                    f"worst {change:.2f} s",
                    size,
                    "filter_change",
                    change,
                )
            )
            rows.append(
                _target_row(
                    "10M: first page < 3 s after start",
                    f"median {app['first_page']:.2f} s of "
                    f"{len(app.get('first_page_runs', [1]))} starts",
                    size,
                    "first_page",
                    app["first_page"],
                )
            )
        if app or data_rss:
            worst = max(app["app_rss_mb"] if app else 0, data_rss or 0)
            limit = "500 MB" if size == "10M" else "1 GB"
            app_text = f"app {app['app_rss_mb']:,.0f} MB" if app else "app not measured"
            rows.append(
                _target_row(
                    f"{size}: RSS < {limit}",
                    f"{app_text}; page-data processes up to {data_rss or 0:,.0f} MB",
                    size,
                    "rss_mb",
                    worst,
                )
            )
    rows += _new_target_rows(sizes.get("10M", {}))
    return rows


def _new_target_rows(figures: dict[str, Any]) -> list[str]:
    """The command line's and the concurrent sessions' targets, at 10M rows."""
    rows = []
    exports = figures.get("exports")
    if exports:
        runs = {n: t["median"] for n, t in exports["runs"].items() if n != HAND_WRITTEN}
        slowest = max(runs, key=lambda n: runs[n])
        over = sum(t >= TARGETS[("10M", "export_seconds")] for t in runs.values())
        rows += [
            _target_row(
                "10M: `export monthly_sales` process within 2x a hand-written DuckDB COPY",
                f"{exports['ratio']:.2f}x, median of {len(exports.get('ratios', []))} pairs "
                f"(medians {runs['monthly_sales']:.2f} s against "
                f"{exports['runs'][HAND_WRITTEN]['median']:.2f} s)",
                "10M",
                "export_ratio",
                exports["ratio"],
            ),
            _target_row(
                "10M: every export view < 3 s as a whole process",
                f"slowest {slowest} {runs[slowest]:.2f} s; {over} of {len(runs)} over",
                "10M",
                "export_seconds",
                runs[slowest],
            ),
        ]
    sessions = figures.get("sessions")
    targeted = [n for n in (sessions or {}).get("sizes", []) if n["sessions"] == SESSIONS_TARGETED]
    if targeted:
        steady, after = targeted[0]["steady"], targeted[0]["after_swap"]
        for label, measure, latency in (
            ("without imports, p95 < 2 s", "sessions_p95", steady),
            ("in the minute after a swap, p95 < 5 s", "sessions_p95_after_swap", after),
        ):
            if _unopened(targeted[0]):
                rows.append(
                    f"| 10M: {SESSIONS_TARGETED} concurrent sessions {label} "
                    f"| p95 {latency.get('p95', float('nan')):.2f} s of the sessions that "
                    f"opened | {_unopened(targeted[0])} |"
                )
                continue
            rows.append(
                _target_row(
                    f"10M: {SESSIONS_TARGETED} concurrent sessions {label}",
                    f"p95 {latency['p95']:.2f} s, p50 {latency['p50']:.2f} s of "
                    f"{latency['n']} clicks"
                    if latency.get("n")
                    else "no click measured",
                    "10M",
                    measure,
                    latency.get("p95"),
                )
            )
    return rows


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {m['date']} by `make bench` on {m['cpus']}, {m['memory']} RAM, {m['os']}, "
        f"Python {m['python']}; {m['versions']}. Load average when it started: "
        f"{m.get('load', 'not recorded')} (the 2 cores were shared with other work).",
        "",
        "Warm: a cursor of a connection already open, as the app's cached connection serves a "
        "rerun whose cached results have expired. Cold: a fresh process opening the file "
        "(the OS page cache is warm). Both exclude Streamlit's result cache, which answers "
        "repeated views in well under a millisecond. Main table: the page's own store query for "
        "its central table, beside the same table computed with pandas from the raw columns "
        "already in memory (the notebook approach; reading them is timed separately), checked "
        "equal. Scan floor: a query that only reads the columns the page reads.",
        *(f"\n{note}" for note in results.get("notes", [])),
        "",
        "## Targets",
        "",
        *targets(results),
    ]
    for size, figures in results["sizes"].items():
        lines += ["", f"## {size} sales rows"]
        if "pages" in figures:
            lines += _build_and_pages(size, figures)
        if "app_error" in figures:
            lines += ["", f"The app in Chromium could not be measured: {figures['app_error']}"]
        if "app" in figures:
            lines += ["", f"### The app on {size} rows in headless Chromium", ""]
            lines += _app_rows(size, figures["app"])
        if "exports" in figures:
            lines += ["", f"### Command-line exports on {size} rows", ""]
            lines += _export_rows(size, figures["exports"])
        if "sessions" in figures:
            lines += ["", f"### Concurrent sessions on {size} rows", ""]
            lines += _session_rows(size, figures["sessions"])
    if "load" in results:
        lines += [
            "",
            "## Load test at full size (10M rows, 60 s)",
            "",
            "```",
            results["load"],
            "```",
        ]
    return "\n".join(lines) + "\n"


def _build_and_pages(size: str, figures: dict[str, Any]) -> list[str]:
    build = figures["build"]
    return [
        "",
        f"Demo database built in {build['seconds']:.1f} s, peak RSS "
        f"{build['peak_rss_mb']:,.0f} MB"
        + (
            f" (targets < 60 s: {verdict(size, 'build_seconds', build['seconds'])}; "
            f"< 2 GB: {verdict(size, 'build_rss_mb', build['peak_rss_mb'])})."
            if size == "10M"
            else "."
        ),
        "",
        *_page_rows(size, figures),
    ]
