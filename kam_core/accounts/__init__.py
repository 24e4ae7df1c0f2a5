"""How is each account doing? Trends against last year, the 20/80 ranking, tier screening."""
