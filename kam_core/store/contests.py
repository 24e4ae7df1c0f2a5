"""Queries for sales contests: each account's revenue in a period and the same days last year."""

from __future__ import annotations

import duckdb
import pandas as pd

from kam_core.accounts.windows import years_before
from kam_core.data.filters import Filters
from kam_core.store import query

CONTEST_SALES = """
with this_and_last as (
    select s.account_id,
           sum(s.revenue) filter (where s.date >= $start) as revenue,
           sum(s.revenue) filter (where s.date <= $ly_end) as ly_revenue
    from sales s
    where (s.date between $start and $end) or (s.date between $ly_start and $ly_end)
    group by s.account_id
),
final as (
    select a.account_id, a.name, coalesce(t.revenue, 0) as revenue,
           coalesce(t.ly_revenue, 0) as ly_revenue
    from filtered_accounts($regions, $channels, $managers) a
    left join this_and_last t using (account_id)
)
select * from final order by account_id
"""


def contest_sales(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Revenue per filtered account in the filters' period and over the same days last year."""
    params = {
        **filters.params(),
        "ly_start": years_before(filters.start),
        "ly_end": years_before(filters.end),
    }
    return query(con, CONTEST_SALES, params)
