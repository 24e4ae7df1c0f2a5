"""The facts behind the data-quality check: row counts, date ranges, stock and broken references."""

from __future__ import annotations

import duckdb
import pandas as pd

from kam_core.data.contract import TABLES
from kam_core.data.quality import Facts
from kam_core.store import query
from kam_core.store.files import StoreError, first_line

EXAMPLES = 5  # example keys shown per finding


def _date_column(table: str) -> str | None:
    names = TABLES[table].column_names
    return next(
        (c for c in ("date", "start_date", "since", "launch_date", "promised_date") if c in names),
        None,
    )


def _table_facts_sql() -> str:
    # Generated from the contract's table and column names only, never from data.
    parts = []
    for name in TABLES:
        column = _date_column(name)
        dates = f"min({column}), max({column})" if column else "null::date, null::date"
        select = f"select '{name}' as \"table\", count(*) as rows, {dates} from {name}"  # noqa: S608
        parts.append(select)
    return " union all ".join(parts)


def _orphans_sql() -> str:
    parts = []
    for table in TABLES.values():
        for column in table.columns:
            if column.references:
                key = TABLES[column.references].key[0]
                parts.append(
                    f"select '{table.name}' as \"table\", '{column.name}' as \"column\", "  # noqa: S608
                    f"'{column.references}' as refers_to, count(*) as rows, "
                    f"min({column.name}) as example from {table.name} "
                    f"where {column.name} not in (select {key} from {column.references})"
                )
    return " union all ".join(parts)


TABLE_FACTS = _table_facts_sql()
ORPHANS = _orphans_sql()
INVENTORY_DATES = "select distinct date from inventory order by date"
NEGATIVE_STOCK = """
select count(*) as rows, list(distinct account_id || ' / ' || sku)[1:5] as examples
from inventory where on_hand < 0
"""
WITHOUT_INVENTORY = """
with sold as (select distinct account_id from sales),
     counted as (select distinct account_id from inventory),
     final as (select account_id from sold anti join counted using (account_id))
select count(*) as accounts, list(account_id order by account_id)[1:5] as examples from final
"""


SALES_TOTALS = "select count(*), coalesce(sum(quantity), 0), coalesce(sum(revenue), 0) from sales"
WEEKLY_TOTALS = """
select coalesce(sum(lines), 0), coalesce(sum(quantity), 0), coalesce(sum(revenue), 0)
from sales_weekly
"""
TABLE_NAMES = "select table_name from duckdb_tables() where database_name = current_database()"


def _totals(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[int, float, float]:
    lines, quantity, revenue = con.execute(sql).fetchall()[0]
    return int(lines), float(quantity), float(revenue)


def read_fully(con: duckdb.DuckDBPyConnection) -> int:
    """Read every block of every table (so a damaged one is found); StoreError names the table.

    Returns the number of tables read. Counting rows would read the file's metadata only.
    """
    names = [row[0] for row in con.execute(TABLE_NAMES).fetchall()]
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'  # a name from the file: quoted, never spliced
        try:
            con.execute(f"select sum(hash(t)) from {quoted} t").fetchall()  # noqa: S608
        except duckdb.Error as exc:
            raise StoreError(
                f"table {name} cannot be read ({first_line(exc)}): the file is damaged; "
                "restore it from a backup or rebuild it"
            ) from exc
    return len(names)


def _dates(values: pd.Series) -> pd.Series:
    return pd.Series([None if pd.isna(v) else pd.Timestamp(v).date() for v in values], dtype=object)


def table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per contract table, so an empty page can say which table it lacks."""
    tables = query(con, TABLE_FACTS)
    return dict(zip(tables.iloc[:, 0], tables.iloc[:, 1].astype(int), strict=True))


def facts(con: duckdb.DuckDBPyConnection) -> Facts:
    """Everything the quality report needs, aggregated in the database."""
    tables = query(con, TABLE_FACTS)
    tables.columns = ["table", "rows", "first_date", "last_date"]
    negative = query(con, NEGATIVE_STOCK).iloc[0]
    without = query(con, WITHOUT_INVENTORY).iloc[0]
    orphans = query(con, ORPHANS)
    return Facts(
        tables=tables.assign(
            first_date=_dates(tables.first_date), last_date=_dates(tables.last_date)
        ),
        inventory_dates=tuple(pd.to_datetime(query(con, INVENTORY_DATES)["date"]).dt.date),
        negative_stock=int(negative.rows),
        negative_examples=tuple(negative.examples if negative.rows else ()),
        without_inventory=int(without.accounts),
        without_examples=tuple(without.examples if without.accounts else ()),
        orphans=orphans[orphans.rows > 0].reset_index(drop=True),
        sales_totals=_totals(con, SALES_TOTALS),
        weekly_totals=_totals(con, WEEKLY_TOTALS),
    )
