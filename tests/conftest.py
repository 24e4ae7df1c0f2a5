"""Shared fixtures: a real demo DuckDB file, built once per test session, and fresh copies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from kam_core.store import db, portfolio
from kam_core.store.demo import build_demo

TEST_SALES_ROWS = 60_000  # every page has a story at this size and it builds in under a second

# `make mutate` (KAM_MUTATION=1) runs the unit tests against thousands of mutants: the same
# examples every time keep a mutant's verdict from changing between runs, nothing is saved to
# .hypothesis/, and 20 examples (not 100) keep a surviving mutant's run short.
# Everywhere, property tests judge behaviour, not speed: hypothesis's 200 ms deadline per example
# is a timed assertion that fails on a busy machine (speed is measured by `make bench`).
# Elsewhere 50 fresh random examples a run (not hypothesis's 100): every run of `make test` and
# CI draws new ones and .hypothesis/ replays any that failed, and the unit tests stay under 30 s.
MUTATION = os.environ.get("KAM_MUTATION") == "1"
settings.register_profile("kam", deadline=None, max_examples=50)
settings.register_profile(
    "mutation", derandomize=True, database=None, deadline=None, max_examples=20
)
settings.load_profile("mutation" if MUTATION else "kam")
# There the sources are mutmut's generated copies: the import graph test would parse thousands of
# trampolines (and trips a CPython 3.11 AST error when a gc callback runs mid-parse).
collect_ignore = ["unit/test_import_graph.py"] if MUTATION else []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `make mutate`, the examples before the property tests: mutmut stops at the first
    failure, and an example that catches a mutant does so in milliseconds, not seconds."""
    if MUTATION:
        items.sort(
            key=lambda item: getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        )


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


@pytest.fixture
def accounts(fresh_db: Path) -> set[str]:
    """The account ids of a fresh copy of the demo: what the journal's records may name."""
    con = db.connect(fresh_db)
    try:
        return set(portfolio.accounts(con)["account_id"])
    finally:
        con.close()


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
