"""The refresh on DuckDB and on Spark: the same tables from the same files, and clear refusals.

The Spark tests carry the `spark` marker and skip, saying why, without PySpark or Java.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kohtaanto.analytics import forecast, kpi, paths, service_impact
from kohtaanto.analytics.data import load
from kohtaanto.analytics.engine import EngineData, open_engine
from kohtaanto.analytics.refresh import RefreshError, refresh
from kohtaanto.cli import main


def _tables(out) -> dict[str, pl.DataFrame]:
    return {p.stem: pl.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def _assert_same_tables(a, b) -> None:
    ta, tb = _tables(a), _tables(b)
    assert set(ta) == set(tb) and "service_promise" in ta
    for name in ta:
        assert_frame_equal(ta[name], tb[name], check_exact=True), name


def test_kpis_on_duckdb_equal_kpis_in_memory(tiny_dir):
    data = load(tiny_dir)
    src = EngineData(open_engine("duckdb"), tiny_dir, data.as_of)
    for fn in (kpi.service_promise, kpi.clients_over_time, kpi.service_bottlenecks, kpi.outcomes_by_segment):
        assert_frame_equal(fn(src), fn(data))
    assert_frame_equal(kpi.caseloads(src, 136), kpi.caseloads(data, 136))


def test_partitioned_extract_reads_as_the_flat_one(golden_dir):
    flat, part = golden_dir
    assert (part / "events" / "area=091").is_dir()
    assert any((part / "events" / "area=091").glob("year=*/part-0.parquet"))
    a, b = load(flat), load(part)
    assert a.as_of == b.as_of
    for name, df in a.tables.items():
        keys = [c for c in df.columns if df.schema[c] != pl.List(pl.String)]
        assert_frame_equal(b[name].select(df.columns).sort(keys), df.sort(keys))


def test_duckdb_refresh_same_on_flat_and_partitioned_files(golden_dir, tmp_path):
    flat, part = golden_dir
    refresh(flat, tmp_path / "flat", norm=136, impact=False)
    refresh(part, tmp_path / "part", norm=136, impact=False)
    for name in (
        "service_promise",
        "clients_over_time",
        "caseloads",
        "service_bottlenecks",
        "job_search_ends",
    ):
        assert_frame_equal(
            pl.read_parquet(tmp_path / "flat" / f"{name}.parquet"),
            pl.read_parquet(tmp_path / "part" / f"{name}.parquet"),
        )


def test_unknown_engine_is_refused_and_writes_nothing(tiny_dir, tmp_path, capsys):
    with pytest.raises(RefreshError, match="unknown analytics engine 'oracle'"):
        refresh(tiny_dir, tmp_path / "out", norm=136, engine="oracle")
    assert not (tmp_path / "out").exists()
    code = main(
        ["analytics", "refresh", "--data", str(tiny_dir), "--out", str(tmp_path / "o2"), "--engine", "x"]
    )
    assert code == 2 and "unknown analytics engine" in capsys.readouterr().err
    assert not (tmp_path / "o2").exists()


def test_spark_without_java_is_refused_and_writes_nothing(tiny_dir, tmp_path, monkeypatch):
    pytest.importorskip("pyspark")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-java"))
    with pytest.raises(RefreshError, match="needs a Java runtime"):
        refresh(tiny_dir, tmp_path / "out", norm=136, engine="spark", spark_master="local[1]")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("master", ["sc://127.0.0.1:9", "spark://127.0.0.1:9", "mesos://old"])
def test_unreachable_or_unknown_cluster_is_refused(tiny_dir, tmp_path, master):
    pytest.importorskip("pyspark")
    if master.startswith("spark://"):
        from kohtaanto.analytics.engine import java_runtime

        if java_runtime() is None:
            pytest.skip("needs a Java runtime to get as far as the cluster")
    with pytest.raises(RefreshError, match="not reachable|unknown Spark master"):
        refresh(tiny_dir, tmp_path / "out", norm=136, engine="spark", spark_master=master)
    assert not (tmp_path / "out").exists()


@pytest.mark.spark
def test_golden_data_set_gives_identical_tables_on_duckdb_and_spark(golden_dir, spark_master, tmp_path):
    _flat, part = golden_dir
    duck = refresh(part, tmp_path / "duckdb", norm=136, engine="duckdb")
    spark = refresh(part, tmp_path / "spark", norm=136, engine="spark", spark_master=spark_master)
    assert duck["engine"] == "duckdb" and spark["engine"] == "spark"
    assert duck["tables"] == spark["tables"] and duck["forecast"] == spark["forecast"]
    _assert_same_tables(tmp_path / "duckdb", tmp_path / "spark")


def _paths_and_model_inputs(src) -> dict[str, pl.DataFrame]:
    """What the refresh collects from the engine for paths, the forecast and the impact."""
    train, cal, test = forecast._split(src.as_of, src.window_start)
    rows = forecast.labelled_snapshots(src, [*train, cal, test])
    inputs = service_impact.impact_inputs(src)
    return {
        "client_paths": paths.client_paths(src),
        "path_counts": paths.path_counts(src),
        "transitions": paths.transitions(src),
        "forecast_rows": pl.concat(rows.values()),
        "impact_people": inputs.people,
        "impact_started": inputs.started,
        "impact_referred": inputs.referred,
        "impact_services": inputs.services,
        "analysis_table_P001": service_impact.analysis_table(src, "P001", controls="referred"),
    }


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_paths_and_model_inputs_on_the_engine_as_in_memory(golden_dir, engine, request):
    """The per-client paths, the forecast's rows and the impact inputs: the same on the
    engine (from the partitioned extract) as in memory, to the last value."""
    _flat, part = golden_dir
    data = load(part)
    master = request.getfixturevalue("spark_master") if engine == "spark" else None
    src = EngineData.open(open_engine(engine, master), part)
    try:
        assert src.as_of == data.as_of
        on_engine, in_memory = _paths_and_model_inputs(src), _paths_and_model_inputs(data)
    finally:
        src.release()
    assert in_memory["client_paths"].height > 100 and in_memory["forecast_rows"].height > 1000
    for name, expected in in_memory.items():
        assert_frame_equal(on_engine[name], expected, check_exact=True), name


@pytest.mark.spark
def test_spark_kpis_on_tiny_data_equal_in_memory(tiny_dir, spark_master):
    data = load(tiny_dir)
    src = EngineData(open_engine("spark", spark_master), tiny_dir, data.as_of)
    assert_frame_equal(kpi.service_promise(src), kpi.service_promise(data))
    assert_frame_equal(kpi.outcomes_by_segment(src), kpi.outcomes_by_segment(data))
    assert_frame_equal(kpi.service_bottlenecks(src), kpi.service_bottlenecks(data))


def test_cli_refresh_takes_the_engine(tiny_dir, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["analytics", "refresh", "--data", str(tiny_dir), "--out", str(out), "--no-impact"]
    assert main([*argv, "--engine", "duckdb", "--as-of", "2026-10-31"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["engine"] == "duckdb" and report["as_of"] == "2026-10-31"
    assert (out / "service_promise.parquet").is_file()


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_implied_outcome_events_on_the_engine_as_in_memory(tiny_dir, engine, request):
    """A job search ended as subsidised work with no employment recorded: both add it."""
    events = pl.read_parquet(tiny_dir / "events.parquet")
    extra = pl.DataFrame(
        {
            "event_id": ["E90", "E91"],
            "client_id": ["K2", "K4"],
            "date": [dt.date(2026, 1, 5), dt.date(2026, 2, 9)],
            "kind": ["job_search_ended", "job_search_ended"],
            "service_id": [None, None],
            "reason": ["subsidised", "education"],
        }
    )
    pl.concat([events, extra.cast(events.schema)]).write_parquet(tiny_dir / "events.parquet")
    data = load(tiny_dir)
    master = request.getfixturevalue("spark_master") if engine == "spark" else None
    src = EngineData(open_engine(engine, master), tiny_dir, data.as_of)
    cols = ["client_id", "date", "kind", "reason"]
    on_engine = src.lazy("events").collect("polars").to_native().select(cols).sort(cols, nulls_last=True)
    assert_frame_equal(on_engine, data["events"].select(cols).sort(cols, nulls_last=True))
    assert {"employment", "education_start"} <= set(
        on_engine.filter(pl.col("client_id").is_in(["K2", "K4"]))["kind"]
    )
    assert_frame_equal(kpi.outcomes_by_segment(src), kpi.outcomes_by_segment(data))


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_provider_and_contract_figures_on_the_engine_as_in_memory(golden_dir, engine, request):
    """The provider and contract figures count on the engine (no table is read into memory)
    and give the in-memory tables to the last value, the risk-adjusted intervals included."""
    from kohtaanto.analytics import contracts, providers

    _flat, part = golden_dir
    data = load(part)
    master = request.getfixturevalue("spark_master") if engine == "spark" else None
    src = EngineData.open(open_engine(engine, master), part)
    try:
        on_engine = {**providers.publishable(src), **contracts.publishable(src)}
    finally:
        src.release()
    in_memory = {**providers.publishable(data), **contracts.publishable(data)}
    assert set(on_engine) == {"provider_operations", "provider_performance", "contract_operations",
                              "contract_performance"}  # fmt: skip
    assert in_memory["provider_operations"]["n_referred"].drop_nulls().sum() > 100
    for name, expected in in_memory.items():
        assert_frame_equal(on_engine[name], expected, check_exact=True), name
