"""One scenario per page: the store and core calls the page makes, and a notebook equivalent.

`load(con, filters)` mirrors the page file call for call (everything but drawing); keep it in
sync when a page changes. `table(con, filters)` is the page's own store query for its main
table, and `notebook(raw, filters)` recomputes that table with pandas from the raw columns in
`columns`, the way an analyst would in a notebook: the two are timed and checked equal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import duckdb
import pandas as pd

from kam_core.accounts import plan_totals, ranking, trends
from kam_core.accounts.screening import DEFAULT_WEIGHTS
from kam_core.accounts.windows import years_before
from kam_core.data import quality
from kam_core.data.filters import Filters
from kam_core.incentives.contests import METRICS, contest_standings
from kam_core.incentives.payouts import closest_to_next_tier
from kam_core.incentives.periods import periods_between
from kam_core.promotions import measures as promotions
from kam_core.promotions import trials
from kam_core.promotions.calendar import in_view
from kam_core.service import cost_to_serve, delivery
from kam_core.service import kpis as service_kpis
from kam_core.store import brief as brief_store
from kam_core.store import contests, imports, portfolio, promotion_stock, stock
from kam_core.store import promotions as promotion_store
from kam_core.store import quality as quality_store
from kam_core.store import rebates as rebate_store
from kam_core.store import service as service_store
from kam_core.store import stock_plan as plans
from kam_core.store import targets as target_store
from kam_core.store import trends as trend_store
from kam_core.visits import brief as account_brief
from kam_core.visits.talking_points import category_changes

ACCOUNT = "AC0001"  # one-account pages: the biggest account, the one with the most lines

Raw = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str  # the page (or app.py for the shared sidebar) whose calls `load` mirrors
    load: Callable[[duckdb.DuckDBPyConnection, Filters], Any]
    columns: dict[str, tuple[str, ...]]  # raw table -> columns the page reads
    notebook: Callable[[Raw, Filters], pd.DataFrame] | None = None
    table: Callable[[duckdb.DuckDBPyConnection, Filters], pd.DataFrame] | None = None
    note: str = field(default="")
    # False: the page with a choice the writers' stored results do not answer, so it is
    # computed on the spot; reported beside the defaults, not held to the page targets.
    default: bool = True


def _in_filters(raw: Raw, f: Filters) -> pd.DataFrame:
    """The accounts the sidebar keeps, from the raw accounts table."""
    a = raw["accounts"]
    keep = pd.Series(True, index=a.index)
    for column, chosen in (("region", f.regions), ("channel", f.channels), ("manager", f.managers)):
        if chosen:
            keep &= a[column].isin(chosen)
    return a[keep]


def _period_sales(raw: Raw, f: Filters) -> pd.DataFrame:
    s = raw["sales"]
    in_period = (s["date"] >= pd.Timestamp(f.start)) & (s["date"] <= pd.Timestamp(f.end))
    return s[in_period & s["account_id"].isin(_in_filters(raw, f)["account_id"])]


def sidebar(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # app.py -> ui.sidebar_filters(), run before every page.
    return portfolio.sales_dates(con), portfolio.filter_options(con)


def sidebar_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    dates = raw["sales"]["date"]
    return pd.DataFrame({"first": [dates.min().date()], "last": [dates.max().date()]})


def overview(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/overview.py
    totals = trend_store.account_totals(con, f)
    screening = trend_store.screening(con, f)  # the page loads it twice; ui.load caches it
    kpis = trends.key_account_kpis(screening, totals)
    monthly = trends.this_year_vs_last(trend_store.monthly(con, f), f.start, f.end)
    gains, losses = trends.gainers_and_losers(totals, n=10)
    key = service_kpis.key_accounts(screening)
    service = service_store.key_account_service(con, f, key)
    plan, curve = target_store.progress(con, f)
    plan_figures = (
        curve,
        plan_totals.totals(plan, f.end),
        plan_totals.totals(plan, f.end, ["manager"]),
        plan_totals.behind_plan(plan),
    )
    return (
        totals,
        kpis,
        monthly,
        gains,
        losses,
        trends.at_risk(totals, 0.20),
        service,
        plan_figures,
    )


def overview_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """Revenue per account in the period and the same dates last year."""
    ly = Filters(years_before(f.start), years_before(f.end), f.regions, f.channels, f.managers)
    now = _period_sales(raw, f).groupby("account_id")["revenue"].sum()
    before = _period_sales(raw, ly).groupby("account_id")["revenue"].sum()
    both = pd.concat({"revenue": now, "revenue_ly": before}, axis=1).fillna(0.0)
    return both.rename_axis("account_id").reset_index()


def overview_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    totals = trend_store.account_totals(con, f)
    shown = totals[(totals["revenue"] != 0) | (totals["revenue_ly"] != 0)]
    return shown[["account_id", "revenue", "revenue_ly"]]


def ranking_page(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/ranking.py with the default class thresholds (A to 80%, B to 95%).
    table = trend_store.ranking(con, f, 0.80, 0.95)
    names = portfolio.accounts(con)[["account_id", "name"]]
    table = table.merge(names, on="account_id", how="left")
    return table, ranking.revenue_share_of_top(table, 0.2), ranking.pareto_curve(table)


def ranking_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """Revenue per account over the twelve months to the as-of date (start exclusive)."""
    s = raw["sales"]
    kept = s["account_id"].isin(_in_filters(raw, f)["account_id"])
    window = (s["date"] > pd.Timestamp(years_before(f.end))) & (s["date"] <= pd.Timestamp(f.end))
    revenue = s[kept & window].groupby("account_id", as_index=False)["revenue"].sum()
    return revenue.rename(columns={"revenue": "revenue_12m"})


def ranking_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    return trend_store.ranking(con, f, 0.80, 0.95)[["account_id", "revenue_12m"]]


def screening_page(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/screening.py with the default weights.
    table = trend_store.screening(con, f, DEFAULT_WEIGHTS)
    names = portfolio.accounts(con)[["account_id", "name"]]
    return names.merge(table, on="account_id")


def account_trend(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/account_trend.py for one account.
    accounts = portfolio.accounts(con, *f.account_params().values())
    first_sale = portfolio.sales_dates(con)[0]  # type: ignore[index]
    monthly = trend_store.monthly(con, f, ACCOUNT)
    months = trends.this_year_vs_last(monthly, f.start, f.end)
    ytd = trend_store.monthly(con, replace(f, start=date(f.end.year, 1, 1)), ACCOUNT)
    history = trend_store.monthly(con, replace(f, start=first_sale), ACCOUNT)
    lines = trend_store.sku_changes(con, f, ACCOUNT)
    rolled = trends.rolling_twelve_months(history, first_sale, f.end)
    promotions_run = trend_store.promotions(con, ACCOUNT, f.start, f.end)
    events = trend_store.events(con, ACCOUNT, f.start, f.end)
    return accounts, months, ytd, lines, rolled, promotions_run, events


def account_trend_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """The account's revenue per month in the period."""
    mine = _period_sales(raw, f)
    mine = mine[mine["account_id"] == ACCOUNT]
    monthly = mine.groupby(mine["date"].dt.to_period("M").dt.to_timestamp())["revenue"].sum()
    return monthly.rename_axis("month").reset_index()


def account_trend_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    monthly = trend_store.monthly(con, f, ACCOUNT)
    return monthly.loc[monthly["revenue"] != 0, ["month", "revenue"]]


def stock_risk(con: duckdb.DuckDBPyConnection, f: Filters, service: float = 0.95) -> Any:
    # pages/stock_risk.py with its defaults: the latest snapshot, detected peak, 95% service.
    snapshots = stock.snapshot_dates(con)
    as_of = snapshots[-1]
    monthly, detected = plans.season_profile(con, as_of)
    plan = plans.stock_plan(con, as_of, tuple(detected) or None, service, f)
    risk = plan.risk.sort_values(["days_of_cover", "tier"], na_position="last")
    worst = risk.iloc[0]
    history = stock.stock_history(con, worst.account_id, worst.sku, as_of)
    return plan, history


def stock_risk_99(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/stock_risk.py at a 99% service level: the plan is computed, not read.
    return stock_risk(con, f, 0.99)


def stock_risk_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """Stock on hand per account x SKU at the latest snapshot, for the filtered accounts."""
    inventory = raw["inventory"]
    latest = inventory[inventory["date"] == inventory["date"].max()]
    kept = latest[latest["account_id"].isin(_in_filters(raw, f)["account_id"])]
    return kept[["account_id", "sku", "on_hand"]]


def promotions_page(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/promotions.py: every tab runs on each rerun; trials with the default 12 months.
    results, cells = promotion_store.promotion_analysis(con, f)
    shown = in_view(results, f.start, f.end)
    flags = promotion_stock.planned_stockouts(con, f)
    season = promotion_store.season(con, f.end)
    by_kind = promotions.compare(shown, ["kind"])
    by_account = promotions.compare(shown, ["account_id", "name"])
    products, orders, category, accounts = promotion_store.trials(con, f, 12)
    read_out = trials.read_out(products, orders, category, f.end)
    return shown, flags, season, by_kind, by_account, read_out, trials.sell_in(orders)


def promotions_earlier(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/promotions.py for a period ending a month before the last sale: measured on the spot.
    return promotions_page(con, replace(f, end=f.end - timedelta(days=31)))


def promotions_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """Units sold per promotion during its dates (the lines the sales system tagged with it)."""
    tagged = raw["sales"].dropna(subset=["promo_id"])
    return tagged.groupby("promo_id", as_index=False)["quantity"].sum()


def payouts(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/payouts.py with its defaults: the first programme period kind, the current period.
    programs = rebate_store.programs(con)
    dates = portfolio.sales_dates(con)
    kind = sorted({p.period for p in programs.values()}, key=["year", "quarter"].index)[0]
    period = periods_between(kind, dates[0], f.end)[0]
    table = rebate_store.payouts(con, min(period.end, f.end), kind, f)
    closest = closest_to_next_tier(table)
    sales = contests.contest_sales(con, f)
    standings = contest_standings(sales, next(iter(METRICS)), [5000, 3000, 1000], top_n=8)
    return table, closest, standings


def payouts_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """Revenue per account from 1 January to the as-of date: the annual programmes' basis."""
    year = Filters(f.end.replace(month=1, day=1), f.end, f.regions, f.channels, f.managers)
    basis = _period_sales(raw, year).groupby("account_id", as_index=False)["revenue"].sum()
    return basis.rename(columns={"revenue": "basis"})


def payouts_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    table = rebate_store.bases(con, "year", f.end, f)
    annual = table[(table["program_id"] == "ANNUAL") & (table["basis"] > 0)]
    return annual[["account_id", "basis"]]


def service_page(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/service.py with the default peak months (the typhoon season).
    names = portfolio.accounts(con)[["account_id", "name"]]
    history = service_store.delivery_history(con, f)
    counts = history[history["recent"]]
    overall = delivery.rates(counts)
    effect = delivery.peak_effect(counts)
    trend = delivery.rates(history, ["month"])
    by_account = delivery.rates(counts, ["account_id"]).merge(names, on="account_id")
    worst = delivery.worst(by_account), delivery.worst(delivery.rates(counts, ["week"]))
    inputs = service_store.cost_inputs(con, f)
    table = cost_to_serve.cost_to_serve(inputs).merge(names, on="account_id")
    saving = cost_to_serve.portfolio_saving_rate(inputs)
    return overall, effect, trend, worst, table, saving, cost_to_serve.waterfall(table)


def brief(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/brief.py for one account, with the stock section from the default plan's risk (the
    # meeting deck is built only when its download is clicked).
    accounts = portfolio.accounts(con, *f.account_params().values())
    the_brief = brief_store.account_brief(con, ACCOUNT, f.start, f.end)
    risk = plans.default_risk(con, None)  # ui.stock_risk()
    points = account_brief.points(the_brief, risk)
    trend = account_brief.trend(the_brief.monthly, f.end)
    mix = category_changes(the_brief.mix)
    stock_risks = account_brief.stock_risks(risk, ACCOUNT)
    service = service_store.account_service(con, ACCOUNT, f.end)
    return accounts, the_brief, points, trend, mix, stock_risks, service


def brief_notebook(raw: Raw, f: Filters) -> pd.DataFrame:
    """The account's revenue per month over the 12 months to the as-of date (the brief's trend)."""
    s = raw["sales"]
    first = (pd.Timestamp(f.end).to_period("M") - 11).to_timestamp()
    mine = s[
        (s["account_id"] == ACCOUNT) & (s["date"] >= first) & (s["date"] <= pd.Timestamp(f.end))
    ]
    monthly = mine.groupby(mine["date"].dt.to_period("M").dt.to_timestamp())["revenue"].sum()
    return monthly.rename_axis("month").reset_index()


def brief_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    # The query behind the brief's trend (kam_core.store.brief.account_brief), on its own.
    first = (pd.Timestamp(f.end).to_period("M") - (brief_store.TREND_MONTHS - 1)).to_timestamp()
    monthly = trend_store.monthly(con, Filters(first.date(), f.end), ACCOUNT)
    return monthly.loc[monthly["revenue"] != 0, ["month", "revenue"]]


def stock_risk_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    as_of = stock.snapshot_dates(con)[-1]
    return stock.positions(con, as_of, f.account_params())[["account_id", "sku", "on_hand"]]


def sidebar_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    first, last = portfolio.sales_dates(con) or (None, None)
    return pd.DataFrame({"first": [first], "last": [last]})


def data(con: duckdb.DuckDBPyConnection, f: Filters) -> Any:
    # pages/data.py: the quality report and the import history (downloads load on demand).
    facts = quality_store.facts(con)
    findings = quality.report(facts, date.today())
    return facts, findings, imports.history(con)


_SALES = ("date", "account_id", "revenue")
_ACCOUNTS = ("account_id", "region", "channel", "manager")
_STOCK = {
    "sales": ("date", "account_id", "sku", "quantity"),
    "inventory": ("date", "account_id", "sku", "on_hand", "in_transit"),
    "accounts": _ACCOUNTS,
}
_PROMOTIONS = {
    "sales": ("date", "account_id", "sku", "quantity", "promo_id"),
    "accounts": _ACCOUNTS,
}

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "sidebar",
            "app.py",
            sidebar,
            {"sales": ("date",), "accounts": ("region", "channel", "manager")},
            sidebar_notebook,
            sidebar_table,
            "shared filters, run before every page",
        ),
        Scenario(
            "overview",
            "pages/overview.py",
            overview,
            {"sales": (*_SALES, "cost"), "accounts": _ACCOUNTS},
            overview_notebook,
            overview_table,
        ),
        Scenario(
            "ranking",
            "pages/ranking.py",
            ranking_page,
            {"sales": _SALES, "accounts": _ACCOUNTS},
            ranking_notebook,
            ranking_table,
        ),
        Scenario(
            "screening",
            "pages/screening.py",
            screening_page,
            {"sales": (*_SALES, "cost"), "accounts": _ACCOUNTS},
        ),
        Scenario(
            "account_trend",
            "pages/account_trend.py",
            account_trend,
            {"sales": (*_SALES, "sku", "quantity", "cost"), "accounts": _ACCOUNTS},
            account_trend_notebook,
            account_trend_table,
        ),
        Scenario(
            "stock_risk",
            "pages/stock_risk.py",
            stock_risk,
            _STOCK,
            stock_risk_notebook,
            stock_risk_table,
        ),
        Scenario(
            "promotions",
            "pages/promotions.py",
            promotions_page,
            _PROMOTIONS,
            promotions_notebook,
            note="pandas: units per promotion; the page's weekly baseline model is not redone",
        ),
        Scenario(
            "stock_risk_99",
            "pages/stock_risk.py",
            stock_risk_99,
            _STOCK,
            note="99% service level: the plan is computed, not read from the file",
            default=False,
        ),
        Scenario(
            "promotions_earlier",
            "pages/promotions.py",
            promotions_earlier,
            _PROMOTIONS,
            note="period ending a month before the last sale: promotions measured on the spot",
            default=False,
        ),
        Scenario(
            "payouts",
            "pages/payouts.py",
            payouts,
            {"sales": (*_SALES, "quantity"), "accounts": _ACCOUNTS},
            payouts_notebook,
            payouts_table,
        ),
        Scenario(
            "service",
            "pages/service.py",
            service_page,
            {
                "deliveries": ("account_id", "promised_date", "delivered_date"),
                "sales": (*_SALES, "cost"),
                "accounts": _ACCOUNTS,
            },
        ),
        Scenario(
            "brief",
            "pages/brief.py",
            brief,
            {"sales": (*_SALES, "sku", "quantity", "cost"), "accounts": _ACCOUNTS},
            brief_notebook,
            brief_table,
        ),
        Scenario(
            "data",
            "pages/data.py",
            data,
            {
                "sales": ("date", "account_id", "sku", "cost"),
                "inventory": ("date", "account_id", "sku", "on_hand"),
            },
        ),
    )
}
