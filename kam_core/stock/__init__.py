"""Who runs dry in the peak? Season, forecast, stock risk, what to ship, who gets short supply."""
