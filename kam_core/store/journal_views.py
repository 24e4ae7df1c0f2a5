"""The journal's export views, read beside the DuckDB file a connection has open.

The journal is live: its as-of date defaults to today, not to the last sale. Each view takes the
analytic connection (for tiers and managers) and finds the journal beside that connection's file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from kam_core.store import journal, trends
from kam_core.visits import journal as rules

# The file behind the connection's current database: the journal lives beside it.
_DATABASE_FILE = "select path from duckdb_databases() where database_name = current_database()"


def database_file(con: duckdb.DuckDBPyConnection) -> Path:
    """The DuckDB file `con` reads (a `connect` connection or one of its cursors)."""
    return Path(str(con.execute(_DATABASE_FILE).fetchall()[0][0]))


def _day(as_of: date | None) -> pd.Timestamp:
    return pd.Timestamp(as_of or date.today())


def visits_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `visits`: id and the visit's columns, visits on or before the as-of date."""
    visits = journal.records(database_file(con), "visits")
    return visits[visits["date"] <= _day(as_of)].reset_index(drop=True)


def actions_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `actions`: every agreed next step not deleted, whatever its due date."""
    return journal.records(database_file(con), "actions")


def complaints_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `complaints`: complaints opened on or before the as-of date."""
    complaints = journal.records(database_file(con), "complaints")
    return complaints[complaints["opened_date"] <= _day(as_of)].reset_index(drop=True)


def complaint_kpis_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `complaint_kpis`: account_id and the KPIs of the 12 months to the as-of date."""
    path = database_file(con)
    complaints = journal.records(path, "complaints")
    sla = journal.settings(path).sla_days
    return rules.complaint_kpis(complaints, _day(as_of).date(), sla)


def visit_coverage_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """Export view `visit_coverage`: last visit against the tier's cadence, per account."""
    path = database_file(con)
    tiers = trends.screening_view(con, as_of).rename(columns={"proposed_tier": "tier"})
    visits = journal.records(path, "visits")
    return rules.visit_coverage(tiers, visits, _day(as_of).date(), journal.settings(path))
