"""The uniform indicator export: same schema for every area, small cells hidden, same on every engine."""

from __future__ import annotations

import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kohtaanto.analytics import indicators as ind
from kohtaanto.analytics.indicators_cli import export
from kohtaanto.analytics.partition import partition_extract
from kohtaanto.cli import main
from kohtaanto.errors import CommandError

THRESHOLD = ind.DEFAULT_THRESHOLD


@pytest.fixture(scope="module")
def two_areas(tmp_path_factory):
    """Two generated municipalities of different size, in one extract partitioned by area."""
    from kohtaanto import synthetic

    part = tmp_path_factory.mktemp("areas")
    flats = {}
    for area, (n, seed) in {"091": (1200, 21), "837": (500, 22)}.items():
        flat = tmp_path_factory.mktemp(f"flat{area}")
        synthetic.write(flat, synthetic.generate(n, seed=seed))
        partition_extract(flat, part, area)
        flats[area] = flat
    return flats, part


def _assert_suppressed(df: pl.DataFrame) -> None:
    shown = df.filter(pl.col("n").is_not_null())
    assert shown.height > 0
    assert (shown["n"] >= THRESHOLD).all()
    small_num = (shown["count"] > 0) & (shown["count"] < THRESHOLD)
    rest = shown["n"] - shown["count"]
    assert not small_num.any() and not ((rest > 0) & (rest < THRESHOLD)).any()
    hidden = df.filter(pl.col("status") == "suppressed")
    assert hidden.height > 0 and hidden["count"].is_null().all() and hidden["value"].is_null().all()


def test_two_municipalities_export_the_same_schema_suppressed(two_areas, tmp_path):
    flats, _part = two_areas
    frames = {}
    for area, flat in flats.items():
        manifest = export(flat, tmp_path / area, period="2026-10", area=area)
        df = pl.read_parquet(tmp_path / area / "indicators.parquet")
        assert manifest["rows"] == df.height and manifest["set_version"] == ind.INDICATOR_SET_VERSION
        body = json.loads((tmp_path / area / "indicators.json").read_text())
        assert len(body["rows"]) == df.height and set(body["rows"][0]) == set(ind.SCHEMA)
        _assert_suppressed(df)
        frames[area] = df
    assert frames["091"].schema == frames["837"].schema == pl.Schema(ind.SCHEMA)
    assert set(frames["091"]["indicator"]) == set(frames["837"]["indicator"])
    assert frames["837"]["area"].unique().to_list() == ["837"]


def test_every_indicator_family_is_present(two_areas, tmp_path):
    flats, _ = two_areas
    export(flats["091"], tmp_path, period="2026-10", area="091")
    df = pl.read_parquet(tmp_path / "indicators.parquet")
    names = set(df["indicator"])
    assert {"service_promise_met", "contract_referrals", "contract_completion"} <= names
    assert {f"employed_within_{k}_months" for k in (3, 6, 12)} <= names
    assert {i for i, _ in ind.NOT_IN_EXTRACT} <= names
    overall = df.filter(pl.col("segment_kind") == "all", pl.col("status") == "computed")
    assert overall.height >= 6


@pytest.mark.parametrize("period", ["2026-13", "26-11", "2026-1", ""])
def test_bad_period_is_refused_and_writes_nothing(two_areas, tmp_path, period, capsys):
    flats, _ = two_areas
    out = tmp_path / "out"
    code = main(["indicators", "export", "--period", period, "--out", str(out), "--data", str(flats["091"])])
    assert code == 2 and "YYYY-MM" in capsys.readouterr().err
    assert not out.exists()


def test_missing_data_folder_is_refused(tmp_path):
    with pytest.raises(CommandError, match="data folder not found"):
        export(tmp_path / "nope", tmp_path / "out", period="2026-10", area="091")
    assert not (tmp_path / "out").exists()


def test_window_is_twelve_months_ending_with_the_period():
    assert ind.window("2026-11") == (202512, 202611)
    assert ind.window("2026-01") == (202502, 202601)


@pytest.mark.spark
def test_duckdb_and_spark_give_identical_exports(two_areas, spark_master, tmp_path):
    flats, _ = two_areas
    export(flats["837"], tmp_path / "duck", period="2026-10", area="837", engine="duckdb")
    export(
        flats["837"],
        tmp_path / "spark",
        period="2026-10",
        area="837",
        engine="spark",
        spark_master=spark_master,
    )
    assert_frame_equal(
        pl.read_parquet(tmp_path / "duck" / "indicators.parquet"),
        pl.read_parquet(tmp_path / "spark" / "indicators.parquet"),
    )


def test_json_export_validates_against_the_shipped_schema(two_areas, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from pathlib import Path

    flats, _ = two_areas
    export(flats["837"], tmp_path, period="2026-10", area="837")
    schema = json.loads((Path(__file__).parents[2] / "docs" / "indicators.schema.json").read_text())
    jsonschema.validate(json.loads((tmp_path / "indicators.json").read_text()), schema)
    assert schema["properties"]["set_version"]["const"] == ind.INDICATOR_SET_VERSION


def test_partitioned_extract_reads_only_the_area_and_equals_the_flat_one(two_areas, tmp_path):
    flats, part = two_areas
    export(part, tmp_path / "part", period="2026-10", area="837")
    export(flats["837"], tmp_path / "flat", period="2026-10", area="837")
    assert_frame_equal(
        pl.read_parquet(tmp_path / "part" / "indicators.parquet"),
        pl.read_parquet(tmp_path / "flat" / "indicators.parquet"),
    )
    with pytest.raises(CommandError, match="not in the partitioned extract"):
        export(part, tmp_path / "none", period="2026-10", area="564")
    assert not (tmp_path / "none").exists()
