"""A deterministic demo company: a small-appliance maker selling to ~150 dealers and chains.

Small tables come from a seeded numpy generator; the sales lines are drawn inside DuckDB from a
weight per account x SKU x week (size, season, trend, promotions, listings), so 10M rows build in
seconds without holding them in Python. The same seed always gives the same database.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from kam_core.store import demo_journal, insert_frame
from kam_core.store.db import writing

FIRST_WEEK = date(2023, 1, 2)  # a Monday
LAST_DAY = date(2026, 10, 31)  # the demo's "today": just before the Nov-Dec peak
DEFAULT_SALES_ROWS = 300_000
MIN_SALES_ROWS = 1_000  # fewer leave accounts without the sales the rebates and plans are cut from

REGIONS = ("North", "South", "East", "West", "Central")
MANAGERS = ("Ana Costa", "Ben Okafor", "Chloe Martin", "David Lee", "Eva Novak", "Farid Haddad")
TOWNS = (
    "Ashford",
    "Brookfield",
    "Carlton",
    "Dunmore",
    "Eastwood",
    "Fairview",
    "Glenrock",
    "Harbor",
    "Ironbridge",
    "Juniper",
    "Kingsley",
    "Lakeside",
    "Milton",
    "Northgate",
    "Oakham",
    "Pinecrest",
    "Queensbury",
    "Riverside",
    "Stonehill",
    "Thornbury",
    "Upton",
    "Valemont",
    "Westfield",
    "Yarrow",
    "Zelby",
)
SHOP_KINDS = (
    "Appliances",
    "Home Center",
    "Electric",
    "Hardware",
    "Kitchen Store",
    "Supply Co.",
    "Trading",
    "Housewares",
)
CHAINS = (
    "MegaMart",
    "HomePlus",
    "ValueHouse",
    "KitchenWorld",
    "CityStores",
    "BrightBuy",
    "Casa Hogar",
    "Nordhus",
    "DailyMart",
    "ShopRight",
    "Hausmann",
    "Maison Club",
)
CATEGORIES = {  # category: (base unit price, share of listings)
    "Coffee machines": (189.0, 0.9),
    "Kettles": (39.0, 1.0),
    "Toasters": (45.0, 1.0),
    "Blenders": (79.0, 0.8),
    "Air fryers": (119.0, 0.9),
    "Accessories": (15.0, 0.7),
}
LINES = ("Classic", "Pro", "Compact", "Deluxe", "Eco")
PROMO_KINDS = ("Price cut", "Display", "Catalogue feature", "Bundle")
VISIT_NOTES = (
    "Reviewed peak-season stock plan with the buyer; agreed to confirm order quantities.",
    "Buyer asked for display support in the front of the store.",
    "Discussed rebate position; they want to reach the next tier this year.",
    "Complaint about late delivery of the last order; promised follow-up from logistics.",
    "New store manager; introduced our range and training offer.",
    "Agreed a joint promotion for the coming season.",
    "Shelf check: our facings reduced in favour of a competitor.",
    "Positive sell-out of air fryers; they want to add two new SKUs.",
)


def build_demo(path: str | Path, sales_rows: int = DEFAULT_SALES_ROWS, seed: int = 7) -> None:
    """Write the demo database to `path` (replacing any file there), atomically."""
    if sales_rows < MIN_SALES_ROWS:
        raise ValueError(
            f"the demo needs at least {MIN_SALES_ROWS:,} sales rows, got {sales_rows:,}"
        )
    rng = np.random.default_rng(seed)
    accounts = _accounts(rng)
    products = _products(rng)
    listings = _listings(rng, accounts, products)
    promotions = _promotions(rng, accounts, listings)
    with writing(path, fresh=True) as con:
        con.execute("set memory_limit = '1500MB'")
        for name, frame in (
            ("accounts", accounts.drop(columns=["weight", "growth", "lost_on"])),
            ("products", products),
            ("promotions", promotions.drop(columns=["lift"])),
        ):
            insert_frame(con, name, frame)
        _sales(con, listings, promotions, sales_rows, seed)
        con.execute(_PROMOTION_COSTS, {"last": LAST_DAY, "seed": seed})
        _inventory_and_supply(con, seed)
        _rebates(con, accounts)
        con.execute(_TARGETS, {"last": LAST_DAY, "seed": seed})
        _events_and_visits(con, rng, accounts)
        _service(con, seed)
    demo_journal.build(path, seed)


def _accounts(rng: np.random.Generator, n: int = 150) -> pd.DataFrame:
    is_chain = np.arange(n) < len(CHAINS)
    names = list(CHAINS) + [f"{t} {k}" for t in TOWNS for k in SHOP_KINDS]
    dealer_names = rng.permutation(names[len(CHAINS) :])[: n - len(CHAINS)]
    # Pareto-like sizes: chains are the biggest accounts, dealers trail off.
    weight = (np.arange(n) + 1.0) ** -0.9 * rng.uniform(0.8, 1.25, n)
    growth = rng.normal(0.03, 0.10, n)
    growth[rng.choice(np.arange(20, n), 8, replace=False)] = rng.uniform(0.45, 0.8, 8)
    growth[rng.choice(np.arange(3, 30), 6, replace=False)] = rng.uniform(-0.35, -0.2, 6)
    lost_on = np.full(n, None, dtype=object)
    lost_on[[9, 40]] = [date(2025, 6, 30), date(2026, 3, 31)]
    since = [date(2004, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 6900, n)]
    founded = [date(1960, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 20000, n)]
    channel = np.where(
        is_chain, "Retail chain", rng.choice(["Dealer", "Dealer", "Dealer", "Online"], n)
    )
    return pd.DataFrame(
        {
            "account_id": [f"AC{i + 1:04d}" for i in range(n)],
            "name": list(CHAINS) + list(dealer_names),
            "region": rng.choice(REGIONS, n),
            "channel": channel,
            "manager": rng.choice(MANAGERS, n),
            "credit_rating": rng.choice(["A", "B", "C", "D"], n, p=[0.35, 0.4, 0.2, 0.05]),
            "since": since,
            "anniversary": founded,
            "weight": weight,
            "growth": growth,
            "lost_on": lost_on,
        }
    )


def _products(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for c, (category, (price, _)) in enumerate(CATEGORIES.items()):
        for k in range(10):
            unit_price = round(price * rng.uniform(0.6, 1.8), 2)
            rows.append(
                {
                    "sku": f"{category[:2].upper()}-{1001 + k}",
                    "name": f"{category.rstrip('s')} {LINES[k % 5]} {100 + 10 * k + c}",
                    "category": category,
                    "unit_price": unit_price,
                    "unit_cost": round(unit_price * rng.uniform(0.52, 0.72), 2),
                    "launch_date": date(2016, 1, 1) + timedelta(days=int(rng.integers(0, 2400))),
                    "lead_time_days": int(rng.choice([14, 21, 28, 42, 56])),
                    "case_pack": int(rng.choice([1, 2, 4, 6, 12])),
                }
            )
    products = pd.DataFrame(rows)
    # Five launches this year: the new-product trials; their cost is not yet booked.
    new = products.index[9::10][:5]
    products.loc[new, "launch_date"] = [date(2026, m, 1) for m in (3, 5, 6, 8, 9)]
    products.loc[new, "unit_cost"] = np.nan
    return products


def _listings(
    rng: np.random.Generator, accounts: pd.DataFrame, products: pd.DataFrame
) -> pd.DataFrame:
    size_rank = np.linspace(1, 0, len(accounts))  # 1 for the biggest account
    share = products["category"].map(lambda c: CATEGORIES[c][1]).to_numpy()
    listed = rng.uniform(size=(len(accounts), len(products))) < (
        (0.25 + 0.6 * size_rank)[:, None] * share[None, :]
    )
    a, p = np.nonzero(listed)
    popularity = rng.lognormal(0, 0.6, len(products))
    return pd.DataFrame(
        {
            "account_id": accounts["account_id"].to_numpy()[a],
            "sku": products["sku"].to_numpy()[p],
            "weight": accounts["weight"].to_numpy()[a] * popularity[p] / share[p],
            "growth": accounts["growth"].to_numpy()[a],
            "lost_on": accounts["lost_on"].to_numpy()[a],
            "launch_date": products["launch_date"].to_numpy()[p],
            "unit_price": products["unit_price"].to_numpy()[p],
            "unit_cost": products["unit_cost"].to_numpy()[p],
            "chain": (accounts["channel"].to_numpy()[a] == "Retail chain"),
        }
    )


def _promotions(
    rng: np.random.Generator, accounts: pd.DataFrame, listings: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    weeks = (LAST_DAY - FIRST_WEEK).days // 7
    for i, account in enumerate(accounts.itertuples()):
        skus = listings.loc[listings.account_id == account.account_id, "sku"].to_numpy()
        count = int(rng.poisson(8 if i < 30 else 2))
        for _ in range(count):
            start = FIRST_WEEK + timedelta(weeks=int(rng.integers(8, weeks + 8)))
            discount = round(float(rng.choice([0.05, 0.1, 0.15, 0.2, 0.25])), 2)
            rows.append(
                {
                    "account_id": account.account_id,
                    "sku": None if rng.uniform() < 0.2 or not len(skus) else str(rng.choice(skus)),
                    "start_date": start,
                    "end_date": start + timedelta(days=int(rng.choice([6, 13, 20, 27]))),
                    "discount_pct": discount,
                    "cost": 0.0,  # set from the promoted scope's sales once they exist
                    "kind": str(rng.choice(PROMO_KINDS)),
                    # Hidden truth the sales will show: some promotions flop, some double sales.
                    "lift": float(max(1.0, 1 + discount * rng.gamma(2.0, 3.5))),
                }
            )
    promotions = pd.DataFrame(rows).sort_values(["start_date", "account_id"], kind="stable")
    promotions.insert(0, "promo_id", [f"PR{i + 1:05d}" for i in range(len(promotions))])
    return promotions.reset_index(drop=True)


_CELLS = """
create temp table cells as
with weeks as (
    select w.range::date as week,
           1 + 1.7 * exp(-0.5 * power((weekofyear(w.range) - 48.5) / 3.2, 2))
             + 0.25 * exp(-0.5 * power((weekofyear(w.range) - 19) / 3.0, 2)) as season
    from range($first::timestamp, $last::timestamp + interval 1 day, interval 7 day) w
),
promo_weeks as (
    select l.account_id, l.sku, w.week, max(p.lift) as lift, max(p.discount_pct) as discount,
           max(p.promo_id) as promo_id
    from listing l
    join demo_promotions p on p.account_id = l.account_id and coalesce(p.sku, l.sku) = l.sku
    join weeks w on w.week between p.start_date - 6 and p.end_date
    group by all
),
dip_weeks as (
    select l.account_id, l.sku, w.week, min(1 - 0.35 * (p.lift - 1)) as dip
    from listing l
    join demo_promotions p on p.account_id = l.account_id and coalesce(p.sku, l.sku) = l.sku
    join weeks w on w.week between p.end_date + 1 and p.end_date + 14
    group by all
),
final as (
    select l.account_id, l.sku, w.week, l.unit_price, l.unit_cost, l.chain,
           pw.promo_id, coalesce(pw.discount, 0) as discount,
           l.weight * w.season * power(1 + l.growth, datediff('day', $first, w.week) / 365.25)
             * coalesce(pw.lift, greatest(coalesce(dw.dip, 1), 0.3)) as weight
    from listing l
    cross join weeks w
    left join promo_weeks pw using (account_id, sku, week)
    left join dip_weeks dw using (account_id, sku, week)
    where (l.lost_on is null or w.week <= l.lost_on)
      and w.week + 6 >= l.launch_date
)
select row_number() over (order by week, account_id, sku) as cell, *,
       sum(weight) over (order by week, account_id, sku) - weight as lo
from final
"""

_SALES = """
insert into sales
with draws as (
    select r.range as i,
           (r.range + (hash(r.range, $seed) % 1000000) / 1000000.0) / $n * $total as u
    from range($n) r
),
final as (
    select least(c.week + (hash(d.i, $seed, 1) % 5)::int, $last) as date,
           c.account_id, c.sku,
           greatest(1, round((case when c.chain then 8 else 4 end)
                             * (0.4 + 1.2 * (hash(d.i, $seed, 2) % 1000) / 1000.0))) as quantity,
           c.unit_price * (1 - c.discount) * (case when c.chain then 0.92 else 1 end) as price,
           c.unit_cost, c.promo_id
    from draws d asof join cells c on d.u >= c.lo
)
select date, account_id, sku, quantity, round(quantity * price, 2) as revenue,
       round(quantity * unit_cost, 2) as cost,
       account_id || '-' || strftime(date, '%Y%m%d') as order_id, promo_id
from final
"""


def _sales(
    con: duckdb.DuckDBPyConnection,
    listings: pd.DataFrame,
    promotions: pd.DataFrame,
    sales_rows: int,
    seed: int,
) -> None:
    con.register("listing", listings)
    con.register("demo_promotions", promotions)
    con.execute(_CELLS, {"first": FIRST_WEEK, "last": LAST_DAY})
    total = con.execute("select sum(weight) from cells").fetchall()[0][0]  # type: ignore[index]
    con.execute(_SALES, {"seed": seed, "n": sales_rows, "total": total, "last": LAST_DAY})
    # Expected units a week per cell, for stock levels that match the sales just drawn.
    con.execute(
        "create temp table expected as select account_id, sku, week, "
        "weight / $total * $n * (case when chain then 8 else 4 end) as units from cells",
        {"total": total, "n": sales_rows},
    )
    con.unregister("listing")
    con.unregister("demo_promotions")


# Fixed promotion costs (display fees, catalogue space) in proportion to the promoted scope's
# usual weekly revenue, so the mix of winners and losers holds at any --sales-rows.
_PROMOTION_COSTS = """
update promotions set cost = greatest(50, round(
    scope.weekly * (datediff('day', start_date, end_date) + 1) / 7.0
    * (0.02 + (hash(promotions.promo_id, $seed) % 100) / 500.0), -1))
from (
    select p.promo_id, sum(s.revenue) / 8.0 as weekly
    from promotions p
    join sales s on s.account_id = p.account_id and s.sku = coalesce(p.sku, s.sku)
     and s.date between least(p.start_date, $last) - 56 and least(p.start_date, $last) - 1
    group by all
) scope
where scope.promo_id = promotions.promo_id
"""

_INVENTORY = """
insert into inventory
with final as (
    select least(week + 5, $last) as date, account_id, sku, units,
           hash(account_id, sku, $seed) as h,
           datediff('week', week, $last) as weeks_back,
           dense_rank() over (order by account_id) as account_rank
    from expected
    where week > $last - 7 * 26
)
select date, account_id, sku,
       -- A few key-account positions carry under two weeks of cover into the peak.
       round(units * (case when account_rank <= 40 and h % 100 < 10
                           then 0.6 + (h % 140) / 100.0 + 0.4 * weeks_back
                           else 3 + (h % 600) / 100.0 end)) as on_hand,
       case when h % 10 < 3 then round(units * 1.5) else 0 end as in_transit
from final
"""

_SUPPLY = """
insert into supply
select least(week + 5, $last) as date, sku,
       -- Warehouse stock for ten peak weeks of demand; a few SKUs are short.
       round(sum(units) * 10 * 2.2 * (case when hash(sku, $seed) % 12 = 0 then 0.3 else 1 end))
from expected
where week > $last - 7 * 26
group by least(week + 5, $last), sku
"""


def _inventory_and_supply(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    con.execute(_INVENTORY, {"last": LAST_DAY, "seed": seed})
    con.execute(_SUPPLY, {"last": LAST_DAY, "seed": seed})


_ACCOUNT_REVENUE_2025 = """
select quantile_cont(revenue, [0.5, 0.75, 0.9, 0.97]) as cuts
from (select account_id, sum(revenue) as revenue from sales
      where date between '2025-01-01' and '2025-12-31' group by all)
"""


def _nice(x: float) -> float:
    """Round a threshold to two significant figures, as a programme sheet would state it."""
    magnitude = 10 ** max(int(np.floor(np.log10(max(x, 1)))) - 1, 0)
    return float(round(x / magnitude) * magnitude)


def _rebates(con: duckdb.DuckDBPyConnection, accounts: pd.DataFrame) -> None:
    cuts = [_nice(c) for c in con.execute(_ACCOUNT_REVENUE_2025).fetchall()[0][0]]  # type: ignore[index]
    quarter_units = [_nice(c / 4 / 60) for c in cuts[:3]]
    programs = pd.DataFrame(
        [
            ("ANNUAL", "Annual volume rebate", "revenue", "year", "retroactive"),
            ("QUARTER", "Quarterly unit incentive", "quantity", "quarter", "incremental"),
            ("GROWTH", "Growth bonus", "revenue", "year", "growth"),
        ],
        columns=["program_id", "name", "basis", "period", "method"],
    )
    tiers = pd.DataFrame(
        [
            ("ANNUAL", cuts[0], 0.01),
            ("ANNUAL", cuts[1], 0.02),
            ("ANNUAL", cuts[2], 0.035),
            ("ANNUAL", cuts[3], 0.05),
            ("QUARTER", quarter_units[0], 0.01),
            ("QUARTER", quarter_units[1], 0.02),
            ("QUARTER", quarter_units[2], 0.03),
            # Growth tiers are growth fractions against last year: 5% growth and up pays 2%.
            ("GROWTH", 0.05, 0.02),
            ("GROWTH", 0.15, 0.04),
            ("GROWTH", 0.30, 0.06),
        ],
        columns=["program_id", "threshold", "rate"],
    )
    dealers = accounts.loc[accounts.channel == "Dealer", ["account_id"]]
    enrolments = dealers.assign(program_id="QUARTER")
    for name, frame in (
        ("rebate_programs", programs),
        ("rebate_tiers", tiers),
        ("rebate_enrolments", enrolments),
    ):
        insert_frame(con, name, frame)


# The plan for the demo's year and the year before: every A and B account of last year's
# ranking and about three in four C accounts. A target is last year's revenue at this year's
# pace so far, times a stretch that puts a third of the accounts ahead of plan (x0.85), a third
# on plan and a third behind it (x1.12); one key account in three is phased by month on last
# year's months, the others have a whole-year row.
_TARGETS = """
insert into targets (account_id, year, revenue_target, month, quantity_target)
with yearly as (
    select account_id,
           sum(revenue) filter (where year(date) = year($last) - 1) as last_year,
           sum(quantity) filter (where year(date) = year($last) - 1) as units_last_year,
           sum(revenue) filter (where year(date) = year($last)) as to_date,
           sum(revenue) filter (where year(date) = year($last) - 1
                                  and date <= $last - interval 1 year) as to_date_last_year
    from sales where year(date) >= year($last) - 1 group by all
),
ranked as (
    select *, sum(last_year) over (order by last_year desc, account_id
                                   rows unbounded preceding) - last_year as before,
           sum(last_year) over () as total,
           hash(account_id, $seed) % 100 as h
    from yearly where last_year > 0
),
chosen as (
    select account_id, units_last_year,
           case when before < 0.8 * total then 'A' when before < 0.95 * total then 'B' else 'C'
           end as abc, h,
           last_year * coalesce(to_date / nullif(to_date_last_year, 0), 0.5)
           * case h % 3 when 0 then 0.85 when 1 then 1.0 else 1.12 end as target,
           last_year
    from ranked
),
final as (
    select * from chosen where (abc <> 'C' or h % 4 <> 0) and target >= 500
),
months as (
    select account_id, month(date) as month, sum(revenue) as revenue from sales
    where year(date) = year($last) - 1 group by all
)
select account_id, year($last), round(target, -2), null, round(units_last_year * target
       / last_year, -1)
from final where not (abc = 'A' and h % 3 = 0)
union all
select f.account_id, year($last), round(f.target * m.revenue / f.last_year, -2), m.month, null
from final f join months m using (account_id)
where f.abc = 'A' and f.h % 3 = 0
union all
select account_id, year($last) - 1, round(last_year * (0.9 + (h % 25) / 100.0), -3), null, null
from final where abc <> 'C'
"""


def _events_and_visits(
    con: duckdb.DuckDBPyConnection, rng: np.random.Generator, accounts: pd.DataFrame
) -> None:
    events, visits = [], []
    for i, account in enumerate(accounts.itertuples()):
        founded: date = account.anniversary
        for year in (2025, 2026, 2027):
            if (year - founded.year) % 5 == 0:  # round-number anniversaries are occasions
                events.append(
                    (
                        account.account_id,
                        founded.replace(year=year),
                        "Anniversary",
                        f"{year - founded.year} years in business",
                    )
                )
        if rng.uniform() < 0.3:
            day = LAST_DAY + timedelta(days=int(rng.integers(-200, 120)))
            events.append(
                (account.account_id, day, "Store opening", f"New store in {rng.choice(TOWNS)}")
            )
        every = 42 if i < 30 else 120
        day = LAST_DAY - timedelta(days=int(rng.integers(1, every)))
        while day > date(2025, 1, 1):
            visitor = account.manager if rng.uniform() < 0.85 else "Sales director"
            visits.append((account.account_id, day, visitor, str(rng.choice(VISIT_NOTES))))
            day -= timedelta(days=int(every * rng.uniform(0.7, 1.3)))
    for name, rows, columns in (
        ("events", events, ["account_id", "date", "kind", "note"]),
        ("visits", visits, ["account_id", "date", "visitor", "note"]),
    ):
        insert_frame(con, name, pd.DataFrame(rows, columns=columns))


# One delivery line per account x SKU x week ordered, promised for the Wednesday. Lines run late
# far more often in the typhoon season (July-September, ports and roads closed), a fifth of the
# accounts sit at the end of longer routes, and a few lines ship short; a delivery that would
# fall after the demo's last day has not happened yet.
_DELIVERIES = """
insert into deliveries
with ordered as (
    select account_id, sku, date_trunc('week', date)::date as week, sum(quantity) as units
    from sales group by all
),
drawn as (
    select *, week + 2 as promised_date,
           hash(account_id, sku, week, $seed) % 10000 / 10000.0 as late_draw,
           hash(account_id, sku, week, $seed, 'short') % 10000 / 10000.0 as short_draw,
           (hash(account_id, sku, week, $seed, 'days') % 7)::int as delay,
           month(week + 2) in (7, 8, 9) as typhoon,
           hash(account_id, $seed) % 5 = 0 as remote
    from ordered
),
final as (
    select account_id, sku, promised_date, units,
           promised_date + case
               when late_draw < (case when typhoon then 0.30 else 0.06 end)
                                * (case when remote then 1.8 else 1 end)
               then 1 + delay * (case when typhoon then 2 else 1 end)
               else -(delay % 3)
           end as delivered_date,
           case when short_draw < 0.05 then floor(units * (0.6 + short_draw * 6)) else units end
               as delivered_units,
           account_id || '-' || strftime(week, '%G%V') as order_id
    from drawn
)
select account_id, sku, promised_date, units as quantity_ordered, order_id,
       case when delivered_date <= $last then delivered_date end as delivered_date,
       case when delivered_date <= $last then delivered_units end as quantity_delivered
from final
-- in promise order, as a delivery system appends them: a window's query skips the older blocks
order by promised_date, account_id, sku
"""

# Monthly service costs: freight in proportion to revenue (dearer in the typhoon season, and
# getting cheaper for half the accounts, dearer for the rest), merchandising for the chains,
# samples now and then, a fee per visit, and sundries.
_SERVICE_COSTS = """
insert into service_costs
with monthly as (
    select s.account_id, a.channel, date_trunc('month', s.date)::date as month,
           sum(s.revenue) as revenue, hash(s.account_id, $seed) as h
    from sales s join accounts a using (account_id)
    group by all
),
costs as (
    select account_id, last_day(month) as date, 'freight' as kind,
           revenue * (0.012 + h % 20 / 1000.0)
                   * (case when month(month) in (7, 8, 9) then 1.35 else 1 end)
                   * (1 + (case when h % 2 = 0 then -0.12 else 0.08 end) * (year(month) - 2024))
               as amount
    from monthly
    union all
    select account_id, last_day(month), 'merchandising', revenue * 0.015 + 400
    from monthly where channel = 'Retail chain'
    union all
    select account_id, last_day(month), 'samples', revenue * 0.004
    from monthly where hash(account_id, month, $seed) % 4 = 0
    union all
    select account_id, last_day(month), 'other', revenue * 0.002
    from monthly
    union all
    select account_id, date, 'visits', 150 from visits
)
select account_id, date, kind, round(greatest(amount, 0), 2) from costs
"""


def _service(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    con.execute(_DELIVERIES, {"seed": seed, "last": LAST_DAY})
    con.execute(_SERVICE_COSTS, {"seed": seed})
