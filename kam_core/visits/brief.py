"""What the visit brief says about one account: KPIs against last year, trend, mix, points.

Shared by the page, the PDF and the deck so that all three read the same numbers. Growth is a
fraction; "last year" is the same dates one year earlier; money in the sales currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kam_core.accounts.plan_totals import ON_PLAN
from kam_core.accounts.trends import growth
from kam_core.data import formats
from kam_core.data.formats import Kpi, change, money
from kam_core.visits import diary
from kam_core.visits import talking_points as tp

TREND_MONTHS = 12  # the trend: twelve months to the as-of month against the year before


@dataclass(frozen=True)
class AccountBrief:
    """Everything the brief shows about one account for the period `start`..`end` (as-of)."""

    account_id: str
    start: date
    end: date
    header: pd.DataFrame  # the account master, tier, previous_tier, revenue rank (of ranked)
    kpis: pd.DataFrame  # period this/last: revenue, quantity, gross_margin, costed_revenue, orders
    monthly: pd.DataFrame  # store.trends.monthly for the 12 months to the as-of month
    mix: pd.DataFrame  # category, revenue, revenue_ly (trends.category_mix's input)
    events: pd.DataFrame  # date, kind, note: the next HORIZON_DAYS
    visits: pd.DataFrame  # date, visitor, note: the last LAST_VISITS, newest first
    promotions: pd.DataFrame  # running at the as-of date or starting within HORIZON_DAYS
    payouts: (
        pd.DataFrame
    )  # kam_core.incentives.payouts.payout_table rows of the account's programmes
    # accounts.targets.attainment_table's row for the account (empty: no target this year)
    plan: pd.DataFrame | None = None

    @property
    def name(self) -> str:
        return str(self.header["name"].iloc[0])


def _period(kpis: pd.DataFrame, period: str) -> pd.Series:
    return kpis.set_index("period").loc[period]


def margin_rate(row: pd.Series) -> float | None:
    """Gross margin as a fraction of the revenue of the lines that have a cost."""
    costed = row["costed_revenue"]
    if pd.isna(costed) or costed == 0:
        return None
    return float(row["gross_margin"]) / float(costed)


def plan_kpi(plan: pd.Series) -> Kpi:
    """Attainment to date (a row of attainment figures: one account's, or totals), with the
    projected attainment (projected full year / target); green while on or ahead of plan."""
    rate, projected = plan["attainment"], plan["projected_attainment"]
    return Kpi(
        "Plan attainment",
        formats.pct(rate),
        f"projected {formats.pct(projected)}",
        None if pd.isna(rate) else bool(rate >= 1 - ON_PLAN),
    )


def kpis(
    kpis: pd.DataFrame,
    show_margin: bool = True,
    plan: pd.DataFrame | None = None,
    style: formats.Style = formats.DEFAULT,
) -> list[Kpi]:
    """Revenue, units, orders (and margin % unless hidden) with their change against last year;
    plan attainment last when `plan` (the account's attainment row) has a target."""
    now, before = _period(kpis, "this"), _period(kpis, "last")

    def versus(metric: str) -> tuple[str, bool | None]:
        g = growth(now[metric], before[metric])
        return f"{change(g, style)} vs LY", None if g is None else g >= 0

    shown = [
        Kpi("Revenue", money(now["revenue"], style), *versus("revenue")),
        Kpi("Units", formats.units(now["quantity"], style), *versus("quantity")),
        Kpi("Orders", formats.units(now["orders"], style), *versus("orders")),
    ]
    if show_margin:
        rate, last_rate = margin_rate(now), margin_rate(before)
        moved = None if rate is None or last_rate is None else rate - last_rate
        shown.insert(
            1,
            Kpi(
                "Gross margin",
                formats.pct(rate, style),
                f"{formats.points(moved, style)} vs LY",
                None if moved is None else moved >= 0,
            ),
        )
    if plan is not None and not plan.empty:
        shown.append(plan_kpi(plan.iloc[0]))
    return shown


def trend(monthly: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """store.trends.monthly as chart rows: month label ('Nov 25'), This year, Last year.

    Every month of the window is present; a month without sales is 0.
    """
    months = pd.date_range(
        end=pd.Timestamp(as_of).to_period("M").to_timestamp(), periods=TREND_MONTHS, freq="MS"
    )
    revenue = (
        monthly.set_index(pd.to_datetime(monthly["month"]))[["revenue", "revenue_last_year"]]
        .astype(float)
        .reindex(months, fill_value=0.0)
    )
    return pd.DataFrame(
        {
            "month": months.strftime("%b %y"),
            "This year": revenue["revenue"].to_numpy(),
            "Last year": revenue["revenue_last_year"].to_numpy(),
        }
    )


def promotions_ahead(promotions: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The brief's promotions with status 'running' (started by `as_of`) or 'planned'."""
    started = pd.to_datetime(promotions["start_date"]) <= pd.Timestamp(as_of)
    return promotions.assign(status=started.map({True: "running", False: "planned"}))


def stock_risks(risk: pd.DataFrame, account_id: str, limit: int = 5) -> pd.DataFrame:
    """The account's positions at high or medium risk (stock_plan.risk rows), first out first."""
    mine = risk[(risk["account_id"] == account_id) & risk["risk"].isin(tp.STOCK_RISKS)]
    return mine.sort_values(["stockout_date", "days_of_cover", "sku"]).head(limit)


# Fractions shown as %.
PERCENT_FIGURES = {
    "change",
    "share_last_year",
    "discount_pct",
    "attainment",
    "projected_attainment",
}


def figures(point: tp.TalkingPoint) -> pd.DataFrame:
    """The numbers behind a talking point as two text columns, figure and value, for display."""

    def shown(name: str, value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "–"
        if isinstance(value, date):
            return formats.day(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if name in PERCENT_FIGURES:
                return f"{value:+.1%}" if name == "change" else f"{value:.1%}"
            whole = abs(value) >= 100 or float(value).is_integer()
            return f"{value:,.0f}" if whole else f"{value:,.2f}"
        return str(value)

    return pd.DataFrame(
        {
            "figure": [
                name.replace("_", " ").capitalize().replace("Sku", "SKU") for name in point.numbers
            ],
            "value": [shown(name, value) for name, value in point.numbers.items()],
        }
    )


def points(
    brief: AccountBrief, risk: pd.DataFrame | None = None, style: formats.Style = formats.DEFAULT
) -> list[tp.TalkingPoint]:
    """Every talking point that fires for the account, sales first, then stock, money, diary.

    `risk`: stock_plan.risk (every position), when the database has stock snapshots; `style`:
    the company's currency and locale for the amounts said.
    """
    now, before = _period(brief.kpis, "this"), _period(brief.kpis, "last")
    fired = [
        *tp.revenue_change(now["revenue"], before["revenue"], style=style),
        *tp.category_shifts(brief.mix, style=style),
    ]
    if risk is not None:
        fired += tp.stock_outs(risk[risk["account_id"] == brief.account_id])
    if brief.plan is not None:
        fired += tp.plan_gap(brief.plan, style)
    return [
        *fired,
        *tp.next_tiers(brief.payouts),
        *diary.planned_promotions(brief.promotions, brief.end),
        *diary.upcoming_events(brief.events, brief.end),
        *diary.visit_gap(brief.visits, brief.end),
    ]
