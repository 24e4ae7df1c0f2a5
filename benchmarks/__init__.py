"""`make bench`: page data timings at 1M, 10M and 50M rows, the app in Chromium, full-size load."""
