"""How well do we serve each key account, and what does it cost? Delivery reliability (on time,
in full, OTIF, fill rate, days late) and the cost to serve against the margin an account earns."""
