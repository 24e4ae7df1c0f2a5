"""Targets: the aggregates behind attainment, the export view, the rebates' seasonal shares.

Every writer stores the plan as of the last sale (the pages' default as-of date): each targeted
account's attainment row and its months (profile, phased target, actual). An account's figures
do not depend on the others' (the fallback profile is the whole company's), so the sidebar
filters pick rows; another as-of date is computed from the aggregates.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from kam_core.accounts import targets as rules
from kam_core.data.filters import Filters
from kam_core.store import frames, portfolio, query

EVERYONE: dict[str, list[str] | None] = {"regions": None, "channels": None, "managers": None}

TARGETED = """
select t.account_id from targets t
join filtered_accounts($regions, $channels, $managers) a using (account_id)
where t.year = $year and ($account is null or t.account_id = $account)
"""

# The as-of year's target rows, each with its account's first sale.
TARGETS = """
select t.account_id, t.month, t.revenue_target, s.first_sale, a.name, a.region, a.channel,
       a.manager
from targets t
join filtered_accounts($regions, $channels, $managers) a using (account_id)
left join (select account_id, min(first_date) as first_sale from sales_monthly group by all) s
    using (account_id)
where t.year = $year and ($account is null or t.account_id = $account)
order by t.account_id, t.month
"""
LABELS = ["account_id", "name", "region", "channel", "manager"]

# Revenue per targeted account and month, in the reference year and the year to date. A month
# is read whole from sales_monthly unless it has lines after the as-of date: then (the as-of
# month only) its lines up to the as-of date are summed.
MONTHLY = f"""
with targeted as ({TARGETED}),
whole as (
    select account_id, month, revenue from sales_monthly
    where account_id in (select account_id from targeted)
      and (month between $ref_start and $ref_end
           or (month between $start and $end and last_date <= $end))
),
cut as (
    select account_id, date_trunc('month', date)::date as month, sum(revenue) as revenue
    from sales
    where date between date_trunc('month', $end::date) and $end
      and account_id in (select account_id from sales_monthly
                         where month = date_trunc('month', $end::date) and last_date > $end
                           and account_id in (select account_id from targeted))
    group by all
)
select account_id, year(month) as year, month(month) as month, revenue
from (select * from whole union all select * from cut)
"""  # noqa: S608 (module constants only)

# The whole company's revenue per month of the reference year, and its first sale.
COMPANY = """
select month(month) as month,
       coalesce(sum(revenue) filter (where month between $ref_start and $ref_end), 0) as revenue,
       min(min(first_date)) over () as first_sale
from sales_monthly group by all
"""

# For the rebate projections: the reference year's months and first sale of given accounts.
REFERENCE = """
select account_id, month(month) as month, sum(revenue) as revenue
from sales_monthly
where month between $ref_start and $ref_end and list_contains($accounts, account_id)
group by all
"""
FIRST_SALES = """
select account_id, min(first_date) as first_sale from sales_monthly
where list_contains($accounts, account_id) group by all
"""


def _params(
    as_of: date, accounts: dict[str, list[str] | None], account: str | None
) -> dict[str, object]:
    start, end = rules.year_to_date(as_of)
    ref = rules.reference_year(as_of)
    return {
        "year": as_of.year,
        "start": start,
        "end": end,
        "ref_start": date(ref, 1, 1),
        "ref_end": date(ref, 12, 31),
        "account": account,
        **accounts,
    }


def _first(value: object) -> date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def plan(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    accounts: dict[str, list[str] | None] = EVERYONE,
    account: str | None = None,
) -> rules.PlanData:
    """What attainment is computed from, for the accounts the filter keeps (`account_params`),
    or for one `account`."""
    params = _params(as_of, accounts, account)
    monthly = query(con, MONTHLY, params)
    this_year = monthly["year"] == as_of.year
    targets = query(con, TARGETS, params)
    first = targets.drop_duplicates("account_id")
    company = query(con, COMPANY, params)
    return rules.PlanData(
        targets=targets[["account_id", "month", "revenue_target", *LABELS[1:]]],
        actual=monthly[this_year].drop(columns="year"),
        reference=monthly[~this_year].drop(columns="year"),
        first_sales=pd.Series(
            [_first(v) for v in first["first_sale"]], index=first["account_id"], dtype=object
        ),
        company=company.set_index("month")["revenue"],
        company_first_sale=_first(company["first_sale"].min()) if len(company) else None,
    )


def _labelled(table: pd.DataFrame, data: rules.PlanData) -> pd.DataFrame:
    """The table with each account's name, region, channel and manager."""
    labels = data.targets[LABELS].drop_duplicates("account_id")
    return table.merge(labels, on="account_id", how="left")


PLAN_AS_OF = "targets_plan_as_of"
ATTAINMENT_STORED = "attainment_stored"
MONTHS_STORED = "plan_months_stored"
PHASING = ("profile", "phased", "actual")  # rules.Phasing's frames, a column each


def plan_tables(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame] | None:
    """Every targeted account's labelled attainment and months as of `as_of`, for the writers
    (store.derived); None when no account has a target in that year."""
    data = plan(con, as_of)
    shared = rules.phasing(data, as_of)
    if shared.profiles.empty:
        return None
    accounts = shared.profiles.index
    grids = (shared.profiles, shared.phased, shared.actual)
    by_month = pd.DataFrame(
        {
            "account_id": np.repeat(accounts.to_numpy(), len(rules.MONTHS)),
            "month": np.tile(rules.MONTHS, len(accounts)),
            **{name: grid.to_numpy().ravel() for name, grid in zip(PHASING, grids, strict=True)},
        }
    )
    return {
        ATTAINMENT_STORED: _labelled(rules.attainment_table(data, as_of, shared), data),
        MONTHS_STORED: by_month,
    }


def _stored(
    con: duckdb.DuckDBPyConnection, f: Filters, tables: tuple[str, ...]
) -> list[pd.DataFrame] | None:
    """The stored plan's `tables`, rows of the accounts `f` keeps, if stored as of f.end."""
    stored = frames.get_as_of(con, PLAN_AS_OF, f.end, tables)
    kept = None if stored is None else portfolio.kept_accounts(con, f)
    if stored is None or kept is None:
        return stored
    return [rows[rows["account_id"].isin(kept)].reset_index(drop=True) for rows in stored]


def _phasing(by_month: pd.DataFrame) -> rules.Phasing:
    """rules.Phasing again from the stored months (MONTHS_STORED)."""
    by_month = by_month.sort_values(["account_id", "month"])
    accounts = pd.Index(by_month["account_id"].unique(), name="account_id")

    def grid(column: str) -> pd.DataFrame:
        values = by_month[column].to_numpy(dtype=float).reshape(len(accounts), len(rules.MONTHS))
        return pd.DataFrame(values, index=accounts, columns=rules.MONTHS)

    return rules.Phasing(*(grid(name) for name in PHASING))


def attainment(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The attainment table as of the period's end, with each account's name, region, channel
    and manager, for the accounts the filters keep."""
    stored = _stored(con, f, (ATTAINMENT_STORED,))
    if stored is not None:
        return stored[0]
    data = plan(con, f.end, f.account_params())
    return _labelled(rules.attainment_table(data, f.end), data)


def progress(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(attainment as `attainment` gives it, the cumulative plan curve) from one read."""
    stored = _stored(con, f, (ATTAINMENT_STORED, MONTHS_STORED))
    if stored is not None:
        table, by_month = stored
        return table, rules.phased_curve(_phasing(by_month), f.end)
    data = plan(con, f.end, f.account_params())
    shared = rules.phasing(data, f.end)
    table = _labelled(rules.attainment_table(data, f.end, shared), data)
    return table, rules.cumulative(data, f.end, shared)


def account_plan(con: duckdb.DuckDBPyConnection, as_of: date, account: str) -> pd.DataFrame:
    """The account's attainment row as of `as_of` (no row: no target in that year)."""
    stored = _stored(con, Filters(as_of, as_of), (ATTAINMENT_STORED,))
    if stored is not None:
        table = stored[0]
        mine = table[table["account_id"] == account]
        return mine[rules.ATTAINMENT_COLUMNS].reset_index(drop=True)
    return rules.attainment_table(plan(con, as_of, account=account), as_of)


def period_shares(
    con: duckdb.DuckDBPyConnection, as_of: date, first: date, last: date, accounts: list[str]
) -> pd.Series:
    """account_id -> the share of the period first..last (a year or a quarter) that normally
    falls by `as_of`, on each account's seasonal profile (accounts.targets.period_share)."""
    params = {**_params(as_of, EVERYONE, None), "accounts": accounts}
    first_sales = query(con, FIRST_SALES, params)
    company = query(con, COMPANY, params)
    profile = rules.profiles(
        pd.Index(accounts, name="account_id"),
        query(con, REFERENCE, params),
        pd.Series(
            [_first(v) for v in first_sales["first_sale"]],
            index=first_sales["account_id"],
            dtype=object,
        ),
        company.set_index("month")["revenue"],
        _first(company["first_sale"].min()) if len(company) else None,
        as_of,
    )
    return rules.period_share(profile, first, last, as_of)


def attainment_view(con: duckdb.DuckDBPyConnection, as_of: date | None) -> pd.DataFrame:
    """The export view target_attainment: every account with a target in the as-of year
    (default as-of: the last sale)."""
    if as_of is None:
        dates = portfolio.sales_dates(con)
        if dates is None:
            return pd.DataFrame(columns=rules.ATTAINMENT_COLUMNS)
        as_of = dates[1]
    return attainment(con, Filters(as_of, as_of))[rules.ATTAINMENT_COLUMNS]
