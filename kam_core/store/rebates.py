"""Queries for rebate programmes: definitions, and each eligible account's basis per period."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from kam_core.accounts.windows import years_before
from kam_core.data.filters import Filters
from kam_core.incentives.payouts import payout_table, programs_from_frames
from kam_core.incentives.periods import period_containing
from kam_core.incentives.rebates import Program, ProgramError
from kam_core.store import frames, portfolio, query, targets
from kam_core.store.portfolio import sales_dates

PROGRAMS = "select program_id, name, basis, period, method from rebate_programs order by program_id"
TIERS = "select program_id, threshold, rate from rebate_tiers order by program_id, threshold"
ENROLMENTS = "select program_id, account_id from rebate_enrolments order by program_id, account_id"

# Per eligible account x programme of one period kind: the basis from $start to $as_of, over the
# same days last year ($ly_start..$ly_as_of, for growth accrued to date) and over all of last
# year's period ($ly_start..$ly_end, for growth projected). A programme with no enrolments is open
# to every account. Sales come from the weekly rows of three disjoint ranges (sales_weeks is
# exact for any range): this period to date, last year's to the same day, and the rest of it.
BASES = """
with eligible as (
    select p.program_id, p.basis, a.account_id, a.name
    from rebate_programs p
    cross join filtered_accounts($regions, $channels, $managers) a
    left join rebate_enrolments e on e.program_id = p.program_id and e.account_id = a.account_id
    where p.period = $kind and ($account is null or a.account_id = $account)
      and (e.account_id is not null
           or p.program_id not in (select program_id from rebate_enrolments))
),
parts as (
    select 'now' as part, w.* from sales_weeks($start, $as_of) w
    union all
    select 'ly_to_date', w.* from sales_weeks($ly_start, $ly_as_of) w
    union all
    select 'ly_rest', w.* from sales_weeks($ly_as_of + 1, $ly_end) w
),
-- One account (the brief): a constant filter DuckDB applies while it scans.
chosen as (
    select * from parts where $account is null or account_id = $account
),
account_sales as (
    select account_id,
           sum(revenue) filter (where part = 'now') as revenue,
           sum(quantity) filter (where part = 'now') as quantity,
           sum(revenue) filter (where part = 'ly_to_date') as ly_revenue_to_date,
           sum(quantity) filter (where part = 'ly_to_date') as ly_quantity_to_date,
           sum(revenue) filter (where part <> 'now') as ly_revenue,
           sum(quantity) filter (where part <> 'now') as ly_quantity
    from chosen
    where account_id in (select account_id from eligible)
    group by account_id
),
final as (
    select e.account_id, e.name, e.program_id,
           coalesce(case e.basis when 'revenue' then s.revenue else s.quantity end, 0) as basis,
           coalesce(s.revenue, 0) as revenue,
           coalesce(case e.basis when 'revenue' then s.ly_revenue_to_date
                                 else s.ly_quantity_to_date end, 0) as ly_to_date,
           coalesce(case e.basis when 'revenue' then s.ly_revenue else s.ly_quantity end, 0)
               as ly_basis
    from eligible e
    left join account_sales s using (account_id)
)
select * from final order by account_id, program_id
"""


def programs(con: duckdb.DuckDBPyConnection) -> dict[str, Program]:
    """Every rebate programme with its tiers, validated (ProgramError names a bad one)."""
    return programs_from_frames(query(con, PROGRAMS), query(con, TIERS))


def enrolments(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Which accounts each closed programme admits (open programmes have no rows)."""
    return query(con, ENROLMENTS)


def bases(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    as_of: date,
    filters: Filters | None = None,
    account: str | None = None,
) -> pd.DataFrame:
    """Basis, revenue and last year's basis per eligible account x programme of period `kind`
    (`account`: that account's rows only), with the share of the period's revenue that normally
    falls by `as_of` (share_elapsed: the seasonal run rate of the projections)."""
    period = period_containing(kind, as_of)
    last_year = period.last_year()
    params = {
        "kind": kind,
        "start": period.start,
        "as_of": min(as_of, period.end),
        "ly_start": last_year.start,
        "ly_as_of": years_before(min(as_of, period.end)),
        "ly_end": last_year.end,
        "account": account,
        **(filters.account_params() if filters else {}),
    }
    found = query(con, BASES, {"regions": None, "channels": None, "managers": None, **params})
    accounts = list(found["account_id"].unique())
    shares = targets.period_shares(con, params["as_of"], period.start, period.end, accounts)
    return found.assign(share_elapsed=found["account_id"].map(shares))


def payouts(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None = None,
    kind: str | None = None,
    filters: Filters | None = None,
    account: str | None = None,
) -> pd.DataFrame:
    """Payout table (kam_core.incentives.payouts) for each programme's period containing `as_of`.

    `as_of` None: the last sales date. `kind` 'year' or 'quarter' keeps programmes of that
    period only. `filters` restricts the accounts (its dates are not used: the period rules);
    `account` keeps that one. An account's payouts do not depend on the others', so the table a
    writer stored for the last sale serves every choice of accounts.
    """
    if as_of is None:
        dates = sales_dates(con)
        if dates is None:
            return payout_table(pd.DataFrame(), {}, date.today())
        as_of = dates[1]
    defined = programs(con)
    stored = frames.get_as_of(con, PAYOUTS_AS_OF, as_of, (PAYOUTS_STORED,))
    if stored is None:
        return _payouts(con, defined, as_of, kind, filters, account)
    table = stored[0]
    keep = pd.Series(True, index=table.index)
    if kind is not None:
        keep &= table["program_id"].isin([p for p, v in defined.items() if v.period == kind])
    kept = portfolio.kept_accounts(con, filters) if filters else None
    if kept is not None:
        keep &= table["account_id"].isin(kept)
    if account is not None:
        keep &= table["account_id"] == account
    return table[keep].reset_index(drop=True)


def _payouts(
    con: duckdb.DuckDBPyConnection,
    defined: dict[str, Program],
    as_of: date,
    kind: str | None,
    filters: Filters | None,
    account: str | None,
) -> pd.DataFrame:
    kinds = sorted({p.period for p in defined.values()} & ({kind} if kind else {"year", "quarter"}))
    found = [bases(con, k, as_of, filters, account) for k in kinds]
    return payout_table(
        pd.concat(found, ignore_index=True) if found else pd.DataFrame(), defined, as_of
    )


# Every writer stores every account's payouts as of the last sale (the pages' default as-of).
PAYOUTS_STORED = "rebate_payouts_stored"
PAYOUTS_AS_OF = "payouts_as_of"


def payout_tables(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame] | None:
    """Every account's payouts as of `as_of`, for the writers (store.derived); None when a
    programme is invalid: nothing is stored, and the payouts page names the bad programme."""
    try:
        return {PAYOUTS_STORED: _payouts(con, programs(con), as_of, None, None, None)}
    except ProgramError:
        return None


VIEW_COLUMNS = [
    "account_id",
    "program_id",
    "period",
    "basis",
    "tier_threshold",
    "tier_rate",
    "payout",
    "projected_basis",
    "projected_payout",
    "next_threshold",
    "gap_to_next_tier",
    "extra_payout_at_next_tier",
]


def payout_view(con: duckdb.DuckDBPyConnection, as_of: date | None = None) -> pd.DataFrame:
    """The `rebate_payouts` export view: every account x programme for the period of `as_of`.

    Amounts are rounded to cents (units to 2 decimals); thresholds and rates are as defined.
    """
    amounts = ["basis", "payout", "projected_basis", "projected_payout", "gap_to_next_tier",
               "extra_payout_at_next_tier"]  # fmt: skip
    return payouts(con, as_of)[VIEW_COLUMNS].round(dict.fromkeys(amounts, 2))
