"""`kohtaanto insights refresh --engine ...`: a refused engine writes nothing; Spark runs it all."""

from __future__ import annotations

import json

import pytest

from kohtaanto.cli import main
from kohtaanto.insights.models import Refresh, RefreshStatus
from kohtaanto.insights.services import analytics_root
from tests.analytics.conftest import spark_unavailable

pytestmark = pytest.mark.django_db


def test_unknown_engine_is_refused_before_the_export(capsys):
    assert main(["insights", "refresh", "--engine", "oracle"]) == 2
    assert "unknown analytics engine 'oracle'" in capsys.readouterr().err
    assert not Refresh.objects.exists()
    assert not analytics_root().exists()


def test_unreachable_spark_cluster_is_refused_before_the_export(capsys):
    pytest.importorskip("pyspark")
    assert main(["insights", "refresh", "--engine", "spark", "--spark-master", "sc://127.0.0.1:9"]) == 2
    assert "not reachable" in capsys.readouterr().err
    assert not Refresh.objects.exists() and not analytics_root().exists()


@pytest.mark.spark
@pytest.mark.slow
def test_refresh_on_spark_gives_the_duckdb_tables(loaded, capsys):
    import polars as pl
    from polars.testing import assert_frame_equal

    if reason := spark_unavailable():
        pytest.skip(reason)
    assert (
        main(["insights", "refresh", "--engine", "spark", "--spark-master", "local[2]", "--no-impact"]) == 0
    )
    spark = Refresh.objects.get()
    assert spark.status == RefreshStatus.DONE, spark.message
    assert spark.report["engine"] == "spark"
    assert main(["insights", "refresh", "--engine", "duckdb", "--no-impact", "--full"]) == 0
    duck = Refresh.objects.exclude(pk=spark.pk).get()
    assert duck.report["engine"] == "duckdb"
    for name in (
        "service_promise",
        "clients_over_time",
        "caseloads",
        "outcomes_by_segment",
        "path_variants",
        "path_transitions",
        "time_to_outcome",
        "forecast_calibration",
        "client_forecasts",
    ):
        a = pl.read_parquet(f"{spark.results_dir}/091/{name}.parquet")
        assert_frame_equal(a, pl.read_parquet(f"{duck.results_dir}/091/{name}.parquet")), name
    forecast = [json.dumps(r.report["areas"]["091"]["forecast"], sort_keys=True) for r in (spark, duck)]
    assert forecast[0] == forecast[1]
