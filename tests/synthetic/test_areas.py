"""Several generated areas: validated before anything is written, deterministic, loadable per area."""

from __future__ import annotations

import json

import polars as pl
import pytest

from kohtaanto.cli import main
from kohtaanto.synthetic.areas import AreaError, area_seed, latest_stats, load_specs, parse_specs
from tests.shared import shared_file


def test_two_areas_written_per_area_and_partitioned(tmp_path):
    code = main(
        ["generate", "--area", "091:300", "--area", "837:200", "--out", str(tmp_path), "--partitioned"]
    )
    assert code == 0
    for area, n in (("091", 300), ("837", 200)):
        clients = pl.read_parquet(tmp_path / area / "clients.parquet")
        assert clients["municipality"].unique().to_list() == [area]
        assert (tmp_path / area / "ground_truth.json").is_file()
        assert (tmp_path / "extract" / "clients" / f"area={area}").is_dir()
        assert clients.height >= n // 2
    both = pl.read_parquet(
        tmp_path / "extract" / "clients" / "**" / "*.parquet",
        hive_schema={"area": pl.String, "year": pl.Int32},
    )
    assert set(both["area"].unique()) == {"091", "837"}


def test_output_is_deterministic_and_independent_of_processes(tmp_path):
    main(["generate", "--area", "837:150", "--area", "853:100", "--out", str(tmp_path / "a"), "--seed", "7"])
    main(
        ["generate", "--area", "853:100", "--area", "837:150", "--out", str(tmp_path / "b"), "--seed", "7"]
        + ["--processes", "1"]
    )
    for area in ("837", "853"):
        for table in ("clients", "meetings", "events"):
            a = (tmp_path / "a" / area / f"{table}.parquet").read_bytes()
            assert a == (tmp_path / "b" / area / f"{table}.parquet").read_bytes()
    assert area_seed(7, "837") != area_seed(7, "853")


@pytest.mark.parametrize(
    "spec, message",
    [
        ("999:10", "unknown area code"),
        ("837:0", "positive"),
        ("837:-5", "positive"),
        ("837:x", "CODE:CLIENTS"),
    ],
)
def test_bad_area_is_refused_and_nothing_written(tmp_path, capsys, spec, message):
    out = tmp_path / "out"
    assert main(["generate", "--area", "091:50", "--area", spec, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_duplicate_area_is_refused():
    with pytest.raises(AreaError, match="twice"):
        parse_specs(["837:10", "837:20"])


def test_areas_file_and_sizes_from_statistics(tmp_path):
    path = tmp_path / "areas.json"
    path.write_text(json.dumps([{"code": "837"}, {"code": "564", "clients": 40}]))
    folder = shared_file("data/stats")
    tampere, oulu = load_specs(path, folder, scale=0.001)
    stats = latest_stats("Tampere", folder)
    assert stats is not None and stats["period"] == "2020-10" and stats["unemployed"] > 10_000
    assert tampere.clients == round(stats["unemployed"] * 0.001) and tampere.name == "Tampere"
    assert oulu.clients == 40


def test_area_without_count_or_statistics_is_refused():
    with pytest.raises(AreaError, match="client count"):
        parse_specs(["837"], stats_dir=None)
