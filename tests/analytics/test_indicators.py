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
    # TYP, Ohjaamo and bonuses come from the generated area's tables now (set 1.1).
    assert (df["status"] == "not_in_extract").sum() == 0
    joint = overall.filter(pl.col("indicator").str.contains("^(typ|ohjaamo|contract_bonus)"))
    assert set(joint["indicator"]) == {i for i, _ in ind.NOT_IN_EXTRACT}


def _generated_tables(flat) -> dict[str, pl.DataFrame]:
    return {
        n: pl.read_parquet(flat / f"{n}.parquet")
        for n in ("typ_cases", "typ_team", "ohjaamo_visits", "contract_members", "contract_bonuses")
    }


def test_joint_indicators_count_what_the_tables_hold(two_areas, tmp_path):
    """Recounted by hand from the generated tables for the window 2025-11 .. 2026-10."""
    import datetime as dt

    flats, _ = two_areas
    export(flats["091"], tmp_path, period="2026-10", area="091")
    df = pl.read_parquet(tmp_path / "indicators.parquet")
    t = _generated_tables(flats["091"])
    first, last, as_of = dt.date(2025, 11, 1), dt.date(2026, 10, 31), dt.date(2026, 10, 31)

    def row(indicator, kind="all", segment="all"):
        return df.filter(
            pl.col("indicator") == indicator, pl.col("segment_kind") == kind, pl.col("segment") == segment
        ).row(0, named=True)

    visits = t["ohjaamo_visits"].filter(pl.col("month").is_between(first, last))
    assert row("ohjaamo_visits")["n"] == visits["visits"].sum()
    moved = visits.filter(pl.col("transition") != "")["visits"].sum()
    assert row("ohjaamo_transitions_to_services")["count"] == moved
    ended = t["typ_cases"].filter(pl.col("ended_on").is_between(first, last))
    assert row("typ_outcome_at_exit")["n"] == ended.height
    days = (ended["ended_on"] - ended["mapping_start"]).dt.total_days()
    assert row("typ_duration_days")["value"] == pytest.approx(days.median())
    active = t["typ_cases"].filter(
        pl.col("mapping_start") <= as_of, pl.col("ended_on").is_null() | (pl.col("ended_on") > as_of)
    )
    team = t["typ_team"].join(active.select("case_id"), on="case_id")
    per = row("typ_active_clients_per_professional")
    assert (per["n"], per["count"]) == (
        team["staff_id"].n_unique(),
        team.select("staff_id", "client_id").unique().height,
    )
    due = t["contract_bonuses"].filter(pl.col("event_date").is_between(first, last))
    assert row("contract_bonuses")["count"] == due.select("contract_id", "client_id").unique().height
    assert row("contract_bonus_euros")["count"] == round(due["amount_cents"].sum() / 100)


def test_an_extract_without_the_joint_tables_marks_them_not_in_extract(two_areas, tmp_path):
    import shutil

    flats, _ = two_areas
    old = tmp_path / "old"
    old.mkdir()
    for name in ("clients", "staff", "meetings", "events", "services", "referrals"):
        shutil.copy(flats["837"] / f"{name}.parquet", old)
    export(old, tmp_path / "out", period="2026-10", area="837")
    df = pl.read_parquet(tmp_path / "out" / "indicators.parquet")
    missing = df.filter(pl.col("status") == "not_in_extract")
    assert set(missing["indicator"]) == {i for i, _ in ind.NOT_IN_EXTRACT}
    assert missing["n"].is_null().all() and df.schema == pl.Schema(ind.SCHEMA)


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


def test_no_segment_is_the_only_hidden_one_of_its_kind(two_areas, tmp_path):
    """Complementary suppression: `all` minus the shown segments never gives one back."""
    flats, _ = two_areas
    for area, flat in flats.items():
        export(flat, tmp_path / area, period="2026-10", area=area)
        df = pl.read_parquet(tmp_path / area / "indicators.parquet").filter(pl.col("segment_kind") != "all")
        per = df.group_by("indicator", "segment_kind").agg(
            (pl.col("status") == "suppressed").sum().alias("hidden"), pl.len().alias("rows")
        )
        lone = per.filter(pl.col("hidden") == 1, pl.col("rows") > 1)
        assert lone.height == 0, lone
