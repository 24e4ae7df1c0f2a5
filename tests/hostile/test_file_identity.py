"""The database file keeps its identity through a write: the file a link points to, its mode,
owner and group; and a killed writer's leftovers never harm the next writer, whatever its PID.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kam_core.store import db
from kam_core.store.imports import import_file
from tests.robustness import digest

ROOT = Path(__file__).resolve().parents[2]


def new_account(folder: Path) -> Path:
    file = folder / "new.csv"
    file.write_text("account_id,name\nZZ1,Zeta\n")
    return file


def accounts(path: Path) -> int:
    return digest(path)["accounts"][0]


def test_an_import_through_a_symlink_replaces_the_file_it_points_to(
    fresh_db: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link" / "kam.duckdb"
    link.parent.mkdir()
    link.symlink_to(fresh_db)
    before = accounts(fresh_db)

    import_file(link, "accounts", new_account(tmp_path))

    assert link.is_symlink()
    assert os.readlink(link) == str(fresh_db)
    assert accounts(fresh_db) == before + 1
    assert not list(link.parent.glob("kam.duckdb.*"))  # no lock or copy beside the link


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_an_import_keeps_the_files_mode(fresh_db: Path, tmp_path: Path, mode: int) -> None:
    fresh_db.chmod(mode)

    import_file(fresh_db, "accounts", new_account(tmp_path))

    assert stat.S_IMODE(fresh_db.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_import_keeps_the_files_owner_and_group(fresh_db: Path, tmp_path: Path) -> None:
    os.chown(fresh_db, 4321, 8765)
    fresh_db.chmod(0o600)

    import_file(fresh_db, "accounts", new_account(tmp_path))

    found = fresh_db.stat()
    assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (4321, 8765, 0o600)


def test_the_copy_is_never_readable_by_others_while_it_is_written(
    fresh_db: Path, tmp_path: Path
) -> None:
    fresh_db.chmod(0o600)
    seen = []

    with db.writing(fresh_db) as con:
        con.execute("select 1")
        seen = [stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob("kam.duckdb.*.tmp")]

    assert seen == [0o600]


def test_leftovers_are_matched_by_literal_name_not_as_a_pattern(
    fresh_db: Path, tmp_path: Path
) -> None:
    bracketed = tmp_path / "k[1].duckdb"
    shutil.copyfile(fresh_db, bracketed)
    other = tmp_path / "k1.duckdb"
    mine = [tmp_path / "k[1].duckdb.77.tmp", tmp_path / "k[1].duckdb.77.tmp.wal"]
    mine.append(tmp_path / "k[1].duckdb.1-0123456789abcdef0123456789abcdef.tmp.wal")
    theirs = [tmp_path / "k1.duckdb.77.tmp", tmp_path / "k1.duckdb.77.tmp.wal"]
    for leftover in (*mine, *theirs, other):
        leftover.write_bytes(b"left by a killed writer")

    import_file(bracketed, "accounts", new_account(tmp_path))

    assert [p.exists() for p in mine] == [False, False, False]
    assert [p.exists() for p in theirs] == [True, True]


def _stale_copy(path: Path, pid: int) -> None:
    """What a writer with `pid` killed after committing on its copy leaves: the copy and a WAL."""
    tmp = path.with_name(f"{path.name}.{pid}.tmp")
    shutil.copyfile(path, tmp)
    script = (
        "import duckdb, os, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute(\"insert into accounts (account_id, name) values ('WAL1', 'Stale')\")\n"
        "os._exit(0)  # killed: no checkpoint, the WAL stays\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp)], check=True)
    assert Path(f"{tmp}.wal").exists()


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    found = subprocess.run(
        ["unshare", "--pid", "--fork", "sh", "-c", "echo $$"], capture_output=True, text=True
    )
    return found.returncode == 0 and found.stdout.strip() == "1"


def test_a_stale_wal_of_a_killed_writer_with_the_same_pid_is_not_replayed(
    fresh_db: Path, tmp_path: Path
) -> None:
    # PID 1 is every container's first process: the killed writer and the next one share it.
    same_pid = _unshare_works()
    pid = 1 if same_pid else os.getpid()
    _stale_copy(fresh_db, pid)
    before = accounts(fresh_db)
    argv = [sys.executable, "-m", "kam_core", "import", "--db", str(fresh_db)]
    argv += ["--table", "accounts", str(new_account(tmp_path))]

    if same_pid:
        done = subprocess.run(["unshare", "--pid", "--fork", *argv], capture_output=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr.decode()
    else:
        import_file(fresh_db, "accounts", new_account(tmp_path))  # this process: the same PID

    assert accounts(fresh_db) == before + 1
    con = db.connect(fresh_db)
    stale = con.execute("select count(*) from accounts where account_id = 'WAL1'").fetchall()
    con.close()
    assert stale == [(0,)]
    assert sorted(p.name for p in tmp_path.glob("kam.duckdb.*")) == ["kam.duckdb.lock"]
