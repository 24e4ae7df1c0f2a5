"""Shared fixtures: a real demo DuckDB file, built once per test session, and fresh copies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from kam_core.store.demo import build_demo

# Property tests judge behaviour, not speed: hypothesis's 200 ms deadline per example is a timed
# assertion that fails on a busy machine (speed is measured by `make bench`).
settings.register_profile("kam", deadline=None)
settings.load_profile("kam")

TEST_SALES_ROWS = 60_000  # every page has a story at this size and it builds in under a second


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only demo database shared by the whole session: never write to it."""
    path = tmp_path_factory.mktemp("demo") / "kam.duckdb"
    build_demo(path, sales_rows=TEST_SALES_ROWS, seed=7)
    return path


@pytest.fixture
def fresh_db(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "kam.duckdb"
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium, one for the whole session (Playwright's sync API allows one per
    thread): the e2e, load and hostile-input tests all share it."""
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)")
        pytest.skip("browser tests need Debian's chromium: `sudo apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
