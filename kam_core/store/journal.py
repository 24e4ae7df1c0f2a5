"""The account journal: visits, next steps, complaints, feedback and plans, saved by the app.

Not the DuckDB file, whose every write copies the whole analytic file: an embedded SQLite file
beside it (`<db>.journal.sqlite`, or the path in KAM_JOURNAL) in WAL mode, so readers never wait
for a writer and many sessions and processes save at once, each save one short transaction
(`begin immediate`: writers queue on the busy timeout instead of failing). This module holds all
of the journal's SQL, in SQL that PostgreSQL also speaks (docs/architecture.md, "The journal").
Every insert, edit, delete and undo is written to `history` in the same transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from kam_core.data import formats, importing
from kam_core.data.parsing import Problem
from kam_core.relationships import org_chart
from kam_core.store.files import StoreError, first_line
from kam_core.visits import journal_brief, store_checks
from kam_core.visits.journal import (
    DEFAULTS,
    RECORDS,
    Settings,
    form_message,
    record_problems,
)
from kam_core.visits.journal_brief import AccountJournal

SCHEMA_VERSION = 3  # 2: contacts, visit_contacts, shelf_observations; 3: users, audit
BUSY_SECONDS = 30.0  # a save waits this long for other writers before it gives up
SYSTEM = "system"  # who made changes no person made (the upgrade from the DuckDB visits)

_RECORD_DDL = {
    "visits": "account_id text not null, date text not null, visitor text, kind text, "
    "attendees text, notes text, next_visit_date text",
    "actions": "account_id text not null, text text not null, due_date text not null, "
    "owner text, visit_id integer references visits (id), status text not null, done_date text",
    "complaints": "account_id text not null, opened_date text not null, category text not null, "
    "severity text, description text, owner text, resolved_date text, resolution text, "
    "satisfaction integer",
    "feedback": "account_id text not null, date text not null, score integer not null, "
    "about text, comment text",
    "account_plans": "account_id text not null, year integer not null, objectives text, "
    "strategy text",
    "contacts": "account_id text not null, name text not null, title text, role text, "
    "influence text, relationship text, concerns text, birthday text, email text, phone text, "
    "reports_to integer references contacts (id) deferrable initially deferred, "
    "active integer",  # an imported file may name a manager on a later row; empty active: yes
    "visit_contacts": "visit_id integer not null references visits (id), "
    "contact_id integer not null references contacts (id)",
    "shelf_observations": "visit_id integer not null references visits (id), "
    "account_id text not null, sku text not null, on_shelf integer not null, facings integer, "
    "shelf_price real, competitor text, competitor_price real, oldest_production_date text, "
    "note text",
}


VERSION_1_RECORDS = ("visits", "actions", "complaints", "feedback", "account_plans")


def _record_table(name: str) -> str:
    # integer primary key: SQLite's rowid; PostgreSQL would say `generated always as identity`.
    return (
        f"create table {name} (id integer primary key, {_RECORD_DDL[name]}, "
        "deleted_at text, deleted_by text)"
    )


SCHEMA = (
    "create table meta (key text primary key, value text not null)",
    *(_record_table(name) for name in VERSION_1_RECORDS),  # the later ones by MIGRATIONS
    "create table history (id integer primary key, at text not null, who text not null, "
    "record text not null, record_id integer not null, change text not null, "
    "old text, new text)",
    "create index history_record on history (record, record_id)",
    "create table settings (key text primary key, value text not null)",
)
# Upgrades: version -> statements that lift a journal of that version to version + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: tuple(_record_table(n) for n in ("contacts", "visit_contacts", "shelf_observations")),
    # who may sign in and what they did (kam_core/store/people.py, docs/access.md)
    2: (
        "create table users (email text primary key, role text not null, manager text)",
        "create table audit (id integer primary key, at text not null, who text not null, "
        "what text not null, detail text)",
    ),
}


class JournalError(StoreError):
    """A record that cannot be saved, worded for the person at the form; nothing was saved."""


def journal_path(db_path: str | Path) -> Path:
    """The journal beside the DuckDB file `db_path`, or the file KAM_JOURNAL names."""
    return Path(os.environ.get("KAM_JOURNAL") or f"{db_path}.journal.sqlite")


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@contextmanager
def _opened(db_path: str | Path) -> Iterator[sqlite3.Connection]:
    """A connection to the journal, created or upgraded first; SQLite errors as StoreError."""
    path = journal_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: this module says `begin immediate` and `commit` itself.
        con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"Cannot open the journal {path}: {first_line(exc)}.") from exc
    try:
        con.execute("pragma foreign_keys = on")
        if con.execute("pragma journal_mode").fetchone()[0] != "wal":
            con.execute("pragma journal_mode = wal")  # kept by the file once set
        _upgrade(con, Path(db_path))
        yield con
    except sqlite3.Error as exc:
        raise StoreError(
            f"The journal {path} could not be used ({first_line(exc)}); nothing was saved."
        ) from exc
    finally:
        con.close()


@contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    con.execute("begin immediate")  # take the write lock now: no upgrade from reader to writer
    try:
        yield con
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _version(con: sqlite3.Connection) -> int | None:
    found = con.execute("select count(*) from sqlite_master where name = 'meta'").fetchone()
    if not found[0]:
        return None
    row = con.execute("select value from meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _upgrade(con: sqlite3.Connection, db_path: Path) -> None:
    if _version(con) == SCHEMA_VERSION:
        return
    with _transaction(con):
        version = _version(con)  # again, holding the lock: another process may have done it
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"The journal {journal_path(db_path)} was written by a newer KAM Dashboard "
                f"(journal version {version}); upgrade KAM Dashboard to open it."
            )
        if version is None:
            for statement in SCHEMA:
                con.execute(statement)
            con.execute("insert into meta values ('schema_version', :v)", {"v": "0"})
            _adopt_imported_visits(con, db_path)
            version = 1  # then the migrations, so a new journal and an upgraded one agree
        for v in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[v]:
                con.execute(statement)
        con.execute(
            "update meta set value = :v where key = 'schema_version'", {"v": str(SCHEMA_VERSION)}
        )


def _adopt_imported_visits(con: sqlite3.Connection, db_path: Path) -> None:
    """Copy the visits imported into the DuckDB file (before the journal existed) into it."""
    if not db_path.exists():
        return
    from kam_core.store import db, query  # the DuckDB side: only for this one-time copy

    duck = db.connect(db_path)
    try:
        found = query(duck, "select count(*) as n from information_schema.tables "
                      "where table_name = 'visits'")  # fmt: skip
        if not found["n"].iloc[0]:  # a later schema without the table: nothing to adopt
            return
        visits = query(duck, "select account_id, date, visitor, note as notes from visits")
    finally:
        duck.close()
    for row in visits.sort_values(["date", "account_id"]).to_dict("records"):
        _insert(con, "visits", _sql_values(row), SYSTEM)


def _sql_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _sql_values(row: Mapping[str, object]) -> dict[str, object]:
    return {k: _sql_value(v) for k, v in row.items() if k != "_row"}


def _log(
    con: sqlite3.Connection,
    record: str,
    record_id: int,
    change: str,
    who: str,
    old: Mapping[str, object] | None,
    new: Mapping[str, object] | None,
) -> None:
    con.execute(
        "insert into history (at, who, record, record_id, change, old, new) "
        "values (:at, :who, :record, :id, :change, :old, :new)",
        {
            "at": _now(),
            "who": who,
            "record": record,
            "id": record_id,
            "change": change,
            "old": None if old is None else json.dumps(old, ensure_ascii=False),
            "new": None if new is None else json.dumps(new, ensure_ascii=False),
        },
    )


def _columns(record: str) -> tuple[str, ...]:
    return RECORDS[record].column_names


def _insert(con: sqlite3.Connection, record: str, values: Mapping[str, object], who: str) -> int:
    columns = [c for c in _columns(record) if c in values]
    # Table and column names come from RECORDS, never from the user; values are parameters.
    sql = (
        f"insert into {record} ({', '.join(columns)}) "  # noqa: S608
        f"values ({', '.join(':' + c for c in columns)}) returning id"
    )
    record_id = int(con.execute(sql, {c: values[c] for c in columns}).fetchone()[0])
    _log(con, record, record_id, "insert", who, None, {c: values[c] for c in columns})
    return record_id


def _row(con: sqlite3.Connection, record: str, record_id: int) -> dict[str, object] | None:
    con.row_factory = sqlite3.Row
    try:
        found = con.execute(
            f"select * from {record} where id = :id",  # noqa: S608
            {"id": record_id},
        ).fetchone()
    finally:
        con.row_factory = None
    return None if found is None else dict(found)


def _checked(
    record: str, values: Mapping[str, object], accounts: Collection[str], today: date
) -> dict[str, object]:
    """The form's values typed and checked as an import row would be, or JournalError.

    Pure pandas work (about a tenth of a second): done before the write lock is taken.
    """
    table = RECORDS[record]
    given = {**DEFAULTS.get(record, {}), **values}
    cells = pd.DataFrame(
        {c: ["" if _sql_value(given.get(c)) is None else str(given[c])] for c in table.column_names}
    )
    try:
        rows = importing.prepare(cells, table, record, first=1).rows
    except importing.BadFile as exc:
        raise JournalError(form_message(exc.problems)) from exc
    problems = record_problems(rows, table, accounts, today, record)
    if problems:
        raise JournalError(form_message(problems))
    return _sql_values(rows.iloc[0].to_dict())


def _unknown(
    con: sqlite3.Connection, rows: pd.DataFrame, file: str, column: str, record: str, what: str
) -> list[Problem]:
    """Rows whose `column` names no current row of `record` (visit_id, contact_id)."""
    if column not in rows:
        return []
    # `record` is one of this module's two tables below, never the user's.
    sql = f"select id from {record} where deleted_at is null"  # noqa: S608
    known = {r[0] for r in con.execute(sql)}
    wanted = rows[rows[column].notna()]
    return [
        Problem(file, int(r["_row"]), column, f"{r[column]} is not a recorded {what}")
        for _, r in wanted.iterrows()
        if int(r[column]) not in known
    ]


def _unknown_links(con: sqlite3.Connection, rows: pd.DataFrame, file: str) -> list[Problem]:
    return _unknown(con, rows, file, "visit_id", "visits", "visit") + _unknown(
        con, rows, file, "contact_id", "contacts", "contact"
    )


def _charts_hold(con: sqlite3.Connection) -> None:
    """JournalError naming the circle when some account's reports_to goes round in one."""
    found = con.execute(
        "select account_id, id, name, reports_to from contacts where deleted_at is null"
    ).fetchall()
    everyone = pd.DataFrame(found, columns=["account_id", "id", "name", "reports_to"])
    ids = {r[0] for r in con.execute("select id from contacts")}  # the deleted ones too
    unknown = everyone["reports_to"].notna() & ~everyone["reports_to"].isin(ids)
    if unknown.any():
        first = everyone[unknown].iloc[0]
        raise JournalError(
            f"reports_to: {int(first['reports_to'])} (of {first['name']}) is not a contact; "
            "nothing was imported"
        )
    for account, chart in everyone.groupby("account_id"):
        try:
            org_chart.check(chart)
        except org_chart.CycleError as exc:
            raise JournalError(f"account {account}: {exc}; nothing was imported") from exc


def _visit_exists(con: sqlite3.Connection, checked: Mapping[str, object]) -> None:
    visit_id = checked.get("visit_id")
    if visit_id is None:
        return
    found = con.execute(
        "select count(*) from visits where id = :id and deleted_at is null", {"id": visit_id}
    ).fetchone()
    if not found[0]:
        raise JournalError(f"visit_id: {visit_id} is not a recorded visit")


def _reports_to_holds(
    con: sqlite3.Connection, record: str, checked: Mapping[str, object], record_id: int | None
) -> None:
    """JournalError unless a contact reports to another contact of its account, and the chart
    still has no circle (A reports to B who reports to A) once this contact is saved."""
    manager = checked.get("reports_to")
    if record != "contacts" or manager is None:
        return
    found = con.execute(
        "select id, name, reports_to from contacts "
        "where account_id = :account and deleted_at is null",
        {"account": checked["account_id"]},
    ).fetchall()
    chart = pd.DataFrame(found, columns=["id", "name", "reports_to"])
    if manager == record_id or manager not in set(chart["id"]):
        raise JournalError(
            f"reports_to: {manager} is not another contact of account {checked['account_id']}"
        )
    if record_id is None:
        return  # nobody reports to a new contact yet: it cannot close a circle
    chart.loc[chart["id"] == record_id, ["name", "reports_to"]] = [checked["name"], manager]
    try:
        org_chart.check(chart)
    except org_chart.CycleError as exc:
        raise JournalError(str(exc)) from exc


def save(
    db_path: str | Path,
    record: str,
    values: Mapping[str, object],
    who: str,
    accounts: Collection[str],
    record_id: int | None = None,
    today: date | None = None,
) -> int:
    """Add a record (or change record `record_id`, keeping the values not given); its id.

    JournalError, with every problem on one line, when a value breaks the rules; nothing saved.
    The values are checked before the transaction, which only writes: saves queue briefly.
    """
    today = today or date.today()
    with _opened(db_path) as con:
        if record_id is None:
            checked = _checked(record, values, accounts, today)
            with _transaction(con):
                _visit_exists(con, checked)
                _reports_to_holds(con, record, checked, None)
                return _insert(con, record, checked, who)
        old = _mine(con, record, record_id)
        checked = _checked(record, {**old, **values}, accounts, today)
        changed = {c: v for c, v in checked.items() if v != old.get(c)}
        with _transaction(con):
            if _mine(con, record, record_id) != old:
                raise JournalError(
                    f"{record} record {record_id} was changed meanwhile; reload it and try again"
                )
            _visit_exists(con, checked)
            _reports_to_holds(con, record, checked, record_id)
            if changed:
                assignments = ", ".join(f"{c} = :{c}" for c in changed)
                con.execute(
                    f"update {record} set {assignments} where id = :id",  # noqa: S608
                    {**changed, "id": record_id},
                )
                _log(con, record, record_id, "edit", who, {c: old[c] for c in changed}, changed)
        return record_id


def _mine(con: sqlite3.Connection, record: str, record_id: int) -> dict[str, object]:
    """The record's own columns; JournalError when it is deleted or was never saved."""
    found = _row(con, record, record_id)
    if found is None or found["deleted_at"] is not None:
        raise JournalError(f"no {record} record {record_id}: it was deleted or never saved")
    return {c: found[c] for c in _columns(record)}


def record_visit(
    db_path: str | Path,
    visit: Mapping[str, object],
    next_step: Mapping[str, object] | None,
    who: str,
    accounts: Collection[str],
    today: date | None = None,
    met: Collection[int] = (),
    shelf: pd.DataFrame | None = None,
) -> tuple[int, int | None]:
    """Save a visit, the next step agreed in it, the contacts `met` (ids) and a store check's
    shelf observations (`shelf`, one row per SKU) in one transaction: (visit id, action id)."""
    today = today or date.today()
    checked = _checked("visits", visit, accounts, today)
    step = None
    if next_step:
        step = _checked(
            "actions", {"account_id": visit.get("account_id"), **next_step}, accounts, today
        )
    seen = _checked_shelf(shelf, checked["account_id"], checked["date"], accounts, today)
    with _opened(db_path) as con, _transaction(con):
        _contacts_of(con, checked["account_id"], met)
        visit_id = _insert(con, "visits", checked, who)
        for contact_id in sorted(set(met)):
            _insert(con, "visit_contacts", {"visit_id": visit_id, "contact_id": contact_id}, who)
        for row in seen:
            _insert(con, "shelf_observations", {**row, "visit_id": visit_id}, who)
        if step is None:
            return visit_id, None
        return visit_id, _insert(con, "actions", {**step, "visit_id": visit_id}, who)


def _checked_shelf(
    shelf: pd.DataFrame | None,
    account: object,
    day: object,
    accounts: Collection[str],
    today: date,
) -> list[dict[str, object]]:
    """A store check's rows typed and checked as an import of shelf_observations would be (the
    visit, dated `day`, is the one saved with them); JournalError naming each problem's SKU."""
    if shelf is None or shelf.empty:
        return []
    full = RECORDS["shelf_observations"]
    table = replace(full, columns=tuple(c for c in full.columns if c.name != "visit_id"))
    given = shelf.assign(account_id=account)
    cells = pd.DataFrame(
        {
            c: [None if _sql_value(v) is None else str(v) for v in given[c]]
            for c in table.column_names
            if c in given
        }
    )
    skus = [str(v) for v in given["sku"]] if "sku" in given else []
    try:
        rows = importing.prepare(cells, table, "store check", first=1).rows
    except importing.BadFile as exc:
        raise JournalError(_by_sku(exc.problems, skus)) from exc
    problems = record_problems(rows, table, accounts, today, "store check")
    problems = problems or store_checks.check_problems(rows, pd.Timestamp(day).date(), today)
    if problems:
        raise JournalError(_by_sku(problems, skus))
    return [_sql_values(r) for r in rows.to_dict("records")]


def _by_sku(problems: list[Problem], skus: list[str]) -> str:
    """A store check's problems on one line, each naming its SKU: 'AC-1001 note: is longer...'."""
    named = [
        replace(p, column=f"{skus[p.row - 1]} {p.column}".strip())
        if p.row is not None and p.column and 0 < p.row <= len(skus)
        else p
        for p in problems
    ]
    return form_message(named)


def _contacts_of(con: sqlite3.Connection, account: object, met: Collection[int]) -> None:
    """JournalError unless every contact of `met` is a contact of `account` in the journal."""
    known = {
        r[0]
        for r in con.execute(
            "select id from contacts where account_id = :account and deleted_at is null",
            {"account": account},
        )
    }
    strangers = sorted(set(met) - known)
    if strangers:
        raise JournalError(
            f"contacts: {', '.join(map(str, strangers))} are not contacts of account {account}"
        )


def _set_deleted(
    db_path: str | Path,
    record: str,
    record_id: int,
    who: str,
    delete: bool,
    accounts: Collection[str] | None,
) -> None:
    with _opened(db_path) as con, _transaction(con):
        old = _row(con, record, record_id)
        if old is not None and accounts is not None and old["account_id"] not in accounts:
            raise JournalError(f"{record} record {record_id} is not about one of your accounts")
        if old is None or (old["deleted_at"] is not None) == delete:
            state = "deleted" if delete else "in the journal"
            raise JournalError(f"no {record} record {record_id} is {state}")
        stamp = (_now(), who) if delete else (None, None)
        con.execute(
            f"update {record} set deleted_at = :at, deleted_by = :by where id = :id",  # noqa: S608
            {"at": stamp[0], "by": stamp[1], "id": record_id},
        )
        kept = {c: old[c] for c in _columns(record)}
        change = "delete" if delete else "undo delete"
        _log(con, record, record_id, change, who, *((kept, None) if delete else (None, kept)))


def delete(
    db_path: str | Path,
    record: str,
    record_id: int,
    who: str,
    accounts: Collection[str] | None = None,
) -> None:
    """Delete a record (of one of `accounts`, when given); it stays in the file, with who and
    when, so the delete can be undone."""
    _set_deleted(db_path, record, record_id, who, True, accounts)


def undo_delete(
    db_path: str | Path,
    record: str,
    record_id: int,
    who: str,
    accounts: Collection[str] | None = None,
) -> None:
    """Bring back a deleted record (of one of `accounts`, when given) as it was."""
    _set_deleted(db_path, record, record_id, who, False, accounts)


def records(
    db_path: str | Path, record: str, account: str | None = None, deleted: bool = False
) -> pd.DataFrame:
    """`id` and the record's columns (dates as datetime64), oldest first; `deleted=True` gives
    the deleted ones instead, with deleted_at and deleted_by."""
    where = f"(:account is null or {_of_accounts(record, '(:account)')})"
    return _select(db_path, record, where, {"account": account}, deleted)


def _of_accounts(record: str, accounts: str) -> str:
    """The condition `record`'s rows are of `accounts` (SQL naming parameters, never values);
    who was met belongs to the visit's account."""
    if "account_id" in _columns(record):
        return f"account_id in {accounts}"
    return f"visit_id in (select id from visits where account_id in {accounts})"  # noqa: S608


def account_records(db_path: str | Path, record: str, accounts: Collection[str]) -> pd.DataFrame:
    """As `records`, only those of `accounts` (ids): the one read for data some users may not
    see (contacts, store checks), so a sign-in scope narrows `accounts` in one place."""
    where = _of_accounts(record, "(select value from json_each(:accounts))")
    return _select(db_path, record, where, {"accounts": json.dumps(sorted(accounts))}, False)


def _select(
    db_path: str | Path, record: str, where: str, params: Mapping[str, object], deleted: bool
) -> pd.DataFrame:
    columns = ["id", *_columns(record)] + (["deleted_at", "deleted_by"] if deleted else [])
    gone = "deleted_at is not null" if deleted else "deleted_at is null"
    # Names and the where clause are this module's constants; values are parameters.
    sql = f"select {', '.join(columns)} from {record} where {gone} and {where} order by id"  # noqa: S608
    with _opened(db_path) as con:
        rows = pd.DataFrame(con.execute(sql, params).fetchall(), columns=columns)
    for column in RECORDS[record].columns:
        if column.kind == "date":
            rows[column.name] = pd.to_datetime(rows[column.name]).astype("datetime64[us]")
        elif column.kind == "int":
            rows[column.name] = rows[column.name].astype("Int64")
        elif column.kind == "bool":
            rows[column.name] = rows[column.name].astype("boolean")
        elif column.kind == "float":
            rows[column.name] = rows[column.name].astype("Float64")
    return rows


def erase(
    db_path: str | Path, contact_id: int, who: str, accounts: Collection[str] | None = None
) -> None:
    """Remove a contact for good (a person's request): the row, its history, the visits' links
    to it; those who reported to it report to no one. One audit line stays, with no personal
    field: who erased which contact id of which account, when. Cannot be undone. `accounts`:
    those the person may see (None: every one); another's contact is refused."""
    with _opened(db_path) as con:
        con.execute("pragma secure_delete = on")  # overwrite the freed pages, not just unlink
        with _transaction(con):
            found = _row(con, "contacts", contact_id)
            if found is None:
                raise JournalError(f"no contacts record {contact_id} to erase")
            if accounts is not None and found["account_id"] not in accounts:
                raise JournalError(f"contact {contact_id} is not about one of your accounts")
            links = [
                r[0]
                for r in con.execute(
                    "select id from visit_contacts where contact_id = :id", {"id": contact_id}
                )
            ]
            for link in links:
                con.execute(
                    "delete from history where record = 'visit_contacts' and record_id = :id",
                    {"id": link},
                )
            con.execute("delete from visit_contacts where contact_id = :id", {"id": contact_id})
            reports = [
                r[0]
                for r in con.execute(
                    "select id from contacts where reports_to = :id", {"id": contact_id}
                )
            ]
            for report in reports:
                con.execute("update contacts set reports_to = null where id = :id", {"id": report})
                _log(
                    con,
                    "contacts",
                    report,
                    "edit",
                    who,
                    {"reports_to": contact_id},
                    {"reports_to": None},
                )
            con.execute(
                "delete from history where record = 'contacts' and record_id = :id",
                {"id": contact_id},
            )
            con.execute("delete from contacts where id = :id", {"id": contact_id})
            audit = {"account_id": found["account_id"], "visit_links_removed": len(links)}
            _log(con, "contacts", contact_id, "erase", who, None, audit)
        # The WAL file still holds the old pages until a checkpoint: copy them back and empty it.
        con.execute("pragma wal_checkpoint(truncate)")


def history(
    db_path: str | Path,
    record: str | None = None,
    limit: int = 200,
    visible: Collection[str] | None = None,
) -> pd.DataFrame:
    """The latest changes, newest first: at (UTC), who, record, record_id, change, old, new.

    `visible`: only the changes to records of these accounts (None: every change, settings too).
    """
    columns = ["at", "who", "record", "record_id", "change", "old", "new"]
    # Which record a history row is about is data (its `record` column); each record table is
    # asked by its own name, from RECORDS, for the ids of the visible accounts' rows.
    # Who was met names no account: it is about its visit's.
    owner = {name: f"{name}.account_id" for name in RECORDS} | {
        "visit_contacts": "(select v.account_id from visits v where v.id = visit_contacts.visit_id)"
    }
    mine = " union all ".join(
        f"select '{name}', id from {name} "  # noqa: S608
        f"where {owner[name]} in (select value from json_each(:visible))"
        for name in RECORDS
    )
    with _opened(db_path) as con:
        found = con.execute(
            f"select {', '.join(columns)} from history "  # noqa: S608
            "where (:record is null or record = :record) "
            f"and (:visible is null or (record, record_id) in ({mine})) "
            "order by id desc limit :limit",
            {
                "record": record,
                "limit": limit,
                "visible": None if visible is None else json.dumps(sorted(visible)),
            },
        ).fetchall()
    return pd.DataFrame(found, columns=columns)


def settings(db_path: str | Path) -> Settings:
    """The journal's settings: visit cadence per tier and the complaint SLA (defaults if unset)."""
    with _opened(db_path) as con:
        stored = dict(con.execute("select key, value from settings").fetchall())
    default = Settings()
    cadence = {
        tier: int(stored.get(f"cadence_{tier}", days))
        for tier, days in default.cadence_days.items()
    }
    return Settings(cadence, int(stored.get("sla_days", default.sla_days)))


def save_settings(db_path: str | Path, chosen: Settings, who: str) -> None:
    """Store the settings (every value a whole number of days, at least 1), with history."""
    values = {f"cadence_{t}": d for t, d in chosen.cadence_days.items()} | {
        "sla_days": chosen.sla_days
    }
    if any(int(v) < 1 for v in values.values()):
        raise JournalError("every cadence and the SLA must be at least 1 day")
    with _opened(db_path) as con, _transaction(con):
        for key, value in values.items():
            con.execute("delete from settings where key = :key", {"key": key})
            con.execute("insert into settings values (:key, :value)", {"key": key, "value": value})
        _log(con, "settings", 0, "edit", who, None, values)


STYLE_KEYS = ("company", "currency", "locale")


def style(db_path: str | Path) -> formats.Style:
    """The company's name, currency and locale as saved (formats.DEFAULT where never set)."""
    if not journal_path(db_path).exists():  # nothing saved yet: read without creating the file
        return formats.DEFAULT
    with _opened(db_path) as con:
        stored = dict(con.execute("select key, value from settings").fetchall())
    default = formats.DEFAULT
    return formats.Style(*(str(stored.get(k, getattr(default, k))) for k in STYLE_KEYS))


def save_style(db_path: str | Path, company: str, currency: str, locale: str, who: str) -> None:
    """Store the company's name, currency and locale, with history; formats.FormatError (nothing
    saved) for a currency or locale the CLDR data does not know."""
    chosen = formats.checked(company, currency, locale)
    values = {k: getattr(chosen, k) for k in STYLE_KEYS}
    with _opened(db_path) as con, _transaction(con):
        for key, value in values.items():
            con.execute("delete from settings where key = :key", {"key": key})
            con.execute("insert into settings values (:key, :value)", {"key": key, "value": value})
        _log(con, "settings", 0, "edit", who, None, values)


@dataclass(frozen=True)
class Imported:
    added: int
    replaced: int


def add_rows(
    db_path: str | Path, record: str, rows: pd.DataFrame, who: str, replace: bool = False
) -> Imported:
    """Insert rows already checked (importing.prepare, record_problems) in one transaction;
    `replace` deletes the record's current rows first (undoable, like any delete)."""
    with _opened(db_path) as con, _transaction(con):
        problems = _unknown_links(con, rows, record)
        if problems:
            raise JournalError(form_message(problems))
        replaced = 0
        if replace:
            ids = [
                r[0]
                for r in con.execute(
                    f"select id from {record} where deleted_at is null"  # noqa: S608
                ).fetchall()
            ]
            con.execute(
                f"update {record} set deleted_at = :at, deleted_by = :who "  # noqa: S608
                "where deleted_at is null",
                {"at": _now(), "who": who},
            )
            for record_id in ids:
                _log(con, record, record_id, "delete", who, None, None)
            replaced = len(ids)
        for row in rows.to_dict("records"):
            _insert(con, record, _sql_values(row), who)
        if record == "contacts":
            _charts_hold(con)  # in the transaction: a circle rolls the whole file back
        return Imported(len(rows), replaced)


def account_journal(db_path: str | Path, account: str, today: date) -> AccountJournal:
    """The brief's view of one account's journal on `today` (visits.journal_brief)."""
    return journal_brief.account_journal(
        records(db_path, "visits", account),
        records(db_path, "actions", account),
        records(db_path, "complaints", account),
        records(db_path, "feedback", account),
        today,
        settings(db_path).sla_days,
    )
