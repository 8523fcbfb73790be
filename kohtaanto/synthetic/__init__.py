"""Deterministic synthetic register data for development, demos, tests and impact validation.

    from kohtaanto.synthetic import generate, write
    data = generate(5_000, seed=1)          # dict of polars DataFrames + data.ground_truth
    write("demo-data", data)                # <table>.parquet files + ground_truth.json

Pure: no Django. The schema is docs/data-model.md.
"""

from kohtaanto.synthetic.generator import DEFAULT_AS_OF, JOINT_TABLES, TABLES, Dataset, generate, write

__all__ = ["DEFAULT_AS_OF", "JOINT_TABLES", "TABLES", "Dataset", "generate", "write"]
