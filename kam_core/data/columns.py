"""How the columns the pages, downloads and reports show read: a label and a kind for each name.

One vocabulary for every table: a page passes only the columns whose label or kind differs in
its table (e.g. `change` is money beside revenue, a rate elsewhere). A name not listed here
reads as its words ('days_open' -> 'Days open'), its kind taken from its values.
"""

from __future__ import annotations

from kam_core.data.formats import Column

COMMON: dict[str, Column] = {
    # who and what
    "account_id": Column("Account ID"),
    "name": Column("Account"),
    "account": Column("Account"),
    "sku": Column("SKU"),
    "product": Column("Product"),
    "category": Column("Category"),
    "region": Column("Region"),
    "channel": Column("Channel"),
    "manager": Column("Manager"),
    "tier": Column("Tier"),
    "credit_rating": Column("Credit"),
    "program_id": Column("Programme"),
    "promo_id": Column("Promotion"),
    "kind": Column("Kind"),
    "period": Column("Period"),
    "year": Column("Year", "text"),
    # money
    "revenue": Column("Revenue", "money"),
    "revenue_ly": Column("Last year", "money"),
    "revenue_12m": Column("Revenue, 12 months", "money"),
    "revenue_last_year": Column("Last year", "money"),
    "margin_last_year": Column("Margin last year", "money"),
    "revenue_3m": Column("Last 3 months", "money"),
    "revenue_3m_ly": Column("Same months LY", "money"),
    "margin": Column("Gross margin", "money"),
    "margin_12m": Column("Margin, 12 months", "money"),
    "gross_margin": Column("Gross margin", "money"),
    "revenue_target": Column("Target, year", "money"),
    "ytd_target": Column("Target to date", "money"),
    "ytd_actual": Column("Actual to date", "money"),
    "required_per_month": Column("Needed a month", "money"),
    "projected_full_year": Column("Projected, year", "money"),
    "revenue_at_risk": Column("Revenue at risk", "money"),
    "basis": Column("Basis", "money"),
    "payout": Column("Owed", "money"),
    "projected_payout": Column("Projected", "money"),
    "projected_basis": Column("Projected basis", "money"),
    "gap_to_next_tier": Column("To next tier", "money"),
    "extra_payout_at_next_tier": Column("Worth", "money"),
    "tier_threshold": Column("Tier threshold", "money"),
    "next_tier_threshold": Column("Next tier threshold", "money"),
    "rebates": Column("Rebates", "money"),
    "promotion_costs": Column("Promotions", "money"),
    "service_costs": Column("Service costs", "money"),
    "cost_to_serve": Column("Cost to serve", "money"),
    "net_contribution": Column("Net contribution", "money"),
    "cost": Column("Cost", "money"),
    "unit_price": Column("Unit price", "money"),
    "list_price": Column("List price", "money"),
    # rates (fractions shown as percentages)
    "share": Column("Share", "pct"),
    "share_ly": Column("Share last year", "pct"),
    "cumulative_share": Column("Cumulative share", "pct"),
    "margin_rate": Column("Margin rate", "pct"),
    "growth": Column("Growth", "change"),
    "change_3m": Column("Change", "change"),
    "yoy_growth": Column("Growth", "change"),
    "attainment": Column("Attainment", "pct"),
    "projected_attainment": Column("Projected", "pct"),
    "tier_rate": Column("Tier rate", "pct"),
    "discount_pct": Column("Discount", "pct"),
    "otif_rate": Column("OTIF", "pct"),
    "on_time_rate": Column("On time", "pct"),
    "in_full_rate": Column("In full", "pct"),
    "fill_rate": Column("Fill rate", "pct"),
    "cost_to_serve_share": Column("Share of revenue", "pct"),
    "cost_to_serve_share_ly": Column("Share last year", "pct"),
    "resolution_rate": Column("Resolution rate", "pct"),
    "resolved_in_time_rate": Column("Resolved in time", "pct"),
    "shift": Column("Shift", "points"),
    # units and counts
    "on_hand": Column("On hand", "units"),
    "quantity": Column("Units", "units"),
    "qty": Column("Units", "units"),
    "ordered": Column("Ordered", "units"),
    "delivered": Column("Delivered", "units"),
    "forecast_demand": Column("Forecast demand", "units"),
    "suggested_order_qty": Column("Propose (units)", "units"),
    "quantity_target": Column("Units target", "units"),
    "lines": Column("Lines", "units"),
    "rows": Column("Rows", "units"),
    "days_of_cover": Column("Days of cover", "units"),
    "days_late": Column("Days late", "int"),
    "avg_days_late": Column("Days late (avg)", "number"),
    "score": Column("Score", "units"),
    # dates
    "date": Column("Date", "day"),
    "week": Column("Week of", "day"),
    "start_date": Column("Starts", "day"),
    "end_date": Column("Ends", "day"),
    "first_date": Column("First date", "day"),
    "last_date": Column("Last date", "day"),
    "stockout_date": Column("Runs out", "day"),
    "promised_date": Column("Promised", "day"),
    "delivered_date": Column("Delivered on", "day"),
    "due_date": Column("Due", "day"),
    "done_date": Column("Done", "day"),
    "next_visit_date": Column("Next visit", "day"),
    "snapshot_date": Column("Snapshot", "day"),
    "as_of": Column("As of", "day"),
}


def spec(**changed: Column) -> dict[str, Column]:
    """The common vocabulary with some columns read otherwise in one table."""
    return COMMON | changed
