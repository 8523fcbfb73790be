"""Issue 15, point 4: each generated area takes its labour market from the public statistics
(tightness -> how fast its job seekers find work; seasonality -> when they register)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kohtaanto.cli import main
from kohtaanto.synthetic import calibration as cal
from kohtaanto.synthetic import generate
from kohtaanto.synthetic.profile import AreaProfile, ProfileError, derive_profile
from tests.shared import shared_file

AS_OF = dt.date(2026, 10, 31)
HEADER = "Tyottomat,Tyovoima,Avoimet_tyopaikat,time,kunta\n"


def _stats(tmp_path: Path, areas: dict[str, tuple[float, float, list[float]]]) -> Path:
    """A small table 1001: per area (unemployed level, vacancies per unemployed, monthly index)."""
    lines = [HEADER]
    for name, (level, tight, index) in areas.items():
        for year in range(2015, 2020):
            for m in range(12):
                u = level * index[m]
                lines.append(f"{u},{u * 8},{u * tight},{year}-{m + 1:02d},{name}\n")
    (tmp_path / "data_kunta_1001.csv").write_text("".join(lines), encoding="utf-8")
    return tmp_path


FLAT = [1.0] * 12
SUMMER = [0.9] * 5 + [1.4, 1.4, 1.1] + [0.9] * 4


def test_the_profile_follows_the_areas_tightness_and_season(tmp_path):
    folder = _stats(tmp_path, {"Helsinki": (30000, 0.3, FLAT), "Pori": (5000, 0.15, SUMMER)})
    pori = derive_profile("Pori", folder)
    assert pori.tightness == pytest.approx(0.15, rel=1e-3)
    assert pori.employment_ratio == pytest.approx(0.5**0.4, rel=1e-3)  # half as tight
    index = np.array(SUMMER) / np.mean(SUMMER)
    expected = np.array(cal.REGISTRATION_MONTH_WEIGHTS) * index
    assert np.allclose(pori.registration_weights, expected)
    assert "table 1001" in pori.source
    assert derive_profile("Helsinki", folder).is_reference


def test_an_area_without_statistics_keeps_helsinkis_profile(tmp_path):
    folder = _stats(tmp_path, {"Helsinki": (30000, 0.3, FLAT)})
    p = derive_profile("Kuopio", folder)
    assert p.is_reference and p.source.startswith("Helsinki's profile")


def test_a_statistics_file_without_its_columns_is_refused(tmp_path):
    (tmp_path / "data_kunta_1001.csv").write_text("time,kunta\n2019-01,Pori\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="missing columns Tyottomat"):
        derive_profile("Pori", tmp_path)
    out = tmp_path / "out"
    assert main(["generate", "--area", "609:50", "--stats", str(tmp_path), "--out", str(out)]) != 0
    assert not out.exists()  # nothing written


def test_helsinki_is_unchanged_byte_for_byte():
    plain = generate(400, 3, AS_OF)
    with_profile = generate(400, 3, AS_OF, profile=AreaProfile("Helsinki"))
    for name in plain:
        assert_frame_equal(plain[name], with_profile[name])


def _employed_share(data) -> float:
    ended = data["clients"].filter(pl.col("end_reason").is_not_null())
    work = ended.filter(pl.col("end_reason").is_in(["employed", "subsidised", "entrepreneur"]))
    return work.height / data["clients"].height


def test_a_tighter_market_ends_more_job_searches_in_work():
    base = AreaProfile("x")
    tight = generate(3000, 9, AS_OF, profile=dataclasses.replace(base, employment_ratio=1.5))
    slack = generate(3000, 9, AS_OF, profile=dataclasses.replace(base, employment_ratio=0.6))
    assert _employed_share(tight) > _employed_share(slack) + 0.05


def test_registrations_follow_the_areas_season():
    weights = tuple([0.5] * 5 + [2.5, 2.5] + [0.5] * 5)  # June and July
    data = generate(
        4000, 4, AS_OF, profile=dataclasses.replace(AreaProfile("x"), registration_weights=weights)
    )
    reg = data["clients"].filter(pl.col("registration_date") >= dt.date(2025, 1, 1))
    months = reg.group_by(pl.col("registration_date").dt.month().alias("m")).len().sort("m")
    per_month = dict(zip(months["m"], months["len"], strict=True))
    counts = np.array([per_month.get(m, 0) for m in range(1, 13)], dtype=float)
    assert np.corrcoef(counts, np.array(weights))[0, 1] > 0.8


def test_generate_writes_each_areas_profile(tmp_path):
    stats = shared_file("data/stats")
    assert main(["generate", "--area", "609:60", "--area", "091:60", "--stats", str(stats),
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    pori = json.loads((tmp_path / "609" / "profile.json").read_text())
    helsinki = json.loads((tmp_path / "091" / "profile.json").read_text())
    assert pori["employment_ratio"] < 1 and "table 1001" in pori["source"]
    assert helsinki["employment_ratio"] == 1


def test_the_shipped_profiles_are_the_statistics_as_derived():
    """kohtaanto/data/areas/profiles.json is what scripts/area_profiles.py derives from
    table 1001: every known area's, Helsinki's being the reference itself."""
    from kohtaanto.synthetic.areas import AREAS
    from kohtaanto.synthetic.profile import shipped_profile

    stats = shared_file("data/stats")
    for name in AREAS.values():
        assert shipped_profile(name) == derive_profile(name, stats), name
    assert shipped_profile("Helsinki").is_reference
    assert shipped_profile("Vantaa").employment_ratio != 1.0
    assert shipped_profile("Nowhere") == AreaProfile("Nowhere")  # Helsinki's, and says so


def test_areas_without_statistics_given_take_the_shipped_profiles():
    from kohtaanto.synthetic.areas import parse_specs

    (pori,) = parse_specs(["609:50"], stats_dir=None)
    assert pori.profile == derive_profile("Pori", shared_file("data/stats"))
