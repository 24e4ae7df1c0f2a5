"""Many users at once: N browser sessions clicking through the app's pages on one server.

One `streamlit run serve.py` on a copy of the database and one headless Chromium with a browser
context (a user, a Streamlit session) per session, at a small viewport to save drawing. For
each N, every session opens the app, then clicks the sidebar's pages in an order of its own
(a shuffle of the links, repeated), waiting a think time drawn uniformly between THINK seconds
before each click. A click's latency runs from the click to the rerun finished and the page
drawn (benchmarks/watch.py, as the single-user timings). After STEADY seconds without imports,
another process imports the accounts table again (`--replace` with the accounts exported
from the same file): the writer swaps in a new file, so every cached result misses and is
computed again. The clicks of the AFTER_SWAP seconds from the swap are timed apart.

The server counts each cache miss it computes (benchmarks/server_hook), so the report can say
whether one session computed each result after the swap while the others waited for it
(Streamlit's per-key compute lock) or every session computed it. CPU seconds of the server and
of the browser (Chromium and Playwright's driver) per phase say which side the time goes to.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.watch import DRAWN, RERUN_DONE, WATCH
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_app

SESSIONS = (5, 10, 20)
THINK = (1.0, 3.0)  # seconds a user looks at a page before the next click, uniform
STEADY = 30.0  # seconds of clicking without imports, per N
AFTER_SWAP = 60.0  # seconds of clicking timed after the import's swap, per N
VIEWPORT = {"width": 1024, "height": 700}
POLL_MS = 50  # how often the browser checks "drawn": finer costs Chromium CPU at N = 20
TIMEOUT_MS = 60_000  # for one page to open or one click to be drawn
OPEN_EVERY = 0.5  # seconds between two sessions opening the app: people do not start at once
DRAIN = 20.0  # seconds the clicks in flight at the end may take before they are abandoned
IMPORT_TIMEOUT = 300  # seconds
HOOK = Path(__file__).parent / "server_hook"
_LINKS = "[data-testid=stSidebarNav] a"
_CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Click:
    session: int
    page: str
    start: float  # time.time() when clicked, comparable with the server's counts
    seconds: float  # click to rerun finished and page drawn; if unfinished, the time waited
    finished: bool = True


@dataclass(frozen=True)
class Plan:
    think: tuple[float, float] = THINK
    steady: float = STEADY
    after_swap: float = AFTER_SWAP
    # A tab per session in one browser context instead of a context each: the tabs share
    # Chromium's HTTP and code caches, so the browser's cost of opening the app is paid once.
    tabs: bool = False


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or
    below it (p95 of 20 values is the 19th, of 21 the 20th)."""
    ordered = sorted(values)
    rank = math.ceil(round(share * len(ordered), 9))  # 0.95 * 20 is 19.000000000000004
    return ordered[max(rank, 1) - 1]


def latencies(clicks: list[Click], start: float, end: float) -> dict[str, Any]:
    """p50, p95 and worst of the clicks made in [start, end), and how many. A click never drawn
    (timed out, or abandoned at the end) counts with the time it was waited for: at least that."""
    made = [c for c in clicks if start <= c.start < end]
    if not made:
        return {"n": 0}
    seconds = [c.seconds for c in made]
    return {
        "n": len(seconds),
        "unfinished": sum(not c.finished for c in made),
        "p50": statistics.median(seconds),
        "p95": percentile(seconds, 0.95),
        "max": max(seconds),
    }


def by_page(clicks: list[Click]) -> dict[str, float]:
    """The median click of each page, slowest first: which pages the waiting comes from."""
    pages = {c.page for c in clicks}
    medians = {p: statistics.median(c.seconds for c in clicks if c.page == p) for p in pages}
    return dict(sorted(medians.items(), key=lambda pair: -pair[1]))


def computations(lines: list[list[Any]], start: float, end: float) -> dict[str, Any]:
    """Cache misses the server computed in [start, end): how many, of how many distinct
    results, and the results computed more than once (which the compute lock should prevent)."""
    keys = Counter((version, name, args) for t, version, name, args in lines if start <= t < end)
    repeated = {f"{name}{args}": n for (_, name, args), n in keys.items() if n > 1}
    return {"calls": sum(keys.values()), "results": len(keys), "repeated": repeated}


@dataclass
class _Log:
    """What the sessions of one N share: the clicks so far, how many sessions are open, and
    the time.time() from which no click starts."""

    clicks: list[Click] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ready: int = 0
    stop: float = float("inf")


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # utime, stime, and those of its children that ended (Chromium's renderers)
        total += sum(int(f) for f in fields[11:15])
    return total / _CLK_TCK


def _waiting_seconds(pid: int) -> dict[int, float]:
    """Per thread of `pid`, seconds it was ready to run but waited for a CPU (schedstat)."""
    waits = {}
    for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            waits[int(task.parent.name)] = int(task.read_text().split()[1]) / 1e9
        except (OSError, IndexError):
            continue  # ended meanwhile
    return waits


def _browser_processes() -> list[int]:
    """Chromium's processes and Playwright's driver: our children but the server and importer."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # Descendants of this process only: other engineers run Chromium on the machine too.
        if b"chromium" in command or b"playwright" in command:
            found.append((int(entry.name), int(stat[1])))
    ours = {os.getpid()}
    while True:  # driver -> chromium -> zygote -> renderer
        more = {pid for pid, parent in found if parent in ours} - ours
        if not more:
            break
        ours |= more
    return sorted(ours - {os.getpid()})


class Cpu:
    """CPU used by the server and by the browser side, and time they waited for a CPU."""

    def __init__(self, server: int) -> None:
        self.server = server

    def sample(self) -> dict[str, Any]:
        sides = {"server": [self.server], "browser": _browser_processes()}
        return {
            "wall": time.monotonic(),
            **{side: {pid: _cpu_seconds([pid]) for pid in pids} for side, pids in sides.items()},
            **{
                f"{side}_waiting": {
                    (pid, tid): wait for pid in pids for tid, wait in _waiting_seconds(pid).items()
                }
                for side, pids in sides.items()
            },
        }


def _cores(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Per side, cores busy on average between two samples, and threads waiting for a CPU on
    average (run-queue time / wall time): what the machine's other work costs each side.
    Only processes and threads alive at both samples count: a renderer that ended leaves its
    CPU time to its parent, but a thread's waiting ends with it (Streamlit's script threads
    are short-lived, so the server's waiting is a floor)."""
    wall = after["wall"] - before["wall"]
    return {
        key: sum(after[key][k] - before[key][k] for k in before[key].keys() & after[key].keys())
        / wall
        for key in ("server", "browser", "server_waiting", "browser_waiting")
    }


async def _open(context: Any, url: str) -> tuple[Any, Any]:
    """A page of `context` showing the app drawn; and the sidebar's page links."""
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.wait_for_function(DRAWN, polling=POLL_MS, timeout=TIMEOUT_MS)
    return page, page.locator(_LINKS)


async def _click(page: Any, link: Any) -> None:
    """Click `link`; return once the rerun has finished and the page is drawn."""
    await page.evaluate(WATCH)
    await link.click()
    await page.wait_for_function(RERUN_DONE, polling=POLL_MS, timeout=TIMEOUT_MS)
    await page.wait_for_function(DRAWN, polling=POLL_MS, timeout=TIMEOUT_MS)


async def _click_through(
    browser: Any, shared: Any, url: str, number: int, think: tuple[float, float], log: _Log
) -> None:
    """One user: open the app, then click pages in its own order until `log.stop` (time.time()
    from which no new click starts; it may move later)."""
    rng = random.Random(number)
    await asyncio.sleep(number * OPEN_EVERY)
    context = shared or await browser.new_context(viewport=VIEWPORT)
    try:
        page, links = await _open(context, url)  # a tab: a Streamlit session of its own
        log.ready += 1
        paths = await links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        order = [i for i in range(len(paths)) if i]  # the landing page is open already
        rng.shuffle(order)
        order.append(0)
        for n in itertools.count():
            await asyncio.sleep(rng.uniform(*think))
            if time.time() >= log.stop:
                return
            i, started, t = order[n % len(order)], time.time(), time.perf_counter()
            finished = False
            try:
                await _click(page, links.nth(i))
                finished = True
            except Exception as exc:  # a click never drawn is a finding: count it, go on
                log.errors.append(f"{type(exc).__name__}: {exc}"[:300])
            finally:  # abandoned at the end too: cancelled while waiting
                log.clicks.append(
                    Click(number, paths[i], started, time.perf_counter() - t, finished)
                )
    finally:
        if shared is None:
            await context.close()


async def _warm_up(browser: Any, url: str) -> None:
    """One user visits every page first, as on a server that has been up a while: the
    server's first run and every page's first results are not what the sessions time."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page, links = await _open(context, url)
        for i in [*range(1, await links.count()), 0]:
            await _click(page, links.nth(i))
    finally:
        await context.close()


async def _one_size(
    browser: Any, url: str, n: int, plan: Plan, db: Path, accounts: Path, cpu: Cpu
) -> dict[str, Any]:
    log = _Log()
    shared = await browser.new_context(viewport=VIEWPORT) if plan.tabs else None
    users = [
        asyncio.create_task(_click_through(browser, shared, url, k, plan.think, log))
        for k in range(n)
    ]
    # The clock starts once every session has drawn its first page, or given up.
    deadline = time.monotonic() + n * OPEN_EVERY + TIMEOUT_MS / 1000
    while log.ready + sum(t.done() for t in users) < n and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    try:
        steady_start, before = time.time(), cpu.sample()
        await asyncio.sleep(plan.steady)
        importing, steady = time.time(), cpu.sample()
        swapped = await _swap(db, accounts)
        log.stop = swapped + plan.after_swap
        await asyncio.sleep(max(0.0, log.stop - time.time()))
        after = cpu.sample()  # before the contexts close and their processes end
    except BaseException:
        for user in users:
            user.cancel()  # each closes its context
        await asyncio.gather(*users, return_exceptions=True)
        raise
    # Clicks in flight may finish; then the rest are abandoned (each context closes).
    await asyncio.wait(users, timeout=DRAIN)
    for user in users:
        user.cancel()
    outcomes = await asyncio.gather(*users, return_exceptions=True)
    if shared is not None:
        await shared.close()
    failures = [f"{type(o).__name__}: {o}"[:300] for o in outcomes if isinstance(o, Exception)]
    failures += log.errors
    return {
        "sessions": n,
        "ready": log.ready,
        "steady": latencies(log.clicks, steady_start, importing),
        "during_import": latencies(log.clicks, importing, swapped),
        "after_swap": latencies(log.clicks, swapped, log.stop),
        "pages": by_page([c for c in log.clicks if c.start >= steady_start]),
        "import_seconds": swapped - importing,
        "cores_steady": _cores(before, steady),
        "cores_after_swap": _cores(steady, after),
        "failures": failures,
        "window": (importing, log.stop),
    }


async def _swap(db: Path, accounts: Path) -> float:
    """Import the accounts again in another process; return time.time() when it has swapped."""
    done = await asyncio.create_subprocess_exec(
        *_import_argv(db, accounts), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _, error = await asyncio.wait_for(done.communicate(), IMPORT_TIMEOUT)
    finally:
        if done.returncode is None:
            done.kill()
    if done.returncode:
        raise RuntimeError(f"the import failed: {error.decode().strip()}")
    return time.time()


def _import_argv(db: Path, accounts: Path) -> list[str]:
    return [
        sys.executable,
        *("-m", "kam_core", "import", "--db", str(db), "--table", "accounts"),
        *(str(accounts), "--replace"),
    ]


async def _measure(db: Path, folder: Path, sizes: tuple[int, ...], plan: Plan) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    accounts = folder / "accounts.csv"
    subprocess.run(
        [sys.executable, "-m", "kam_core", "export", "--db", str(db), "accounts"]
        + ["--out", str(accounts)],
        check=True,
        capture_output=True,
    )
    calls = folder / "calls.jsonl"
    path = os.pathsep.join(filter(None, [str(HOOK), os.getcwd(), os.environ.get("PYTHONPATH")]))
    with mock.patch.dict(os.environ, {"PYTHONPATH": path, "KAM_BENCH_CALLS": str(calls)}):
        server, url = start_app(db, folder / "streamlit.log")
    results = []
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                cpu = Cpu(server.pid)
                await _warm_up(browser, url)
                for n in sizes:
                    print(f"  {n} concurrent sessions", flush=True)
                    results.append(await _one_size(browser, url, n, plan, db, accounts, cpu))
            finally:
                await browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    lines = [json.loads(line) for line in calls.read_text().splitlines()]
    for figures in results:
        importing, end = figures.pop("window")
        # From the import's start: the server may see the new file before the importer exits.
        figures["computed_after_swap"] = computations(lines, importing, end)
    return {
        "think_seconds": plan.think,
        "steady_seconds": plan.steady,
        "after_swap_seconds": plan.after_swap,
        "viewport": f"{VIEWPORT['width']}x{VIEWPORT['height']}",
        "tabs": plan.tabs,
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
        "sizes": results,
    }


def measure(db: Path, sizes: tuple[int, ...] = SESSIONS, plan: Plan = Plan()) -> dict[str, Any]:
    """Click latencies of `sizes` concurrent sessions on a copy of `db`, steady and after a
    swap, with the server's recomputations and the CPU each side used."""
    with tempfile.TemporaryDirectory(prefix="kam-sessions-") as tmp:
        copy = Path(tmp) / "kam.duckdb"
        shutil.copyfile(db, copy)  # the import swaps files: never the cached database
        return asyncio.run(_measure(copy, Path(tmp), sizes, plan))
