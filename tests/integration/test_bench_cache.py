"""make bench builds its cached demo again when the file is of an older schema."""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks.databases import outdated
from kam_core.data.contract import SCHEMA_VERSION


def test_a_cached_demo_of_the_current_schema_is_kept_and_an_older_one_rebuilt(fresh_db: Path):
    assert not outdated(fresh_db)

    con = duckdb.connect(str(fresh_db))
    con.execute(
        "update meta set value = $v where key = 'schema_version'", {"v": str(SCHEMA_VERSION - 1)}
    )
    con.close()

    assert outdated(fresh_db)
