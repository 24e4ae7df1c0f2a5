"""What an account costs beyond its margin: rebates earned, promotion costs and service costs
against its revenue and gross margin, this window and the same window last year.

Money in revenue currency; shares and rates are fractions (0.12 = 12% of revenue). The cost
saving rate is (last year's share - this year's) / last year's share: 0.25 = the account costs a
quarter less per unit of revenue than a year before; negative = it costs more.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

# Amounts per account the store delivers for the window and, suffixed _ly, the window a year
# before (kam_core.store.service.cost_inputs).
COSTS = ["rebates", "promotion_costs", "service_costs"]
INPUTS = ["revenue", "gross_margin", *COSTS]
VIEW_COLUMNS = [
    "account_id",
    "revenue",
    "gross_margin",
    "rebates",
    "promotion_costs",
    "service_costs",
    "cost_to_serve",
    "cost_to_serve_share",
    "cost_to_serve_share_ly",
    "cost_saving_rate",
    "net_contribution",
]


def _share(cost: pd.Series, revenue: pd.Series) -> pd.Series:
    return cost / revenue.where(revenue > 0)


def saving_rate(share: pd.Series, share_ly: pd.Series) -> pd.Series:
    """(share_ly - share) / share_ly; NaN where last year's share is unknown or zero."""
    return (share_ly - share) / share_ly.where(share_ly > 0)


def cost_to_serve(inputs: pd.DataFrame) -> pd.DataFrame:
    """VIEW_COLUMNS (and `rank` by net contribution, 1 = pays the most) per row of `inputs`
    (account_id, INPUTS and INPUTS_ly); a share is NaN without revenue in its window."""
    cost = inputs[COSTS].sum(axis=1)
    cost_ly = inputs[[f"{c}_ly" for c in COSTS]].sum(axis=1)
    share = _share(cost, inputs["revenue"])
    share_ly = _share(cost_ly, inputs["revenue_ly"])
    table = inputs.assign(
        cost_to_serve=cost,
        cost_to_serve_share=share,
        cost_to_serve_share_ly=share_ly,
        cost_saving_rate=saving_rate(share, share_ly),
        net_contribution=inputs["gross_margin"] - cost,
    )[VIEW_COLUMNS]
    ranked = table.sort_values(["net_contribution", "account_id"], ascending=[False, True])
    return ranked.assign(rank=range(1, len(ranked) + 1)).reset_index(drop=True)


def portfolio_saving_rate(inputs: pd.DataFrame) -> float | None:
    """The cost saving rate of all accounts of `inputs` together (their summed costs and
    revenue); None when last year's share is unknown or zero."""
    totals = inputs[[*INPUTS, *(f"{c}_ly" for c in INPUTS)]].sum().to_frame().T
    share = _share(totals[COSTS].sum(axis=1), totals["revenue"])
    share_ly = _share(totals[[f"{c}_ly" for c in COSTS]].sum(axis=1), totals["revenue_ly"])
    rate = saving_rate(share, share_ly).iloc[0]
    return None if pd.isna(rate) else float(rate)


def waterfall(table: pd.DataFrame) -> pd.DataFrame:
    """Steps from gross margin to net contribution over the rows of a cost_to_serve table:
    step (label), amount (costs negative), kind ('total' for the first and last bars)."""
    totals = table[["gross_margin", *COSTS, "net_contribution"]].sum()
    return pd.DataFrame(
        {
            "step": ["Gross margin", "Rebates", "Promotions", "Service costs", "Net contribution"],
            "amount": [
                totals["gross_margin"],
                -totals["rebates"],
                -totals["promotion_costs"],
                -totals["service_costs"],
                totals["net_contribution"],
            ],
            "kind": ["total", "cost", "cost", "cost", "total"],
        }
    )


def rebates_in_window(accruals: pd.DataFrame, first: date, last: date) -> pd.Series:
    """Rebates earned per account from `first` to `last` (inclusive).

    `accruals`: account_id, payout, start, accrued_to: a programme period's payout accrued from
    its first day `start` to `accrued_to`. A period counts in the share of its accrued days that
    fall inside the window (a year accrued to 31 Dec with 92 days in the window counts 92/365).
    """
    if accruals.empty:
        return pd.Series(dtype=float, name="rebates")
    start = pd.to_datetime(accruals["start"])
    accrued_to = pd.to_datetime(accruals["accrued_to"])
    inside = (
        accrued_to.clip(upper=pd.Timestamp(last)) - start.clip(lower=pd.Timestamp(first))
    ).dt.days + 1
    share = inside.clip(lower=0) / ((accrued_to - start).dt.days + 1)
    earned = accruals["payout"].astype(float) * share
    return earned.groupby(accruals["account_id"]).sum().rename("rebates")
