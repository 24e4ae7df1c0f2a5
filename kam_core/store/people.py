"""Who may sign in (`users`) and what they did (`audit`): tables of the journal's SQLite file.

People are edited in the app by directors, so they live with what people write (the journal),
not in the analytic file an import replaces. Every change to `users` is in the journal's history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from kam_core.data import access, importing
from kam_core.data.parsing import Problem
from kam_core.store.imports import ImportFailed, ImportResult, read_file
from kam_core.store.journal import JournalError, _log, _now, _opened, _transaction

__all__ = ["JournalError", "audit", "checked", "import_file", "record", "save_users", "users"]

COLUMNS = list(access.USERS.column_names)
AUDIT_COLUMNS = ["at", "who", "what", "detail"]


def users(db_path: str | Path) -> pd.DataFrame:
    """Everyone allowed in: email, role, manager (empty: nobody yet), by email."""
    with _opened(db_path) as con:
        found = con.execute("select email, role, manager from users order by email").fetchall()
    return pd.DataFrame(found, columns=COLUMNS)


def checked(cells: pd.DataFrame, source: str) -> pd.DataFrame:
    """The users list in `cells` (text as typed in the Data page's table, whose first row is
    row 1), typed; JournalError on one line."""
    try:
        rows = importing.prepare(cells, access.USERS, source, first=1).rows
    except importing.BadFile as exc:
        raise JournalError(_first_few([str(p) for p in exc.problems])) from exc
    rows = rows.reindex(columns=COLUMNS).assign(email=lambda r: r["email"].map(access.email_key))
    problems = access.user_problems(rows)
    if problems:
        raise JournalError(_first_few(problems))
    return rows


SHOWN_PROBLEMS = 5  # a pasted list can be wrong on every row: the first few say what to fix


def _first_few(problems: list[str]) -> str:
    rest = len(problems) - SHOWN_PROBLEMS
    more = [f"and {rest:,} more problems"] if rest > 0 else []
    return "; ".join(problems[:SHOWN_PROBLEMS] + more)


def save_users(db_path: str | Path, rows: pd.DataFrame, who: str, replace: bool = True) -> int:
    """Store the users `checked` gave (all of them when `replace`); how many are stored now."""
    new = {str(r["email"]): _user(r) for r in rows.to_dict("records")}
    with _opened(db_path) as con, _transaction(con):
        old = {r[0]: _user(dict(zip(COLUMNS, r, strict=True))) for r in con.execute(
            "select email, role, manager from users").fetchall()}  # fmt: skip
        clash = sorted(set(new) & set(old)) if not replace else []
        if clash:
            raise JournalError(f"email: {clash[0]} is already a user; replace the list instead")
        if replace:
            con.execute("delete from users")
        for email, user in new.items():
            con.execute("insert into users values (:email, :role, :manager)", user)
            if old.get(email) != user:
                _log(con, "users", 0, "edit", who, old.get(email), user)
        for email in set(old) - set(new) if replace else ():
            _log(con, "users", 0, "delete", who, old[email], None)
        return int(con.execute("select count(*) from users").fetchone()[0])


def _user(row: Mapping[str, object]) -> dict[str, object]:
    manager = row.get("manager")
    return {
        "email": row["email"],
        "role": row["role"],
        "manager": manager if isinstance(manager, str) and manager else None,
    }


def import_file(
    db_path: str | Path,
    record: str,
    file: str | Path,
    replace: bool = False,
    mapping: Mapping[str, str] | None = None,
    on_duplicate_key: str = "error",
    today: date | None = None,
    encoding: str | None = None,
) -> ImportResult:
    """`import --table users FILE`: add the file's people (or replace the list), or ImportFailed."""
    file = Path(file)
    rows = read_file(file, access.USERS, mapping, on_duplicate_key, encoding)[1].rows
    rows = rows.assign(email=rows["email"].map(access.email_key))
    problems = access.user_problems(rows.reindex(columns=COLUMNS))
    if problems:
        raise ImportFailed([Problem(file.name, None, None, p) for p in problems])
    before = len(users(db_path))
    try:
        save_users(db_path, rows, f"import of {file.name}", replace)
    except JournalError as exc:
        raise ImportFailed([Problem(file.name, None, None, str(exc))]) from exc
    return ImportResult(record, file.name, len(rows), replaced=before if replace else 0)


def record(db_path: str | Path, who: str, what: str, detail: str = "") -> None:
    """Add one line to the audit: `who` (an email) did `what` (sign in, download, ...) now."""
    with _opened(db_path) as con, _transaction(con):
        con.execute(
            "insert into audit (at, who, what, detail) values (:at, :who, :what, :detail)",
            {"at": _now(), "who": who, "what": what, "detail": detail},
        )


AUDIT = """
select at, who, what, detail from (
    select at, who, what, coalesce(detail, '') as detail, id, 0 as journal from audit
    union all
    select at, who, 'journal ' || change, record || ' ' || record_id, id, 1 from history
)
order by at desc, journal, id desc limit :limit
"""


def audit(db_path: str | Path, limit: int = 500) -> pd.DataFrame:
    """The latest audit lines, newest first: at (UTC), who, what, detail; sign-ins, sign-outs
    and downloads from `audit`, every journal change (`journal insert`...) from its history."""
    with _opened(db_path) as con:
        found = con.execute(AUDIT, {"limit": limit}).fetchall()
    return pd.DataFrame(found, columns=AUDIT_COLUMNS)
