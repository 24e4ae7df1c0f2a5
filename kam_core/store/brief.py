"""Queries for one account's visit brief: header, KPIs against last year, trend, mix, diary.

"Last year" is the same calendar dates one year earlier (kam_core.accounts.windows). Upcoming means
after the as-of date (the period's end) and within HORIZON_DAYS of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import duckdb
import pandas as pd

from kam_core.accounts.screening import screen_windows
from kam_core.accounts.windows import Windows
from kam_core.data.filters import Filters
from kam_core.store import query, rebates, targets, trends
from kam_core.visits.brief import TREND_MONTHS, AccountBrief

HORIZON_DAYS = 60  # events and promotions this far ahead belong in the brief
LAST_VISITS = 5

HEADER = """
select account_id, name, region, channel, manager, credit_rating, since, anniversary
from accounts
where account_id = $account
"""

NAMES = "select account_id, name from accounts"

# One row per period, this one first, from the account's days (sales_daily); an order is
# counted once however many days its lines fall on.
KPIS = """
with periods as (
    select 'this' as period, $start::date as first_day, $end::date as last_day
    union all
    select 'last', $start_ly::date, $end_ly::date
),
days as (
    select * from sales_daily
    where account_id = $account
      and (date between $start and $end or date between $start_ly and $end_ly)
),
final as (
    select p.period, coalesce(sum(d.revenue), 0) as revenue,
           coalesce(sum(d.quantity), 0) as quantity,
           -- New products may lack a cost: margin is measured on the lines that have one.
           sum(d.known_margin) as gross_margin,
           sum(d.revenue_with_cost) as costed_revenue,
           length(list_distinct(flatten(list(d.order_ids)))) as orders
    from periods p
    left join days d on d.date between p.first_day and p.last_day
    group by p.period
)
select * from final order by period desc
"""

# A day in both periods (a period over a year long) counts in this one only, hence the cut.
CATEGORY_MIX = """
with lines as (
    select coalesce(p.category, 'Uncategorised') as category, s.this_period, s.revenue
    from (
        select sku, true as this_period, revenue
        from sales_weeks($start, $end) where account_id = $account
        union all
        select sku, false, revenue
        from sales_weeks($start_ly, least($end_ly, $start - 1)) where account_id = $account
    ) s
    left join products p using (sku)
),
final as (
    select category, sum(revenue) filter (where this_period) as revenue,
           sum(revenue) filter (where not this_period) as revenue_ly
    from lines group by category
)
select category, coalesce(revenue, 0) as revenue, coalesce(revenue_ly, 0) as revenue_ly
from final order by revenue desc, category
"""

VISITS = """
select date, visitor, note from visits
where account_id = $account and date <= $end
order by date desc limit $limit
"""


def account_brief(
    con: duckdb.DuckDBPyConnection, account_id: str, start: date, end: date
) -> AccountBrief:
    """The brief's data for `account_id`; ValueError when the account does not exist."""
    params = {
        **Windows(start, end).params(),
        "account": account_id,
        "limit": LAST_VISITS,
    }
    header = query(con, HEADER, params)
    if header.empty:
        raise ValueError(f"no account {account_id!r} in the database")
    # Tier = the key-account tier of the screening, the one definition the portfolio uses.
    windows = trends.account_windows(con, Filters(end, end))  # read once: ranked and screened
    ranking = trends.ranked(windows)
    place = ranking.set_index("account_id").reindex([account_id])
    tiers = screen_windows(windows).set_index("account_id").reindex([account_id])
    header = header.assign(
        tier=tiers["proposed_tier"].to_numpy(),
        previous_tier=tiers["previous_tier"].to_numpy(),
        rank=place["rank"].to_numpy(),
        ranked=len(ranking),
    )
    ahead = end + timedelta(days=HORIZON_DAYS)
    trend_start = (pd.Timestamp(end).to_period("M") - (TREND_MONTHS - 1)).to_timestamp().date()
    return AccountBrief(
        account_id=account_id,
        start=start,
        end=end,
        header=header,
        kpis=query(con, KPIS, params),
        monthly=trends.monthly(con, Filters(trend_start, end), account_id),
        mix=query(con, CATEGORY_MIX, params),
        events=trends.events(con, account_id, end + timedelta(days=1), ahead),
        visits=query(con, VISITS, params),
        promotions=trends.promotions(con, account_id, end, ahead),
        payouts=rebates.payouts(con, end, account=account_id),
        plan=targets.account_plan(con, end, account_id),
    )


@dataclass(frozen=True)
class Meeting:
    """What the meeting deck shows for the filtered portfolio and the chosen accounts."""

    filters: Filters  # the period (its end is the as-of date) and the accounts it covers
    monthly: pd.DataFrame  # store.trends.monthly of the portfolio
    ranking: pd.DataFrame  # store.trends.ranking of the twelve months to the as-of, with name
    payouts: pd.DataFrame  # store.rebates.payouts for the programmes' periods at the as-of
    accounts: tuple[AccountBrief, ...]  # one brief per chosen account, in the order chosen
    plan: pd.DataFrame | None = None  # store.targets.attainment of the filtered accounts


def meeting(
    con: duckdb.DuckDBPyConnection, filters: Filters, account_ids: tuple[str, ...] = ()
) -> Meeting:
    """The deck's data; ValueError naming an account that does not exist."""
    names = query(con, NAMES)
    # The ranking covers the twelve months to the as-of date, whatever the period.
    ranked = trends.ranking(con, replace(filters, start=filters.end))
    return Meeting(
        filters=filters,
        monthly=trends.monthly(con, filters),
        ranking=ranked.merge(names, on="account_id", how="left"),
        payouts=rebates.payouts(con, filters.end, None, filters),
        accounts=tuple(account_brief(con, a, filters.start, filters.end) for a in account_ids),
        plan=targets.attainment(con, filters),
    )
