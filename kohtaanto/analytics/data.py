"""Reading a folder of register Parquet files (docs/data-model.md) and shared helpers.

Works on the generator's output and on the pseudonymised extract alike: only the schema
matters. ground_truth.json is deliberately never read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

import polars as pl

from kohtaanto.domain.nordic import add_months

TABLES = ("clients", "staff", "meetings", "events", "services", "referrals")
# Tables of the joint services and procured services (issue 17): in the extract and the
# generator's output since indicator set 1.1; read when present, so older folders still load.
OPTIONAL_TABLES = (
    "contracts",
    "contract_services",
    "contract_members",
    "contract_bonuses",
    "typ_cases",
    "typ_team",
    "ohjaamo_visits",
)
HISTORY_MONTHS = 24
# Folder keys of a partitioned extract (area=<code>/year=<yyyy>/): not columns of the data.
PARTITION_KEYS = ("area", "year")
FINNISH_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2", "native")
EDUCATION_LEVELS = ("none", "basic", "upper_secondary", "tertiary")
# End reasons that are the outcome itself: work of any kind, or education (issue 12).
OUTCOME_OF_REASON = {
    "employed": "employment",
    "subsidised": "employment",
    "entrepreneur": "employment",
    "education": "education_start",
}


class DataError(ValueError):
    """The data folder is missing tables or columns the analytics need."""


@dataclass
class RegisterData:
    """The register tables as Polars frames plus the snapshot date."""

    tables: dict[str, pl.DataFrame]
    as_of: dt.date
    # Intermediate frames several analyses share (decision-date features, first employment),
    # computed once per data set: it lives and dies with this object, so it stays bounded.
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, name: str, compute):
        """`compute()` the first time `name` is asked for, the same frame afterwards."""
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def lazy(self, name: str):
        """The table as a Narwhals lazy frame (the `frames.Source` the KPI code reads)."""
        import narwhals as nw

        return nw.from_native(self.tables[name].lazy())

    def small(self, df: pl.DataFrame):
        import narwhals as nw

        return nw.from_native(df.lazy())

    @property
    def window_start(self) -> dt.date:
        return add_months(self.as_of, -HISTORY_MONTHS)


def load(
    data_dir: str | Path,
    as_of: dt.date | None = None,
    tables: tuple[str, ...] = TABLES,
    optional: tuple[str, ...] = OPTIONAL_TABLES,
) -> RegisterData:
    """Read the Parquet tables (and those of `optional` that exist); `as_of` defaults to
    the latest event date in the data."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"data folder not found: {root}")
    out = {}
    for name in tables:
        path = root / f"{name}.parquet"
        if not path.is_file() and (root / name).is_dir():
            path = root / name  # partitioned by area and year (analytics/partition.py)
        elif not path.is_file():
            raise DataError(f"missing table {path}")
        try:
            out[name] = read_table(path)
        except Exception as exc:
            raise DataError(f"cannot read {path}: {exc}") from exc
    for name in optional:
        path = root / f"{name}.parquet"
        path = path if path.is_file() else root / name
        if path.exists() and name not in out:
            out[name] = read_table(path)
    if "events" in out:
        out["events"] = with_outcome_events(out["events"])
    if as_of is None:
        as_of = infer_as_of(out)
    return RegisterData(out, as_of)


def read_table(path: Path) -> pl.DataFrame:
    """One table: a Parquet file, or a folder partitioned by area and year (keys dropped)."""
    if not path.is_dir():
        return pl.read_parquet(path)
    df = pl.read_parquet(path / "**" / "*.parquet", hive_partitioning=True)
    return df.drop([c for c in PARTITION_KEYS if c in df.columns])


def with_outcome_events(events: pl.DataFrame) -> pl.DataFrame:
    """Add the outcome event a job-search end implies when it is not already there.

    The register writes an `employment` (or `education_start`) event beside each
    `job_search_ended` for work (or education); a worker who ends a period in the app as
    subsidised work or entrepreneurship need not record the employment separately. Every
    analysis then counts employment one way: by `employment` events."""
    if not {"kind", "reason", "client_id", "date"} <= set(events.columns):
        return events
    implied = (
        events.filter(pl.col("kind") == "job_search_ended", pl.col("reason").is_in(list(OUTCOME_OF_REASON)))
        .with_columns(
            pl.col("reason").replace_strict(OUTCOME_OF_REASON, return_dtype=pl.String).alias("kind")
        )
        .with_columns(pl.lit(None, pl.String).alias("reason"))
    )
    if "service_id" in implied.columns:
        implied = implied.with_columns(pl.lit(None, implied.schema["service_id"]).alias("service_id"))
    recorded = (  # an outcome event of that kind in the 60 days up to the end: already counted
        implied.select("client_id", "kind", "date")
        .join(events.select("client_id", "kind", pl.col("date").alias("recorded")), on=["client_id", "kind"])
        .filter(
            pl.col("recorded") <= pl.col("date"), pl.col("recorded") >= pl.col("date") - dt.timedelta(days=60)
        )
        .select("client_id", "kind", "date")
        .unique()
    )
    missing = implied.join(recorded, on=["client_id", "date", "kind"], how="anti")
    if not missing.height:
        return events
    if "event_id" in missing.columns:
        missing = missing.with_columns(pl.lit(None, missing.schema["event_id"]).alias("event_id"))
    return pl.concat([events, missing.select(events.columns)], how="vertical_relaxed").sort(
        "date", "client_id", maintain_order=True
    )


def infer_as_of(tables: dict[str, pl.DataFrame]) -> dt.date:
    """The snapshot date: events never lie in the future, so their last date is a tight bound."""
    if "events" in tables and tables["events"].height:
        return cast(dt.date, tables["events"]["date"].max())
    if "clients" in tables and tables["clients"].height:
        return cast(dt.date, tables["clients"]["registration_date"].max())
    raise DataError("cannot infer the snapshot date: no events or clients")


@lru_cache(maxsize=8192)
def _next_working_day(d: dt.date) -> dt.date:
    from kohtaanto.domain.workdays import next_working_day

    return next_working_day(d)


@lru_cache(maxsize=8192)
def _add_working_days(d: dt.date, n: int) -> dt.date:
    from kohtaanto.domain.workdays import add_working_days

    return add_working_days(d, n)


def map_dates(s: pl.Series, fn) -> pl.Series:
    """Apply a scalar date rule to a date column via its few distinct values (fast, exact)."""
    uniq = s.drop_nulls().unique()
    mapping = pl.DataFrame(
        {"__d": uniq, "__v": [fn(d) for d in uniq.to_list()]}, schema={"__d": pl.Date, "__v": pl.Date}
    )
    return s.to_frame("__d").join(mapping, on="__d", how="left", maintain_order="left")["__v"].alias(s.name)


def next_working_day(s: pl.Series) -> pl.Series:
    return map_dates(s, _next_working_day)


def add_working_days(s: pl.Series, n: int) -> pl.Series:
    return map_dates(s, lambda d: _add_working_days(d, n))


def age_at(birth: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed years of age."""
    before_birthday = (on.dt.month() < birth.dt.month()) | (
        (on.dt.month() == birth.dt.month()) & (on.dt.day() < birth.dt.day())
    )
    return on.dt.year() - birth.dt.year() - before_birthday.cast(pl.Int32)


def age_group(age: pl.Expr) -> pl.Expr:
    """The age groups used in fairness and segment reports."""
    return (
        pl.when(age < 25)
        .then(pl.lit("under_25"))
        .when(age < 30)
        .then(pl.lit("25_29"))
        .when(age < 50)
        .then(pl.lit("30_49"))
        .when(age < 55)
        .then(pl.lit("50_54"))
        .otherwise(pl.lit("55_plus"))
    )


def level_rank(col: str, levels: tuple[str, ...]) -> pl.Expr:
    return pl.col(col).replace_strict(
        list(levels), list(range(len(levels))), default=None, return_dtype=pl.Int32
    )


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """Month ends from start's month to end's month (snapshot days for stock counts)."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), end))
        y, m = nxt.year, nxt.month
    return out
