"""DDL generated from the data contract, so the schema and the import rules cannot drift apart."""

from __future__ import annotations

import duckdb

from kam_core.data.contract import SCHEMA_VERSION, TABLES, Column, Table

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


def table_ddl(table: Table, if_not_exists: bool = False) -> str:
    lines = [_column_ddl(c) for c in table.columns]
    if table.key and table.whole is None:
        lines.append(f"PRIMARY KEY ({', '.join(table.key)})")
    elif table.key:
        # A primary key refuses the empty `whole` column; the import checks the key instead.
        lines.append(f"UNIQUE ({', '.join(table.key)})")
    lines += [f"CHECK ({later} >= {earlier})" for earlier, later in table.ordered]
    body = ",\n    ".join(lines)
    create = "CREATE TABLE IF NOT EXISTS" if if_not_exists else "CREATE TABLE"
    return f"{create} {table.name} (\n    {body}\n)"


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


# Sales per account x SKU x Monday week, derived from `sales` by every writer (db.writing) and
# never imported: the weekly models (stock forecast, promotion baselines, seasonality) read it
# instead of every line, about 13x fewer rows on the 10M-line demo.
SALES_WEEKLY_DDL = """
CREATE TABLE IF NOT EXISTS sales_weekly (
    account_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, week DATE NOT NULL,
    quantity DOUBLE NOT NULL, revenue DOUBLE NOT NULL, cost DOUBLE,
    known_margin DOUBLE, revenue_with_cost DOUBLE,
    lines BIGINT NOT NULL, costed_lines BIGINT NOT NULL, first_date DATE NOT NULL
)
"""

_WEEKLY_COLUMNS = """
    account_id, sku, date_trunc('week', date)::date AS week, sum(quantity) AS quantity,
    sum(revenue) AS revenue, sum(cost) AS cost,
    -- margin and its revenue over the lines with a cost (NULL when none has one)
    sum(revenue - cost) AS known_margin,
    sum(revenue) FILTER (WHERE cost IS NOT NULL) AS revenue_with_cost,
    count(*) AS lines, count(cost) AS costed_lines, min(date) AS first_date
"""

# Ordered by week so that DuckDB's per-row-group min/max skip the weeks a query does not ask.
REFRESH_SALES_WEEKLY = (
    "DELETE FROM sales_weekly",
    f"INSERT INTO sales_weekly SELECT {_WEEKLY_COLUMNS} FROM sales GROUP BY ALL "  # noqa: S608
    "ORDER BY week, account_id, sku",
)

# The sales between dates lo and hi inclusive, one row per account x SKU x week, exactly as if
# grouped from `sales`: weeks wholly inside come from sales_weekly; the first week (when lo is
# not its Monday, or hi ends before its Sunday) and the last week (when hi is not its Sunday)
# are grouped from the lines of their days only.
SALES_WEEKS_MACRO = f"""
CREATE OR REPLACE MACRO sales_weeks(lo, hi) AS TABLE
    SELECT * FROM sales_weekly
    WHERE week >= lo AND week + 6 <= hi
    UNION ALL
    SELECT {_WEEKLY_COLUMNS} FROM sales
    WHERE date BETWEEN lo AND least(hi, date_trunc('week', lo)::date + 6)
      AND (date_trunc('week', lo)::date < lo OR hi < date_trunc('week', lo)::date + 6)
    GROUP BY ALL
    UNION ALL
    SELECT {_WEEKLY_COLUMNS} FROM sales
    WHERE date BETWEEN date_trunc('week', hi)::date AND hi
      AND date_trunc('week', hi)::date > date_trunc('week', lo)::date
      AND hi < date_trunc('week', hi)::date + 6
    GROUP BY ALL
"""  # noqa: S608 (built from this module's constants only)

# Sales per account x day, derived like sales_weekly: the monthly trend, the period totals and
# the brief's KPIs read it for any two dates exactly, about 67x fewer rows than the 10M-line
# demo's lines and 5x fewer than sales_weekly (which must also read the lines of partial weeks).
# order_ids: the day's distinct orders, so that orders over many days are counted once.
SALES_DAILY_DDL = """
CREATE TABLE IF NOT EXISTS sales_daily (
    account_id VARCHAR NOT NULL, date DATE NOT NULL, quantity DOUBLE NOT NULL,
    revenue DOUBLE NOT NULL, known_margin DOUBLE, revenue_with_cost DOUBLE, order_ids VARCHAR[]
)
"""
REFRESH_SALES_DAILY = (
    "DELETE FROM sales_daily",
    "INSERT INTO sales_daily SELECT account_id, date, sum(quantity), sum(revenue), "
    "sum(revenue - cost), sum(revenue) FILTER (WHERE cost IS NOT NULL), "
    "list(DISTINCT order_id) FILTER (WHERE order_id IS NOT NULL) FROM sales "
    "GROUP BY ALL ORDER BY date, account_id",
)

# Revenue per account x calendar month, derived from `sales` by every writer like sales_weekly:
# the targets' actuals and seasonality read it (a few thousand rows) instead of every line.
# last_date lets a query take a month whole when none of its lines fall after the as-of date.
SALES_MONTHLY_DDL = """
CREATE TABLE IF NOT EXISTS sales_monthly (
    account_id VARCHAR NOT NULL, month DATE NOT NULL, revenue DOUBLE NOT NULL,
    first_date DATE NOT NULL, last_date DATE NOT NULL
)
"""
REFRESH_SALES_MONTHLY = (
    "DELETE FROM sales_monthly",
    "INSERT INTO sales_monthly SELECT account_id, date_trunc('month', date)::date AS month, "
    "sum(revenue), min(date), max(date) FROM sales GROUP BY ALL ORDER BY month, account_id",
)

# The stored default stock plan's settings (kam_core.store.stored_plan keeps its rows in the
# plan_* tables it creates); empty when the file holds no plan.
PLAN_META_DDL = """
CREATE TABLE IF NOT EXISTS plan_meta (
    as_of DATE NOT NULL, peak_months INTEGER[] NOT NULL, detected_months INTEGER[] NOT NULL,
    months INTEGER[] NOT NULL, monthly_index DOUBLE[] NOT NULL, peak_start DATE NOT NULL,
    peak_end DATE NOT NULL, service_level DOUBLE NOT NULL
)
"""

DERIVED_DDL = (SALES_WEEKLY_DDL, SALES_WEEKS_MACRO, PLAN_META_DDL)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Turn an empty DuckDB file into a KAM Dashboard database of the current schema version."""
    tables = (table_ddl(t) for t in TABLES.values())
    for statement in (
        *META_DDL,
        *tables,
        FILTERED_ACCOUNTS_MACRO,
        *DERIVED_DDL,
        SALES_MONTHLY_DDL,
        SALES_DAILY_DDL,
    ):
        con.execute(statement)
    con.execute("insert into meta values ('schema_version', $v)", {"v": str(SCHEMA_VERSION)})
