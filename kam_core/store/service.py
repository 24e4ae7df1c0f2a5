"""Queries for the service to key accounts: judged delivery lines counted per account, month,
week and SKU, and each account's revenue, margin and costs for the cost to serve.

Deliveries: a line belongs to the window of its promised date and is judged as of `as_of`; it
counts once delivered (on or before `as_of`) or once its promised day has passed. Rules in
kam_core.service; definitions in docs/methods-service.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from kam_core.accounts.windows import years_before
from kam_core.data.filters import Filters
from kam_core.incentives.periods import periods_between
from kam_core.incentives.rebates import ProgramError
from kam_core.service import cost_to_serve as cts
from kam_core.service import delivery
from kam_core.service.kpis import ServiceKpis
from kam_core.service.kpis import key_account_service as service_kpis
from kam_core.store import frames, portfolio, query
from kam_core.store import rebates as rebate_store

# Every line promised from $first to $last of the filtered accounts, judged as of $as_of. A
# delivery dated after $as_of has not happened yet as of it; without quantity_delivered a
# delivered line is taken as delivered in full.
_JUDGED = """
with lines as (
    select d.account_id, d.sku, d.promised_date, d.quantity_ordered as ordered,
           coalesce(d.delivered_date <= $as_of, false) as arrived, d.delivered_date,
           d.quantity_delivered
    from deliveries d
    join filtered_accounts($regions, $channels, $managers) a using (account_id)
    where d.promised_date between $first and $last
      and (d.promised_date < $as_of or d.delivered_date <= $as_of)
      and ($account is null or d.account_id = $account)
),
judged as (
    select account_id, sku, promised_date, ordered, delivered_date,
           date_trunc('month', promised_date)::date as month,
           date_trunc('week', promised_date)::date as week,
           case when arrived then coalesce(quantity_delivered, ordered) else 0 end as delivered,
           arrived,
           arrived and delivered_date <= promised_date as on_time,
           -- an undelivered line is late by the days since its promise, so far
           datediff('day', promised_date, case when arrived then delivered_date else $as_of end)
               as days_after
    from lines
)
"""
_COUNTS = """
count(*) as lines, count_if(on_time) as on_time, count_if(delivered >= ordered) as in_full,
count_if(on_time and delivered >= ordered) as otif, sum(ordered) as ordered,
sum(delivered) as delivered, count_if(not on_time) as late,
coalesce(sum(days_after) filter (where not on_time), 0) as days_late
"""
# Built from this module's constants only.
ACCOUNT_MONTHS = (
    f"{_JUDGED} select account_id, month, {_COUNTS} from judged group by all order by all"  # noqa: S608, E501
)
# One scan for the service page: per account, month and week (a week across two months is two
# rows), whether the line falls in the last twelve months (promised on or after $recent).
HISTORY = f"""{_JUDGED}
select account_id, month, week, promised_date >= $recent as recent, {_COUNTS}
from judged group by all order by all
"""  # noqa: S608
SKUS = f"{_JUDGED} select sku, {_COUNTS} from judged group by all order by all"  # noqa: S608
# The late lines (an undelivered one has no delivered_date), the latest promise first.
LATE_LINES = f"""{_JUDGED}
select j.promised_date, j.sku, p.name as product, j.ordered, j.delivered,
       case when j.arrived then j.delivered_date end as delivered_date, j.days_after as days_late
from judged j left join products p using (sku)
where not j.on_time
order by j.promised_date desc, j.sku
"""  # noqa: S608


def window(as_of: date, years_back: int = 0) -> tuple[date, date]:
    """(first, last) day of the twelve months to `as_of`, `years_back` years earlier."""
    last = years_before(as_of, years_back) if years_back else as_of
    return years_before(last) + timedelta(days=1), last


def _params(
    filters: Filters | None, first: date, last: date, as_of: date, account: str | None = None
) -> dict[str, Any]:
    accounts = filters.account_params() if filters else {}
    return {"regions": None, "channels": None, "managers": None, **accounts} | {
        "first": first,
        "last": last,
        "as_of": as_of,
        "account": account,
    }


def delivery_counts(
    con: duckdb.DuckDBPyConnection, filters: Filters, first: date, by: str = "account_month"
) -> pd.DataFrame:
    """kam_core.service.delivery.COUNTS of the lines promised from `first` to filters.end,
    judged as of filters.end, per account and month ('account_month') or per 'sku'."""
    sql = {"account_month": ACCOUNT_MONTHS, "sku": SKUS}[by]
    return query(con, sql, _params(filters, first, filters.end, filters.end))


def delivery_history(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """COUNTS per account_id, month and week over the 24 months to filters.end, judged as of
    it; `recent` marks the rows of the last twelve months (the window)."""
    params = _params(filters, window(filters.end, 1)[0], filters.end, filters.end)
    return query(con, HISTORY, params | {"recent": window(filters.end)[0]})


LAST_DAY = """
select coalesce((select max(date) from sales), (select max(promised_date) from deliveries)) as d
"""


def delivery_performance(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The `delivery_performance` export view: per account over the twelve months to `as_of`
    (None: the last sale, else the last promised date), lines and delivery rates as fractions."""
    if as_of is None:
        last = query(con, LAST_DAY)["d"][0]
        if pd.isna(last):
            return pd.DataFrame(columns=["account_id", "lines", *delivery.RATES])
        as_of = pd.Timestamp(last).date()
    first, _ = window(as_of)
    counts = delivery_counts(con, Filters(first, as_of), first)
    table = delivery.rates(counts, ["account_id"])
    return table.round(dict.fromkeys(delivery.RATES, 4))


# Per filtered account: revenue and margin (over the lines with a cost) from $first to $last and
# $first_ly to $last_ly, the discount given on the lines sold under a promotion of the account
# (covering the line's SKU, or every SKU) and the fixed cost of the promotions starting in each
# window, and the service costs dated in each.
COST_INPUTS = """
with accounts as (
    select account_id from filtered_accounts($regions, $channels, $managers)
),
sold as (
    select account_id, sum(revenue) as revenue, sum(known_margin) as gross_margin, 0 as ly
    from sales_weeks($first, $last) group by account_id
    union all
    select account_id, sum(revenue), sum(known_margin), 1
    from sales_weeks($first_ly, $last_ly) group by account_id
),
promoted as (
    select p.account_id, s.date, s.revenue, p.discount_pct
    from promotions p
    join sales s on s.account_id = p.account_id and s.sku = p.sku
     and s.date between p.start_date and p.end_date
    where s.date between $first_ly and $last
    union all
    select p.account_id, s.date, s.revenue, p.discount_pct
    from promotions p
    join sales s on s.account_id = p.account_id and s.date between p.start_date and p.end_date
    where p.sku is null and s.date between $first_ly and $last
),
-- paid = list price x (1 - discount), so the discount given is paid x d / (1 - d)
discounts as (
    select account_id, sum(revenue * discount_pct / (1 - discount_pct)) as amount,
           (date < $first)::int as ly
    from promoted
    where discount_pct > 0 and discount_pct < 1
    group by all
),
fixed as (
    select account_id, sum(cost) as amount, (start_date < $first)::int as ly
    from promotions where start_date between $first_ly and $last
    group by all
),
served as (
    select account_id, sum(amount) as amount, (date < $first)::int as ly
    from service_costs where date between $first_ly and $last
    group by all
),
costs as (
    select account_id, ly, amount as promotion_costs, 0 as service_costs from discounts
    union all
    select account_id, ly, amount, 0 from fixed
    union all
    select account_id, ly, 0, amount from served
),
final as (
    select a.account_id,
           coalesce(sum(s.revenue) filter (where s.ly = 0), 0) as revenue,
           coalesce(sum(s.gross_margin) filter (where s.ly = 0), 0) as gross_margin,
           coalesce(sum(s.revenue) filter (where s.ly = 1), 0) as revenue_ly,
           coalesce(sum(s.gross_margin) filter (where s.ly = 1), 0) as gross_margin_ly
    from accounts a
    left join sold s using (account_id)
    group by a.account_id
),
spent as (
    select account_id,
           coalesce(sum(promotion_costs) filter (where ly = 0), 0) as promotion_costs,
           coalesce(sum(service_costs) filter (where ly = 0), 0) as service_costs,
           coalesce(sum(promotion_costs) filter (where ly = 1), 0) as promotion_costs_ly,
           coalesce(sum(service_costs) filter (where ly = 1), 0) as service_costs_ly
    from costs group by account_id
)
select f.*,
       coalesce(p.promotion_costs, 0) as promotion_costs,
       coalesce(p.service_costs, 0) as service_costs,
       coalesce(p.promotion_costs_ly, 0) as promotion_costs_ly,
       coalesce(p.service_costs_ly, 0) as service_costs_ly
from final f
left join spent p using (account_id)
order by f.account_id
"""


def rebates_earned(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.Series:
    """Rebates earned per account from `first` to `last`: every programme period overlapping the
    window accrued to its end (or `last`), in the share of its days inside the window."""
    kinds = {p.period for p in rebate_store.programs(con).values()}
    parts = []
    for kind in sorted(kinds):
        for period in periods_between(kind, first, last):
            accrued_to = min(period.end, last)
            owed = rebate_store.payouts(con, accrued_to, kind)
            parts.append(
                owed[["account_id", "payout"]].assign(start=period.start, accrued_to=accrued_to)
            )
    accruals = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return cts.rebates_in_window(accruals, first, last)


def _cost_inputs(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.DataFrame:
    (first, last), (first_ly, last_ly) = window(as_of), window(as_of, 1)
    params = _params(None, first, last, as_of) | {"first_ly": first_ly, "last_ly": last_ly}
    inputs = query(con, COST_INPUTS, params)
    earned = {
        "rebates": rebates_earned(con, first, last),
        "rebates_ly": rebates_earned(con, first_ly, last_ly),
    }
    for column, rebates in earned.items():
        inputs[column] = inputs["account_id"].map(rebates).fillna(0.0).astype(float)
    return inputs


def cost_inputs(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per account the filters keep: cost_to_serve.INPUTS over the twelve months to filters.end
    and, suffixed _ly, the twelve months before. An account's inputs do not depend on the
    others', so the table a writer stored as of the last sale serves every choice of accounts.
    ProgramError (kam_core.incentives.rebates) when a rebate programme is invalid."""
    stored = frames.get_as_of(con, COSTS_AS_OF, filters.end, (COSTS_STORED,))
    inputs = _cost_inputs(con, filters.end) if stored is None else stored[0]
    kept = portfolio.kept_accounts(con, filters)
    if kept is not None:
        inputs = inputs[inputs["account_id"].isin(kept)].reset_index(drop=True)
    return inputs


# Every writer stores every account's inputs as of the last sale (the pages' default as-of).
COSTS_STORED = "cost_to_serve_stored"
COSTS_AS_OF = "cost_to_serve_as_of"


def cost_tables(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame] | None:
    """Every account's cost inputs as of `as_of`, for the writers (store.derived); None when a
    rebate programme is invalid (the page then says which)."""
    try:
        return {COSTS_STORED: _cost_inputs(con, as_of)}
    except ProgramError:
        return None


def cost_to_serve_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The `cost_to_serve` export view: per account over the twelve months to `as_of` (None:
    the last sale); money rounded to cents, shares and rates to 4 decimals (fractions)."""
    if as_of is None:
        dates = portfolio.sales_dates(con)
        if dates is None:
            return pd.DataFrame(columns=cts.VIEW_COLUMNS)
        as_of = dates[1]
    table = cts.cost_to_serve(cost_inputs(con, Filters(as_of, as_of)))[cts.VIEW_COLUMNS]
    money = ["revenue", "gross_margin", *cts.COSTS, "cost_to_serve", "net_contribution"]
    rates = ["cost_to_serve_share", "cost_to_serve_share_ly", "cost_saving_rate"]
    return table.round(dict.fromkeys(money, 2) | dict.fromkeys(rates, 4))


def key_account_service(
    con: duckdb.DuckDBPyConnection, filters: Filters, key_accounts: tuple[str, ...]
) -> ServiceKpis:
    """OTIF and the cost saving rate of `key_accounts` over the twelve months to filters.end
    (the saving rate unknown when a rebate programme is invalid)."""
    counts = delivery_counts(con, filters, window(filters.end)[0])
    try:
        inputs: pd.DataFrame | None = cost_inputs(con, filters)
    except ProgramError:
        inputs = None
    return service_kpis(counts, inputs, key_accounts)


def account_service(
    con: duckdb.DuckDBPyConnection, account: str, as_of: date
) -> tuple[pd.Series, pd.DataFrame, pd.Series | None]:
    """One account over the twelve months to `as_of`: its delivery rates (delivery.rates),
    its late lines (LATE_LINES) and its cost_to_serve row (None: no such account's inputs, or
    an invalid rebate programme)."""
    first, _ = window(as_of)
    params = _params(None, first, as_of, as_of, account)
    rates = delivery.rates(query(con, ACCOUNT_MONTHS, params)).iloc[0]
    try:
        inputs = cost_inputs(con, Filters(as_of, as_of))
    except ProgramError:
        return rates, query(con, LATE_LINES, params), None
    costs = cts.cost_to_serve(inputs[inputs["account_id"] == account])
    return rates, query(con, LATE_LINES, params), None if costs.empty else costs.iloc[0]
