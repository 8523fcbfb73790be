"""The engine the analytics refresh counts on: DuckDB (default, in process) or Apache Spark.

Both read the same Parquet extract — one file per table, or a folder per table partitioned
by area and year (`partition.py`) — and hand the KPI code Narwhals lazy frames
(`frames.Source`). Everything is checked before anything is written: an unknown engine, a
missing PySpark, no Java runtime for a Spark driver, or a cluster that does not answer is a
clear `EngineError`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import narwhals as nw
import polars as pl

from kohtaanto.analytics.data import HISTORY_MONTHS, OUTCOME_OF_REASON, PARTITION_KEYS, TABLES, DataError
from kohtaanto.analytics.frames import collect, epoch_days
from kohtaanto.domain.nordic import add_months

ENGINES = ("duckdb", "spark")
_KEPT = itertools.count()
SPARK_CONNECT_PORT = 15002
STANDALONE_PORT = 7077


class EngineError(ValueError):
    """The chosen engine cannot run here (unknown, not installed, no Java, no cluster)."""


def java_runtime() -> str | None:
    """The `java` a Spark driver would start: $JAVA_HOME/bin/java, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        exe = Path(home) / "bin" / "java"
        return str(exe) if exe.is_file() else None
    return shutil.which("java")


def _reachable(url: str, default_port: int) -> None:
    parsed = urlparse(url)
    host, port = parsed.hostname, parsed.port or default_port
    if not host:
        raise EngineError(f"Spark master {url!r} names no host")
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        raise EngineError(f"Spark cluster {url} is not reachable ({exc.strerror or exc})") from exc


def _spark_session(master: str, shuffle_partitions: int = 8) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError("the Spark engine needs PySpark: pip install 'kohtaanto[spark]'") from exc
    if master.startswith("sc://"):  # Spark Connect: the driver runs on the cluster, no local Java
        _reachable(master, SPARK_CONNECT_PORT)
        try:
            return SparkSession.builder.remote(master).getOrCreate()
        except ImportError as exc:
            raise EngineError(f"Spark Connect needs its client libraries: {exc}") from exc
    if not (master.startswith(("local", "spark://", "k8s://")) or master == "yarn"):
        raise EngineError(f"unknown Spark master {master!r}: local[N], spark://, k8s://, yarn or sc://")
    if java_runtime() is None:
        raise EngineError(
            "the Spark engine needs a Java runtime (17 or later): set JAVA_HOME or put `java` on PATH"
        )
    if master.startswith("spark://"):
        _reachable(master, STANDALONE_PORT)
    builder = (
        SparkSession.builder.master(master)
        .appName("kohtaanto-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
    )
    if master.startswith("local"):  # a cluster keeps its own spark-defaults.conf
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    return builder.getOrCreate()


@dataclass
class Engine:
    """An open engine: a DuckDB connection or a SparkSession."""

    name: str
    native: Any
    # Frames made from Polars must outlive the queries that read them (DuckDB scans Arrow lazily).
    _keep: list = field(default_factory=list, repr=False)

    def read_parquet(self, path: Path) -> nw.LazyFrame:
        if self.name == "duckdb":
            if path.is_dir():
                rel = self.native.read_parquet(str(path / "**" / "*.parquet"), hive_partitioning=True)
            else:
                rel = self.native.read_parquet(str(path))
            return nw.from_native(rel)
        return nw.from_native(self.native.read.parquet(str(path)))

    def persist(self, lf: nw.LazyFrame) -> nw.LazyFrame:
        """Compute `lf` once and keep it on the engine: a DuckDB temporary table, a cached
        Spark frame (both dropped by `release`)."""
        if self.name == "duckdb":
            name = f"kohtaanto_keep_{next(_KEPT)}"
            lf.to_native().to_table(name)
            self._keep.append(name)
            return nw.from_native(self.native.table(name))
        cached = lf.to_native().cache()
        self._keep.append(cached)
        return nw.from_native(cached)

    def release(self) -> None:
        """Drop what `persist` and `from_polars` kept."""
        for item in self._keep:
            if isinstance(item, str):
                self.native.execute(f"DROP TABLE IF EXISTS {item}")
            elif hasattr(item, "unpersist"):
                item.unpersist()
        self._keep.clear()

    def from_polars(self, df: pl.DataFrame) -> nw.LazyFrame:
        if self.name == "duckdb":
            table = df.to_arrow()
            self._keep.append(table)
            return nw.from_native(self.native.from_arrow(table))
        rows = [tuple(r) for r in df.iter_rows()]
        return nw.from_native(self.native.createDataFrame(rows, schema=_spark_schema(df)))


def _spark_schema(df: pl.DataFrame) -> str:
    types = {pl.Date: "date", pl.String: "string", pl.Int64: "bigint", pl.Int32: "int", pl.Float64: "double"}
    return ", ".join(f"`{n}` {types[t.base_type()]}" for n, t in df.schema.items())


def open_engine(name: str, spark_master: str | None = None) -> Engine:
    """Start (or reuse) the engine; every check that can fail runs here, before any output."""
    if name not in ENGINES:
        raise EngineError(f"unknown analytics engine {name!r}: choose one of {', '.join(ENGINES)}")
    if name == "duckdb":
        import duckdb

        return Engine("duckdb", duckdb.connect())
    session = _spark_session(spark_master or "local[*]")
    if hasattr(session, "sparkContext") and not (spark_master or "").startswith("sc://"):
        session.sparkContext.setLogLevel("ERROR")
    return Engine("spark", session)


def with_outcome_events(events: nw.LazyFrame) -> nw.LazyFrame:
    """`data.with_outcome_events` on the engine: the employment (or education) event a
    job-search end implies, unless one of that kind was recorded in the 60 days before."""
    kind = nw.lit(None, nw.String)
    for reason, outcome in OUTCOME_OF_REASON.items():
        kind = nw.when(nw.col("reason") == reason).then(nw.lit(outcome)).otherwise(kind)
    implied = events.filter(
        nw.col("kind") == "job_search_ended", nw.col("reason").is_in(list(OUTCOME_OF_REASON))
    ).with_columns(
        kind.alias("kind"),
        nw.lit(None, nw.String).alias("reason"),
        *[nw.lit(None, nw.String).alias(c) for c in ("service_id", "event_id") if c in events.columns],
    )
    recorded = (
        implied.select("client_id", "kind", "date")
        .join(events.select("client_id", "kind", nw.col("date").alias("recorded")), on=["client_id", "kind"])
        .filter(
            nw.col("recorded") <= nw.col("date"),
            epoch_days("date") - epoch_days("recorded") <= 60,
        )
        .select("client_id", "kind", "date")
        .unique()
    )
    missing = implied.join(recorded, on=["client_id", "date", "kind"], how="anti")
    cols = events.collect_schema().names()
    return nw.concat([events, missing.select(cols)], how="vertical")


@dataclass
class EngineData:
    """The register tables of a Parquet folder, read by an engine (a `frames.Source`)."""

    engine: Engine
    root: Path
    as_of: dt.date
    _events: nw.LazyFrame | None = field(default=None, repr=False)
    # Intermediates several analyses share (paths' steps, impact inputs), per data set.
    shared: dict = field(default_factory=dict, repr=False)

    def once(self, name: str, compute: Callable[[], Any]) -> Any:
        """`compute()` the first time `name` is asked for, the same result afterwards."""
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]

    def persist(self, lf: nw.LazyFrame) -> nw.LazyFrame:
        return self.engine.persist(lf)

    @classmethod
    def open(cls, engine: Engine, root: str | Path, as_of: dt.date | None = None) -> EngineData:
        """The folder's tables on `engine`, checked before anything runs: a missing folder or
        table is a `DataError`. `as_of` defaults to the last event date (`data.infer_as_of`)."""
        root = Path(root)
        if not root.is_dir():
            raise DataError(f"data folder not found: {root}")
        for name in TABLES:
            cls._path(root, name)
        src = cls(engine, root, as_of or dt.date.min)
        if as_of is None:
            last = collect(src.lazy("events").select(nw.col("date").max()))["date"][0]
            if last is None:
                last = collect(src.lazy("clients").select(nw.col("registration_date").max()))[
                    "registration_date"
                ][0]
            if last is None:
                raise DataError("cannot infer the snapshot date: no events or clients")
            src.as_of = last
        return src

    @staticmethod
    def _path(root: Path, name: str) -> Path:
        path = root / f"{name}.parquet"
        if not path.exists():
            path = root / name
        if not path.exists():
            raise DataError(f"missing table {root / name}.parquet")
        return path

    def lazy(self, name: str) -> nw.LazyFrame:
        if name == "events" and self._events is not None:
            return self._events
        path = self._path(self.root, name)
        try:
            lf = self.engine.read_parquet(path)
        except Exception as exc:  # each engine raises its own error types
            raise DataError(f"cannot read {path}: {exc}") from exc
        extra = [c for c in PARTITION_KEYS if c in lf.collect_schema().names()] if path.is_dir() else []
        lf = lf.drop(*extra) if extra else lf
        if name != "events":
            return lf
        # Several KPIs read the events with the implied outcomes: Spark keeps them once in
        # memory instead of recomputing the join for each (DuckDB's plans are cheap to rerun).
        events = with_outcome_events(lf)
        if self.engine.name == "spark":
            events = nw.from_native(events.to_native().cache())
        self._events = events
        return events

    def small(self, df: pl.DataFrame) -> nw.LazyFrame:
        return self.engine.from_polars(df)

    def release(self) -> None:
        """Drop what the engine keeps for this data (a long-lived Spark session outlives it)."""
        if self._events is not None and self.engine.name == "spark":
            self._events.to_native().unpersist()
        self._events = None
        self.shared.clear()
        self.engine.release()

    @property
    def window_start(self) -> dt.date:
        return add_months(self.as_of, -HISTORY_MONTHS)
