"""The schema itself refuses rows that break the contract, whatever wrote them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from kam_core.data.contract import TABLES
from kam_core.store.schema import create_schema

# One valid row per table; each case below breaks exactly one rule of one column.
VALID: dict[str, dict[str, Any]] = {
    "accounts": {"account_id": "A1", "name": "Alpha"},
    "products": {
        "sku": "S1",
        "name": "Kettle",
        "unit_price": 10,
        "unit_cost": 6,
        "lead_time_days": 14,
        "case_pack": 6,
    },
    "sales": {
        "date": "2026-01-05",
        "account_id": "A1",
        "sku": "S1",
        "quantity": 2,
        "revenue": 20,
        "cost": 12,
    },
    "inventory": {
        "date": "2026-01-03",
        "account_id": "A1",
        "sku": "S1",
        "on_hand": 5,
        "in_transit": 1,
    },
    "supply": {"date": "2026-01-03", "sku": "S1", "available": 100},
    "promotions": {
        "promo_id": "P1",
        "account_id": "A1",
        "start_date": "2026-01-01",
        "end_date": "2026-01-31",
        "discount_pct": 0.1,
        "cost": 50,
    },
    "rebate_programs": {
        "program_id": "R1",
        "name": "Annual",
        "basis": "revenue",
        "period": "year",
        "method": "retroactive",
    },
    "rebate_tiers": {"program_id": "R1", "threshold": 1000, "rate": 0.02},
    "rebate_enrolments": {"program_id": "R1", "account_id": "A1"},
    # With a month: a whole-year row (month empty) is unique by the import's check, not the schema.
    "targets": {"account_id": "A1", "year": 2026, "revenue_target": 1000, "month": 3},
    "events": {"account_id": "A1", "date": "2026-02-01", "kind": "anniversary"},
    "visits": {"account_id": "A1", "date": "2026-02-01"},
    "deliveries": {
        "account_id": "A1",
        "sku": "S1",
        "promised_date": "2026-01-07",
        "quantity_ordered": 12,
        "delivered_date": "2026-01-08",
        "quantity_delivered": 10,
    },
    "service_costs": {"account_id": "A1", "date": "2026-01-31", "kind": "freight", "amount": 80},
}


def _cases() -> Iterator[Any]:
    for table in TABLES.values():
        for column in table.columns:
            if column.required:
                yield pytest.param(
                    table.name, {column.name: None}, id=f"{table.name}.{column.name} null"
                )
            if column.minimum is not None:
                yield pytest.param(
                    table.name,
                    {column.name: column.minimum - 1},
                    id=f"{table.name}.{column.name} below minimum",
                )
            if column.maximum is not None:
                yield pytest.param(
                    table.name,
                    # Half above a whole-number column's maximum would round back onto it.
                    {column.name: column.maximum + (1 if column.kind == "int" else 0.5)},
                    id=f"{table.name}.{column.name} above maximum",
                )
            if column.choices:
                yield pytest.param(
                    table.name,
                    {column.name: "other"},
                    id=f"{table.name}.{column.name} not a choice",
                )
        for earlier, later in table.ordered:
            yield pytest.param(
                table.name, {later: "2025-12-31"}, id=f"{table.name}.{later} before {earlier}"
            )


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    # The schema alone, without a writer's transaction: a refused row aborts a transaction.
    connection = duckdb.connect(str(tmp_path / "kam.duckdb"))
    create_schema(connection)
    yield connection
    connection.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    marks = ", ".join(f"${k}" for k in row)
    # Table and column names come from the contract; the values travel as parameters.
    con.execute(f"insert into {table} ({names}) values ({marks})", row)  # noqa: S608


def test_every_valid_row_is_accepted(con: duckdb.DuckDBPyConnection) -> None:
    for table, row in VALID.items():
        _insert(con, table, row)

    assert set(VALID) == set(TABLES)


@pytest.mark.parametrize(("table", "change"), list(_cases()))
def test_the_schema_refuses_a_row_that_breaks_a_rule(
    con: duckdb.DuckDBPyConnection, table: str, change: dict[str, Any]
) -> None:
    with pytest.raises(duckdb.ConstraintException):
        _insert(con, table, VALID[table] | change)


@pytest.mark.parametrize("table", [t.name for t in TABLES.values() if t.key])
def test_the_schema_refuses_a_second_row_with_the_same_key(
    con: duckdb.DuckDBPyConnection, table: str
) -> None:
    _insert(con, table, VALID[table])

    with pytest.raises(duckdb.ConstraintException):
        _insert(con, table, VALID[table])
