"""Shared by the store tests: a connection to the demo database, and the real Superstore one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kam_core.store import db
from kam_core.store.imports import import_file

ROOT = Path(__file__).resolve().parents[2]
SUPERSTORE = ROOT.parent / "shared" / "data" / "superstore" / "Sample - Superstore.csv"
needs_superstore = pytest.mark.skipif(
    not SUPERSTORE.exists(), reason=f"the real Superstore export is not at {SUPERSTORE}"
)


@pytest.fixture(scope="module")
def con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = db.connect(demo_db)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def superstore_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brand-new database built from the public export with docs/importing.md's three commands."""
    path = tmp_path_factory.mktemp("superstore") / "kam.duckdb"
    import_file(path, "accounts", SUPERSTORE, on_duplicate_key="first")
    import_file(path, "products", SUPERSTORE, on_duplicate_key="first")
    import_file(path, "sales", SUPERSTORE)
    return path
