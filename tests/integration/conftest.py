"""A read-only connection to the session's demo database, shared by the store tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kam_core.store import db


@pytest.fixture(scope="module")
def con(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = db.connect(demo_db)
    yield connection
    connection.close()
