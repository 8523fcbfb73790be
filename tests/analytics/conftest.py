"""Shared fixtures: simulated confounded data with a known effect, tiny register data sets."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest


def confounded(n: int = 4000, seed: int = 1, effect: float = 0.10, separation: float = 1.0) -> pl.DataFrame:
    """Older, less educated and long-term unemployed people are both less likely to be
    treated and less likely to find work, so the naive difference overstates the effect."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 64, n)
    edu = rng.choice(["basic", "upper_secondary", "tertiary"], n, p=[0.3, 0.5, 0.2])
    long_term = rng.random(n) < 0.3
    x = (age - 40) / 12
    lin = -0.5 + separation * (-0.8 * x + 0.9 * (edu == "tertiary") - 1.0 * long_term)
    t = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(int)
    base = 1 / (1 + np.exp(-(-0.3 - 0.7 * x + 0.8 * (edu == "tertiary") - 1.2 * long_term)))
    y = (rng.random(n) < np.clip(base + effect * t, 0, 1)).astype(int)
    return pl.DataFrame({"treated": t, "employed": y, "age": age, "education": edu, "long_term": long_term})


@pytest.fixture
def make_confounded():
    return confounded


@pytest.fixture(autouse=True)
def _fast_password_hashing():
    """Overrides the suite-wide Django fixture: analytics tests must run without Django."""
    yield


def D(s: str):
    import datetime as dt

    return dt.date.fromisoformat(s)


def write_tiny_register(root) -> None:
    """Four clients with hand-checked KPIs (see test_kpi.py for the expected numbers)."""
    root.mkdir(parents=True, exist_ok=True)
    clients = pl.DataFrame(
        {
            "client_id": ["K1", "K2", "K3", "K4"],
            "hetu": ["010190-900A", "010190-901B", "010190-902C", "010190-903D"],
            "first_name": ["Aino", "Eino", "Liisa", "Omar"],
            "last_name": ["A", "B", "C", "D"],
            "birth_date": [D("1990-01-01"), D("1970-06-15"), D("2000-02-02"), D("1985-05-05")],
            "gender": ["F", "M", "F", "M"],
            "mother_tongue": ["fi", "fi", "sv", "so"],
            "language_group": ["fi", "fi", "sv", "foreign"],
            "finnish_level": ["native", "native", "B2", "A2"],
            "swedish_level": ["B1", "A2", "native", "none"],
            "education_level": ["basic", "basic", "upper_secondary", "none"],
            "municipality": ["091"] * 4,
            "postal_code": ["00100", "00200", "00300", "00940"],
            "registration_date": [D("2025-03-03"), D("2025-03-03"), D("2026-10-29"), D("2025-03-03")],
            "arrival_date": [None, None, None, D("2015-01-01")],
            "needs_multiprofessional": [False, False, False, True],
            "long_term_unemployed": [False, True, False, True],
            "service_unit": ["OSU"] * 4,
            "team": ["OSU-AP"] * 4,
            "responsible_worker": ["S0003"] * 4,
            "office": ["Viipurinkatu"] * 4,
            "job_search_status": ["ended", "active", "active", "active"],
            "end_date": [D("2025-05-02"), None, None, None],
            "end_reason": ["employed", None, None, None],
        }
    )
    staff = pl.DataFrame(
        {
            "staff_id": ["S0001", "S0003", "S0004"],
            "first_name": ["Pia", "Kaisa", "Ville"],
            "last_name": ["P", "K", "V"],
            "role": ["team_leader", "case_worker", "case_worker"],
            "service_unit": ["OSU"] * 3,
            "team": ["OSU-AP"] * 3,
            "office": ["Viipurinkatu"] * 3,
            "languages": [["fi"], ["fi", "en"], ["fi", "sv"]],
        }
    )
    m = [  # client, kind, due, planned, held, status
        ("K1", "initial_interview", "2025-03-10", "2025-03-07", "2025-03-07", "held"),
        ("K2", "initial_interview", "2025-03-10", "2025-03-11", "2025-03-11", "held"),
        ("K4", "initial_interview", "2025-03-10", "2025-03-05", None, "no_show"),
        ("K1", "job_search_conversation", "2025-03-21", "2025-03-20", "2025-03-20", "held"),
        ("K2", "job_search_conversation", "2025-03-25", "2025-03-27", "2025-03-27", "held"),
        ("K2", "job_search_conversation", "2025-04-08", "2025-04-07", None, "no_show"),
        ("K2", "job_search_conversation", "2025-04-08", "2025-04-08", "2025-04-08", "held"),
        ("K2", "job_search_conversation", "2025-07-01", "2025-07-01", "2025-07-01", "held"),
    ]
    meetings = pl.DataFrame(
        {
            "meeting_id": [f"M{i}" for i in range(len(m))],
            "client_id": [r[0] for r in m],
            "staff_id": ["S0003"] * len(m),
            "kind": [r[1] for r in m],
            "due_date": [D(r[2]) for r in m],
            "planned_date": [D(r[3]) for r in m],
            "held_date": [D(r[4]) if r[4] else None for r in m],
            "status": [r[5] for r in m],
            "channel": ["in_person"] * len(m),
        }
    )
    e = [  # client, date, kind, service, reason
        ("K1", "2025-03-03", "registration", None, None),
        ("K2", "2025-03-03", "registration", None, None),
        ("K4", "2025-03-03", "registration", None, None),
        ("K3", "2026-10-29", "registration", None, None),
        ("K1", "2025-03-24", "service_start", "P001", None),
        ("K1", "2025-04-20", "service_end", "P001", "completed"),
        ("K1", "2025-05-02", "employment", None, None),
        ("K1", "2025-05-02", "job_search_ended", None, "employed"),
        ("K2", "2026-10-31", "meeting", None, None),
    ]
    events = pl.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(len(e))],
            "client_id": [r[0] for r in e],
            "date": [D(r[1]) for r in e],
            "kind": [r[2] for r in e],
            "service_id": [r[3] for r in e],
            "reason": [r[4] for r in e],
        },
        schema_overrides={"service_id": pl.String, "reason": pl.String},
    )
    services = pl.DataFrame(
        {
            "service_id": ["P001", "P002"],
            "kind": ["work_trial", "career_coaching"],
            "name_fi": ["Työkokeilu", "Uravalmennus"],
            "name_sv": ["Arbetsprövning", "Karriärcoachning"],
            "name_en": ["Work trial", "Career coaching"],
            "provider": ["City", "Coach Oy"],
            "capacity": [10, 5],
        }
    )
    referrals = pl.DataFrame(
        {
            "referral_id": ["R1", "R2", "R3"],
            "client_id": ["K1", "K2", "K4"],
            "service_id": ["P001", "P001", "P001"],
            "referred_date": [D("2025-03-10"), D("2025-03-12"), D("2026-10-20")],
            "status": ["completed", "declined", "referred"],
            "start_date": [D("2025-03-24"), None, None],
            "end_date": [D("2025-04-20"), None, None],
        }
    )
    for name, df in dict(
        clients=clients, staff=staff, meetings=meetings, events=events, services=services, referrals=referrals
    ).items():
        df.write_parquet(root / f"{name}.parquet")


@pytest.fixture
def tiny_dir(tmp_path):
    root = tmp_path / "tiny"
    write_tiny_register(root)
    return root


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory):
    """A small generator data set (with ground_truth.json) shared by the slower tests."""
    synthetic = pytest.importorskip("kohtaanto.synthetic")
    root = tmp_path_factory.mktemp("synthetic")
    synthetic.write(root, synthetic.generate(4000, seed=3))
    return root


def spark_unavailable() -> str | None:
    """Why the Spark tests cannot run here, or None (they run)."""
    import importlib.util
    import os

    from kohtaanto.analytics.engine import java_runtime

    if os.environ.get("KOHTAANTO_SPARK_TESTS") == "0":
        return "Spark tests left to their own pass (KOHTAANTO_SPARK_TESTS=0; .ci/run runs them last)"
    if importlib.util.find_spec("pyspark") is None:
        return "Spark tests skipped: PySpark is not installed (pip install -e '.[dev,spark]')"
    if java_runtime() is None:
        return "Spark tests skipped: no Java runtime (install openjdk-17-jre-headless or set JAVA_HOME)"
    return None


@pytest.fixture(scope="session")
def spark_master():
    """One local Spark session for the whole test session (the engine reuses it)."""
    reason = spark_unavailable()
    if reason:
        pytest.skip(reason)
    from kohtaanto.analytics.engine import open_engine

    master = "local[2]"
    # Two shuffle partitions for the tiny golden data (8 by default): fewer, smaller tasks.
    open_engine("spark", master).native.conf.set("spark.sql.shuffle.partitions", "2")
    return master


@pytest.fixture(scope="session")
def golden_dir(tmp_path_factory):
    """The golden generated data set, small, as the extract partitioned by area and year."""
    from kohtaanto import synthetic
    from kohtaanto.analytics.partition import partition_extract

    flat = tmp_path_factory.mktemp("golden_flat")
    synthetic.write(flat, synthetic.generate(1500, seed=15))
    part = tmp_path_factory.mktemp("golden")
    partition_extract(flat, part, "091")
    return flat, part
