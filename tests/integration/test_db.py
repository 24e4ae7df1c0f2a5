"""Writers change a copy and swap it in; readers keep working; old files upgrade or say why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from kam_core.data.contract import SCHEMA_VERSION
from kam_core.store import db


def _count(path: Path, table: str = "visits") -> int:
    con = db.connect(path)
    try:
        return con.execute(f"select count(*) from {table}").fetchall()[0][0]  # noqa: S608
    finally:
        con.close()


def test_a_failed_write_leaves_the_file_byte_for_byte_unchanged(fresh_db: Path) -> None:
    before = fresh_db.read_bytes()

    with pytest.raises(RuntimeError), db.writing(fresh_db) as con:
        con.execute("delete from visits")
        raise RuntimeError("import failed half-way")

    assert fresh_db.read_bytes() == before
    assert not list(fresh_db.parent.glob("*.tmp"))


def test_a_successful_write_is_swapped_in_and_changes_the_file_identity(fresh_db: Path) -> None:
    identity = db.file_version(fresh_db)

    with db.writing(fresh_db) as con:
        con.execute("delete from visits")

    assert _count(fresh_db) == 0
    assert db.file_version(fresh_db) != identity


def test_an_open_reader_keeps_its_snapshot_while_a_writer_swaps_the_file(fresh_db: Path) -> None:
    reader = db.connect(fresh_db)
    before = reader.execute("select count(*) from visits").fetchall()[0][0]

    with db.writing(fresh_db) as con:
        con.execute("delete from visits")

    assert reader.execute("select count(*) from visits").fetchall()[0][0] == before
    assert _count(fresh_db) == 0
    reader.close()


def test_writing_a_missing_file_creates_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "kam.duckdb"

    with db.writing(path):
        pass

    assert _count(path, "sales") == 0


def test_a_stray_copy_from_a_killed_writer_is_cleaned_up(fresh_db: Path) -> None:
    stray = fresh_db.with_name(f"{fresh_db.name}.99999.tmp")
    stray.write_bytes(b"half-written")

    with db.writing(fresh_db):
        pass

    assert not stray.exists()


def _set_version(path: Path, version: int) -> None:
    with db.writing(path) as con:
        con.execute("update meta set value = $v where key = 'schema_version'", {"v": str(version)})


def test_an_older_file_without_an_upgrade_path_says_so(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_version(fresh_db, SCHEMA_VERSION - 1)
    monkeypatch.delitem(db.MIGRATIONS, SCHEMA_VERSION - 1)

    with pytest.raises(db.StoreError, match="no upgrade exists"):
        db.connect(fresh_db)


def test_an_older_file_is_upgraded_when_opened(
    fresh_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_version(fresh_db, SCHEMA_VERSION - 1)
    monkeypatch.setitem(
        db.MIGRATIONS,
        SCHEMA_VERSION - 1,
        (*db.MIGRATIONS[SCHEMA_VERSION - 1], "alter table visits add column duration_min integer"),
    )

    con = db.connect(fresh_db)

    assert db.schema_version(con) == SCHEMA_VERSION
    assert "duration_min" in [c[0] for c in con.execute("describe visits").fetchall()]
    con.close()


def test_a_newer_file_is_refused_with_the_reason(fresh_db: Path) -> None:
    _set_version(fresh_db, SCHEMA_VERSION + 1)

    with pytest.raises(db.StoreError, match="newer KAM Dashboard"):
        db.connect(fresh_db)
