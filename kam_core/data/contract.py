"""The data contract: every table, its columns, their types and the rules an import must meet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# 2: the derived sales_weekly table (kam_core.store.schema); 3: the seasonal index stored with
# the promotions measured, the planned promotions' stock-out flags with the stock plan; 4: the
# promotions measured on their own days, with `measurable` and the chunks of days behind them;
# 5: the deliveries and service_costs tables (the service to key accounts); 6: the targets table
# (the annual plan per account) and the derived sales_monthly; 7: the derived sales_daily
SCHEMA_VERSION = 7

# What an import does with rows that share a key but differ elsewhere: refuse the file, or keep
# the first row of each key.
ON_DUPLICATE_KEY = ("error", "first")


# Export names that mean the same contract column in every table that has it.
COMMON_ALIASES = (("customer_id", "account_id"), ("product_id", "sku"))

# Bounds every import is checked against before anything is written (docs/importing-safety.md).
WHOLE_NUMBERS = (-(2**31), 2**31 - 1)  # an 'int' column is a DuckDB INTEGER
NUMBER_CEILING = 1e15  # |a number| must stay below: no real amount or quantity comes near it
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)  # the horizon: plans (promotions, supply) reach years, not ages
HAPPENED_GRACE = timedelta(days=1)  # a date of something done may be today's date elsewhere


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # 'text' | 'date' | 'int' | 'float' | 'bool'
    required: bool = False  # must be present in an import file and non-empty on every row
    minimum: float | None = None  # inclusive lower bound, e.g. 0 for amounts
    maximum: float | None = None  # inclusive upper bound, e.g. 1 for rates
    choices: tuple[str, ...] = ()  # accepted values, when the set is closed
    references: str | None = None  # table whose key this column must name


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # primary key; empty when rows have no identity (sales)
    ordered: tuple[tuple[str, str], ...] = ()  # (earlier, later) date pairs: later >= earlier
    aliases: tuple[tuple[str, str], ...] = ()  # (source name, contract name) common in exports
    # A key column left empty on a row that covers all its values (targets: month empty is the
    # whole year). Rows sharing the rest of the key are either one such row or rows naming
    # values, never both.
    whole: str | None = None
    # Date columns of things that have happened (a sale): never after today + HAPPENED_GRACE.
    happened: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def all_aliases(self) -> tuple[tuple[str, str], ...]:
        """This table's own aliases and the common ones for the columns it has."""
        common = tuple((a, c) for a, c in COMMON_ALIASES if c in self.column_names)
        return common + self.aliases

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _text(name: str, required: bool = False, references: str | None = None) -> Column:
    return Column(name, "text", required=required, references=references)


def _amount(name: str, required: bool = False) -> Column:
    return Column(name, "float", required=required, minimum=0)


def _rate(name: str, required: bool = False) -> Column:
    return Column(name, "float", required=required, minimum=0, maximum=1)


def _date(name: str, required: bool = False) -> Column:
    return Column(name, "date", required=required)


ACCOUNT = _text("account_id", required=True, references="accounts")
SKU = _text("sku", required=True, references="products")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "accounts",
            (
                _text("account_id", required=True),
                _text("name", required=True),
                _text("region"),
                _text("channel"),
                _text("manager"),
                _text("credit_rating"),
                _date("since"),
                _date("anniversary"),
            ),
            key=("account_id",),
            aliases=(
                ("customer_name", "name"),
                ("segment", "channel"),
                ("sales_rep", "manager"),
            ),
        ),
        Table(
            "products",
            (
                _text("sku", required=True),
                _text("name", required=True),
                _text("category"),
                _amount("unit_price"),
                _amount("unit_cost"),
                _date("launch_date"),
                Column("lead_time_days", "int", minimum=0),
                Column("case_pack", "int", minimum=1),
            ),
            key=("sku",),
            aliases=(("product_name", "name"),),
        ),
        Table(
            "sales",
            (
                _date("date", required=True),
                ACCOUNT,
                SKU,
                _amount("quantity", required=True),
                _amount("revenue", required=True),
                _amount("cost"),
                _text("order_id"),
                _text("promo_id"),
            ),
            aliases=(
                ("order_date", "date"),
                ("sales", "revenue"),
                ("qty", "quantity"),
            ),
            happened=("date",),
        ),
        Table(
            "inventory",
            (
                _date("date", required=True),
                ACCOUNT,
                SKU,
                # On-hand may be negative in source systems (booking errors); `check` reports it.
                Column("on_hand", "float", required=True),
                _amount("in_transit"),
            ),
            key=("date", "account_id", "sku"),
        ),
        Table(
            "supply",
            (
                _date("date", required=True),
                _text("sku", required=True, references="products"),
                _amount("available", required=True),
            ),
            key=("date", "sku"),
        ),
        Table(
            "promotions",
            (
                _text("promo_id", required=True),
                ACCOUNT,
                _text("sku", references="products"),  # empty: the promotion covers every SKU
                _date("start_date", required=True),
                _date("end_date", required=True),
                _rate("discount_pct"),
                _amount("cost"),
                _text("kind"),
            ),
            key=("promo_id",),
            ordered=(("start_date", "end_date"),),
        ),
        Table(
            "rebate_programs",
            (
                _text("program_id", required=True),
                _text("name", required=True),
                Column("basis", "text", required=True, choices=("revenue", "quantity")),
                Column("period", "text", required=True, choices=("year", "quarter")),
                Column(
                    "method",
                    "text",
                    required=True,
                    choices=("retroactive", "incremental", "growth"),
                ),
            ),
            key=("program_id",),
        ),
        Table(
            "rebate_tiers",
            (
                _text("program_id", required=True, references="rebate_programs"),
                _amount("threshold", required=True),
                _rate("rate", required=True),
            ),
            key=("program_id", "threshold"),
        ),
        Table(
            "rebate_enrolments",
            (_text("program_id", required=True, references="rebate_programs"), ACCOUNT),
            key=("program_id", "account_id"),
        ),
        Table(
            "targets",
            (
                ACCOUNT,
                Column("year", "int", required=True, minimum=1900, maximum=2999),
                _amount("revenue_target", required=True),
                Column("month", "int", minimum=1, maximum=12),  # empty: the whole year
                _amount("quantity_target"),
            ),
            key=("account_id", "year", "month"),
            aliases=(("customer_id", "account_id"), ("target", "revenue_target")),
            whole="month",
        ),
        Table(
            "events",
            (ACCOUNT, _date("date", required=True), _text("kind", required=True), _text("note")),
        ),
        Table(
            "visits",
            (ACCOUNT, _date("date", required=True), _text("visitor"), _text("note")),
        ),
        # One order line's delivery; a line not delivered yet has no delivered_date (see
        # docs/methods-service.md for how such a line counts).
        Table(
            "deliveries",
            (
                ACCOUNT,
                SKU,
                _date("promised_date", required=True),
                _amount("quantity_ordered", required=True),
                _text("order_id"),
                _date("delivered_date"),
                _amount("quantity_delivered"),
            ),
            aliases=(
                ("promise_date", "promised_date"),
                ("required_date", "promised_date"),
                ("shipped_date", "delivered_date"),
                ("quantity", "quantity_ordered"),
            ),
        ),
        Table(
            "service_costs",
            (
                ACCOUNT,
                _date("date", required=True),
                _text("kind", required=True),  # freight, merchandising, samples, visits, other
                _amount("amount", required=True),
            ),
        ),
    )
}

# Tables in an order where every referenced table comes before the tables that reference it.
LOAD_ORDER: tuple[str, ...] = tuple(TABLES)
