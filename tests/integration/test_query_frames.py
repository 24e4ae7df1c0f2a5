"""store.query converts through Arrow but gives the frames DuckDB's .df() gives."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from kam_core.store import query

TYPED = """
select 1::integer as i, null::integer as ni, 5::bigint as b, sum(x)::hugeint as h,
       count(*) as c, true as bo, null::boolean as nb, 1.5::decimal(10, 2) as d,
       date '2024-01-01' as dt, null::date as ndt, timestamp '2024-01-01 10:00' as ts,
       'a' as s, null::varchar as ns, 1.0::double as f, avg(x) as ax
from range(3) t(x)
"""


@pytest.mark.parametrize(
    "sql",
    [
        TYPED,
        f"select * from ({TYPED}) where false",  # noqa: S608 (no rows)
        "select * from (values ('a', 1), (null, null)) t(s, i)",  # some nulls
        "select null::varchar as s from range(4)",  # only nulls
    ],
    ids=["types", "no rows", "some nulls", "only nulls"],
)
def test_query_gives_the_dtypes_and_values_of_df(sql: str) -> None:
    con = duckdb.connect()

    expected = con.execute(sql).df()
    got = query(con, sql)

    pd.testing.assert_frame_equal(got, expected)
