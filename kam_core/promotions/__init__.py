"""Which promotions paid off? Baselines, measured uplift, the calendar and product trials."""
