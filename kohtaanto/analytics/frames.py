"""The engine-agnostic dataframe layer: Narwhals expressions that run on Polars, DuckDB and Spark.

The KPI code (`kpi.py`) is written once against a `Source`: anything that hands out the
register tables as Narwhals lazy frames and turns a small Polars frame into a frame on the
same engine (for joins with a few hundred rows of calendar facts). `RegisterData` is the
in-memory source; `engine.EngineData` reads the Parquet extract with DuckDB or Spark. The
big tables are filtered, joined and aggregated on the engine; only small results are
collected into Polars, where shares, sorting and disclosure control run as before.

Date arithmetic differs between engines (DuckDB subtracts dates to integers, Spark to
intervals), so the layer never subtracts dates: it compares them, or uses `epoch_days`, which
is plain integer arithmetic every engine does the same way. Calendar rules that need the
Finnish working-day calendar are computed in Python over the distinct dates and joined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import narwhals as nw
import polars as pl


class Source(Protocol):
    """What the KPI code reads: lazy register tables and the snapshot window."""

    as_of: dt.date

    @property
    def window_start(self) -> dt.date: ...

    def lazy(self, name: str) -> nw.LazyFrame: ...

    def small(self, df: pl.DataFrame) -> nw.LazyFrame: ...

    def once(self, name: str, compute: Callable[[], Any]) -> Any: ...


T = TypeVar("T")


def keep(data: Source, lf: nw.LazyFrame) -> nw.LazyFrame:
    """Materialise an intermediate that several queries read (the engine keeps it until
    `release`; in memory it is collected), so each query does not recompute its plan."""
    persist = getattr(data, "persist", None)
    if persist is not None:
        return persist(lf)
    return nw.from_native(lf.collect(backend="polars").to_native().lazy())


def epoch_days(col: str) -> nw.Expr:
    """Days since 1970-01-01 from year, month and day (H. Hinnant's days_from_civil)."""
    y0 = nw.col(col).dt.year().cast(nw.Int64)
    m = nw.col(col).dt.month().cast(nw.Int64)
    d = nw.col(col).dt.day().cast(nw.Int64)
    y = y0 - nw.when(m <= 2).then(nw.lit(1)).otherwise(nw.lit(0))
    era = y // 400
    yoe = y - era * 400
    mp = nw.when(m > 2).then(m - 3).otherwise(m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def month_key(col: str) -> nw.Expr:
    """yyyymm as an integer: a month to group by that every engine computes alike."""
    return nw.col(col).dt.year().cast(nw.Int64) * 100 + nw.col(col).dt.month().cast(nw.Int64)


def month_from_key(key: str, name: str = "month") -> pl.Expr:
    """The first day of the month back from `month_key`, in Polars after collecting."""
    return pl.date(pl.col(key) // 100, pl.col(key) % 100, 1).alias(name)


def count_if(cond: nw.Expr, agg: bool = True) -> nw.Expr:
    """Rows where `cond` holds (null counts as false), as Int64 on every engine; with
    `agg=False` the 0/1 flag per row, to be summed in a plain aggregation (some engines
    take only simple expressions in `group_by().agg()`)."""
    flag = nw.when(cond).then(nw.lit(1)).otherwise(nw.lit(0)).cast(nw.Int64)
    return flag.sum() if agg else flag


def collect(lf: nw.LazyFrame) -> pl.DataFrame:
    """A small result, brought to this node as a Polars frame."""
    return lf.collect(backend="polars").to_native()


def distinct_dates(lf: nw.LazyFrame, col: str) -> list[dt.date]:
    """The distinct values of a date column (a few thousand at most: days in ten years)."""
    return collect(lf.select(col).unique())[col].drop_nulls().to_list()


def age_years(birth: str, on: str) -> nw.Expr:
    """Completed years of age on the date in `on` (the engine-agnostic `data.age_at`)."""

    def mmdd(c: str) -> nw.Expr:
        return nw.col(c).dt.month().cast(nw.Int64) * 100 + nw.col(c).dt.day().cast(nw.Int64)

    before = nw.when(mmdd(on) < mmdd(birth)).then(nw.lit(1)).otherwise(nw.lit(0))
    return nw.col(on).dt.year().cast(nw.Int64) - nw.col(birth).dt.year().cast(nw.Int64) - before


def age_group(age: nw.Expr) -> nw.Expr:
    """The age groups of `data.age_group`, on any engine."""
    return (
        nw.when(age < 25)
        .then(nw.lit("under_25"))
        .when(age < 30)
        .then(nw.lit("25_29"))
        .when(age < 50)
        .then(nw.lit("30_49"))
        .when(age < 55)
        .then(nw.lit("50_54"))
        .otherwise(nw.lit("55_plus"))
    )
