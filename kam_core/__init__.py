"""KAM Dashboard's core: pure rules on DataFrames, the DuckDB store, charts and the command line."""
