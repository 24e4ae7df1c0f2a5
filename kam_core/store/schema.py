"""DDL generated from the data contract, so the schema and the import rules cannot drift apart."""

from __future__ import annotations

import duckdb

from kam_core.contract import SCHEMA_VERSION, TABLES, Column, Table

SQL_TYPES = {
    "text": "VARCHAR",
    "date": "DATE",
    "int": "INTEGER",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
}


def _column_ddl(column: Column) -> str:
    # Names and bounds come from the contract in code, never from user data.
    parts = [column.name, SQL_TYPES[column.kind]]
    if column.required:
        parts.append("NOT NULL")
    if column.minimum is not None:
        parts.append(f"CHECK ({column.name} >= {column.minimum})")
    if column.maximum is not None:
        parts.append(f"CHECK ({column.name} <= {column.maximum})")
    if column.choices:
        accepted = ", ".join(f"'{c}'" for c in column.choices)
        parts.append(f"CHECK ({column.name} IN ({accepted}))")
    return " ".join(parts)


def table_ddl(table: Table) -> str:
    lines = [_column_ddl(c) for c in table.columns]
    if table.key:
        lines.append(f"PRIMARY KEY ({', '.join(table.key)})")
    lines += [f"CHECK ({later} >= {earlier})" for earlier, later in table.ordered]
    body = ",\n    ".join(lines)
    return f"CREATE TABLE {table.name} (\n    {body}\n)"


META_DDL = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE imports (
        imported_at TIMESTAMP NOT NULL, table_name VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL, rows BIGINT NOT NULL, replaced BOOLEAN NOT NULL)""",
)


# The accounts kept by the shared filters (a NULL list keeps all): every query that honours
# the sidebar joins `filtered_accounts($regions, $channels, $managers)`.
FILTERED_ACCOUNTS_MACRO = """
CREATE MACRO filtered_accounts(regions, channels, managers) AS TABLE
    SELECT * FROM accounts a
    WHERE (regions IS NULL OR list_contains(regions, a.region))
      AND (channels IS NULL OR list_contains(channels, a.channel))
      AND (managers IS NULL OR list_contains(managers, a.manager))
"""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Turn an empty DuckDB file into a KAM Dashboard database of the current schema version."""
    for statement in (*META_DDL, *(table_ddl(t) for t in TABLES.values()), FILTERED_ACCOUNTS_MACRO):
        con.execute(statement)
    con.execute("insert into meta values ('schema_version', $v)", {"v": str(SCHEMA_VERSION)})
