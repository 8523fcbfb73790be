"""Analytics on register data: impact, KPIs, disclosure control, forecasts and paths.

Pure Python over DuckDB/Polars/Parquet and scikit-learn; it must never import Django, so
that the CLI, the refresh job and the benchmarks run without a database.
"""
