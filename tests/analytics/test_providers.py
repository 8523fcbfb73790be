"""Provider performance: operations with suppression, the pooled risk-adjusted figure, and
the generator's true provider effects (issue 17, point 3)."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest

from kohtaanto.analytics import providers
from kohtaanto.analytics.data import RegisterData, load
from kohtaanto.synthetic.providers import provider_truth
from kohtaanto.synthetic.service_model import SERVICES

AS_OF = dt.date(2026, 10, 31)


def _register(n_a: int, n_b: int) -> RegisterData:
    """Provider X runs services A (n_a starters, all employed in 60 days, 2 interrupted)
    and B (n_b starters, none employed)."""
    refs, events = [], []
    start = dt.date(2025, 6, 2)
    for sid, n in (("A", n_a), ("B", n_b)):
        for i in range(n):
            cid = f"{sid}{i}"
            refs.append(
                {
                    "referral_id": f"R{cid}", "client_id": cid, "service_id": sid,
                    "referred_date": start - dt.timedelta(days=14), "start_date": start,
                    "end_date": start + dt.timedelta(days=30),
                    "status": "interrupted" if sid == "A" and i < 2 else "completed",
                }
            )  # fmt: skip
            if sid == "A":
                events.append({"client_id": cid, "kind": "employment", "date": start + dt.timedelta(days=60)})
    refs.append({"referral_id": "RD", "client_id": "D", "service_id": "A", "referred_date": start,
                 "start_date": None, "end_date": None, "status": "declined"})  # fmt: skip
    services = pl.DataFrame({"service_id": ["A", "B"], "provider": ["X", "X"], "name_en": ["Alpha", "Beta"]})
    return RegisterData(
        {
            "referrals": pl.DataFrame(refs),
            "services": services,
            "events": pl.DataFrame(
                events, schema={"client_id": pl.String, "kind": pl.String, "date": pl.Date}
            ),
        },
        AS_OF,
    )


def test_operations_count_rates_and_outcomes_per_service_and_provider():
    df = providers.operations(_register(20, 10))
    a = df.filter(pl.col("service_id") == "A").row(0, named=True)
    assert (a["n_referred"], a["n_started"], a["n_decided"]) == (21, 20, 21)
    assert a["acceptance"] == pytest.approx(20 / 21)
    assert a["wait_median_days"] == 14
    assert a["employed_3m"] == 1.0 and a["employed_12m"] == 1.0
    assert "feedback" in a["feedback"]
    b = df.filter(pl.col("service_id") == "B").row(0, named=True)
    assert b["employed_6m"] == 0.0 and b["interruption"] == 0.0
    total = df.filter(pl.col("service_id").is_null()).row(0, named=True)
    assert total["provider"] == "X" and total["n_started"] == 30
    assert total["employed_6m"] == pytest.approx(20 / 30)


def test_small_cells_are_hidden_and_the_total_does_not_give_them_back():
    df = providers.operations(_register(20, 3))
    b = df.filter(pl.col("service_id") == "B").row(0, named=True)
    assert b["n_started"] is None and b["acceptance"] is None and b["employed_6m"] is None
    a = df.filter(pl.col("service_id") == "A").row(0, named=True)
    assert a["n_interrupted"] is None and a["interruption"] is None  # 2 interrupted
    total = df.filter(pl.col("service_id").is_null()).row(0, named=True)
    assert total["n_started"] is None  # 23 - 20 would reveal B's 3
    assert total["interruption"] is None


def test_pool_weights_by_participants_and_adds_variances():
    p = providers.pool([providers.Adjusted(100, 0.5, 0.1, 0.04), providers.Adjusted(300, 0.3, 0.02, 0.02)])
    assert p is not None and p.n == 400
    assert p.observed == pytest.approx(0.35)
    assert p.effect == pytest.approx(0.04)
    assert p.se == pytest.approx(math.sqrt((0.25 * 0.04) ** 2 + (0.75 * 0.02) ** 2))
    assert providers.pool([]) is None


def test_provider_truth_is_the_participant_weighted_att():
    effects = {s.service_id: {"6m": {"att": 0.0, "n_treated": 0}, "12m": {"att": None, "n_treated": 0}}
               for s in SERVICES}  # fmt: skip
    first, second = (s for s in SERVICES if s.provider == SERVICES[4].provider)  # P005, P007
    effects[first.service_id]["6m"] = {"att": 0.1, "n_treated": 100}
    effects[second.service_id]["6m"] = {"att": 0.2, "n_treated": 300}
    truth = provider_truth(effects)[first.provider]
    assert truth["services"] == [first.service_id, second.service_id]
    assert truth["effects"]["6m"] == {"att": pytest.approx(0.175), "n_treated": 400}
    assert truth["effects"]["12m"] == {"att": None, "n_treated": 0}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from kohtaanto.synthetic import generate, write

    folder = tmp_path_factory.mktemp("providers")
    data = generate(4000, seed=2)
    write(folder, data)
    return load(folder), data.ground_truth


def test_risk_adjusted_rows_have_consistent_intervals_and_known_truth(generated):
    data, truth = generated
    df = providers.risk_adjusted(data, horizons=(6,), folds=2)
    assert df.height > 0
    totals = df.filter(pl.col("service_id").is_null())
    assert set(totals["provider"]) <= set(truth["providers"])
    for r in df.iter_rows(named=True):
        assert r["n_participants"] >= providers.MIN_TREATED
        assert r["ci_low"] < r["difference"] < r["ci_high"]
        assert r["expected"] == pytest.approx(r["observed"] - r["difference"])
    for provider in totals["provider"]:
        parts = df.filter(pl.col("provider") == provider, pl.col("service_id").is_not_null())
        total = totals.filter(pl.col("provider") == provider).row(0, named=True)
        assert total["n_participants"] == parts["n_participants"].sum()
    tables = providers.publishable(data)
    assert set(tables["provider_performance"]["controls"]) == {"no_service", "referred"}
    assert tables["provider_operations"].filter(pl.col("service_id").is_null()).height == len(
        {s.provider for s in SERVICES}
    )


def test_the_estimates_on_several_threads_are_those_of_one(generated, monkeypatch):
    """The fits run on every core (analytics/parallel.py); seeded, they give the same
    numbers whatever the number of threads."""
    from polars.testing import assert_frame_equal

    from kohtaanto.analytics import parallel

    data, _truth = generated
    threaded = providers.risk_adjusted(data, horizons=(6,), folds=2)
    monkeypatch.setattr(parallel, "WORKERS", 1)
    assert_frame_equal(threaded, providers.risk_adjusted(data, horizons=(6,), folds=2))
    assert parallel.map_in_threads(lambda x: x * x, range(20)) == [x * x for x in range(20)]
