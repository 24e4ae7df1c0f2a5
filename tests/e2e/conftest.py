"""A real `streamlit run` on 127.0.0.1 and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path("tests/e2e/screenshots")
# Without these, Chromium keeps trying to reach Google's hosts through a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The last paint settles: Plotly fills a chart's traces and the grids lay out a moment after the
# plot area appears. Resolves once the main area's DOM has not changed for three frames in a row,
# usually within 50-100 ms, and after 500 ms at most (the fixed pause this replaces).
SETTLED = """() => new Promise(done => {
  const main = document.querySelector('[data-testid=stMain]') || document.body;
  let quiet = 0, over = false;
  const observer = new MutationObserver(() => { quiet = 0; });
  const finish = () => { if (!over) { over = true; observer.disconnect(); done(); } };
  const frame = () => {
    if (!over) { if (++quiet >= 3) finish(); else requestAnimationFrame(frame); }
  };
  observer.observe(main, {subtree: true, childList: true, attributes: true, characterData: true});
  setTimeout(finish, 500);
  requestAnimationFrame(frame);
})"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(
    db: Path, log: Path, port: int | None = None, options: tuple[str, ...] = ()
) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run serve.py` on the database; return the process and its base URL.

    `options` are more of Streamlit's, e.g. ("--secrets.files", path) for a sign-in.
    """
    port = port or _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            *options,
        ],
        env={**os.environ, "KAM_DB": str(db)},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.05)  # short: the benchmark times the start through this loop
    process.kill()
    raise RuntimeError(f"streamlit did not start; log:\n{log.read_text()}")


def private_app(
    demo_db: Path, factory: pytest.TempPathFactory, name: str
) -> Iterator[tuple[str, Path]]:
    """A server of its own on a private copy of the demo, for tests that write: (url, database)."""
    folder = factory.mktemp(name)
    db = folder / "kam.duckdb"
    shutil.copyfile(demo_db, db)
    process, url = start_app(db, folder / "streamlit.log")
    yield url, db
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    process, url = start_app(demo_db, log)
    yield url
    process.terminate()
    process.wait(timeout=10)


def wait_until_idle(page: object, timeout_ms: int = 60_000) -> None:
    """Wait until the app has connected, run its script to the end and drawn a title."""
    # The shell reports notRunning before the first run starts too, so also wait for content.
    page.wait_for_selector("[data-testid=stMain] h1", timeout=timeout_ms)  # type: ignore[attr-defined]
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]",  # type: ignore[attr-defined]
        timeout=timeout_ms,
    )
    # Plotly draws after the script ends: wait until every visible chart has its plot area.
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
                 .filter(c => c.offsetParent !== null)
                 .every(c => c.querySelector('.main-svg .cartesianlayer, .main-svg .sankey,'
                                             + ' .main-svg .pielayer, .main-svg .imagelayer'))""",
        timeout=timeout_ms,
    )
    page.evaluate(SETTLED)  # type: ignore[attr-defined]


def open_page(
    browser: object, url: str, screenshot: str | None = None, width: int = 1440, height: int = 1000
) -> object:
    """Open `url`, wait until the script has finished, optionally save a full-page screenshot.

    Returns the Playwright page, with `page.dialogs` listing any alert/confirm that opened.
    """
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    wait_until_idle(page)
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
    return page
