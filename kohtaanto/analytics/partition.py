"""The extract partitioned by area and year: `<table>/area=<code>/year=<yyyy>/part-0.parquet`.

One folder per table, readable by Polars, DuckDB and Spark alike (Hive-style keys). Each
employment area writes its own `area=` branch, so a national refresh reads every area's
files without copying them, and an engine reading one area or a few years skips the rest.
Tables without a date of their own (staff, services) are partitioned by area only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from kohtaanto.analytics.data import OPTIONAL_TABLES, TABLES, DataError, read_table

# The date that places a row in a year: when the client registered, the meeting was due,
# the event happened, the referral was made.
YEAR_OF = {
    "clients": "registration_date",
    "meetings": "due_date",
    "events": "date",
    "referrals": "referred_date",
}


def partition_extract(data_dir: str | Path, out_dir: str | Path, area: str) -> dict[str, int]:
    """Write (or replace) `area`'s branch of every table; returns the files written per table."""
    if not area or not area.replace("-", "").replace("_", "").isalnum():
        raise DataError(f"area code {area!r}: letters, digits, - and _ only")
    src, out = Path(data_dir), Path(out_dir)
    frames = {}
    for name in TABLES:  # read everything first: a missing table writes nothing
        path = src / f"{name}.parquet"
        if not path.is_file():
            raise DataError(f"missing table {path}")
        frames[name] = read_table(path)
    for name in OPTIONAL_TABLES:  # contracts, TYP, Ohjaamo (issue 17): when present, by area
        if (src / f"{name}.parquet").is_file():
            frames[name] = read_table(src / f"{name}.parquet")
    written = {}
    for name, df in frames.items():
        branch = out / name / f"area={area}"
        if branch.exists():
            shutil.rmtree(branch)
        if name not in YEAR_OF:
            branch.mkdir(parents=True)
            df.write_parquet(branch / "part-0.parquet")
            written[name] = 1
            continue
        years = df.with_columns(pl.col(YEAR_OF[name]).dt.year().alias("__y"))
        n = 0
        for (year,), part in years.group_by(["__y"], maintain_order=True):
            folder = branch / f"year={year}"
            folder.mkdir(parents=True)
            part.drop("__y").write_parquet(folder / "part-0.parquet")
            n += 1
        written[name] = n
    return written
