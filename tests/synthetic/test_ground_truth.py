"""The ground truth is honest: it can be reconstructed from the files as documented in
docs/data-model.md, and naive comparisons are biased."""

import datetime as dt
from functools import cache

import polars as pl
import pytest

from kohtaanto.domain.segmentation import age_on
from kohtaanto.domain.workdays import next_working_day

from .conftest import AS_OF

LEVELS = ["none", "A1", "A2", "B1", "B2", "C1", "C2", "native"]
STARTED = ["started", "completed", "interrupted"]


@cache
def _start(decision: dt.date, wait: int) -> dt.date:
    return next_working_day(decision + dt.timedelta(days=wait))


def _decisions(data, window_start: dt.date) -> pl.DataFrame:
    """Decision date: first held initial interview or job-search conversation in the window."""
    m = data["meetings"].join(data["clients"].select("client_id", "registration_date"), on="client_id")
    return (
        m.filter(
            (pl.col("status") == "held")
            & pl.col("kind").is_in(["initial_interview", "job_search_conversation"])
            & (pl.col("held_date") >= pl.max_horizontal("registration_date", pl.lit(window_start)))
        )
        .group_by("client_id")
        .agg(decision=pl.col("held_date").min())
    )


def reconstruct(data, service_id: str, horizon: int) -> dict:
    """The documented recipe, written independently of the generator."""
    gt = data.ground_truth
    spec = gt["services"][service_id]
    elig = spec["eligibility"]
    window_start = dt.date.fromisoformat(gt["window_start"])
    wait = data["services"].filter(pl.col("service_id") == service_id)["wait_days"].item()
    c = data["clients"].join(_decisions(data, window_start), on="client_id")
    starters = data["referrals"].filter(pl.col("status").is_in(STARTED)).select("client_id", "service_id")
    c = c.join(starters.rename({"service_id": "started_service"}), on="client_id", how="left")
    employment = data["events"].filter(pl.col("kind") == "employment").select("client_id", emp="date")
    c = c.join(employment, on="client_id", how="left")
    lo, hi = LEVELS.index(elig["finnish_level"][0]), LEVELS.index(elig["finnish_level"][1])
    rows = []
    for r in c.iter_rows(named=True):
        age = age_on(r["birth_date"], r["decision"])
        if not elig["age_at_decision"][0] <= age <= elig["age_at_decision"][1]:
            continue
        if elig["language_group"] and r["language_group"] not in elig["language_group"]:
            continue
        if elig["needs_multiprofessional"] and not r["needs_multiprofessional"]:
            continue
        if not lo <= LEVELS.index(r["finnish_level"]) <= hi:
            continue
        if r["started_service"] not in (None, service_id):
            continue
        s = _start(r["decision"], wait)
        if (r["end_date"] is not None and r["end_date"] <= s) or s + dt.timedelta(days=horizon) > AS_OF:
            continue
        y = r["emp"] is not None and s < r["emp"] <= s + dt.timedelta(days=horizon)
        rows.append((r["started_service"] == service_id, y))
    treated = [y for t, y in rows if t]
    untreated = [y for t, y in rows if not t]
    return {
        "n_population": len(rows),
        "n_treated": len(treated),
        "n_no_service": len(untreated),
        "mean_y_treated_observed": round(sum(treated) / len(treated), 5) if treated else None,
        "mean_y_no_service_observed": round(sum(untreated) / len(untreated), 5) if untreated else None,
    }


@pytest.mark.parametrize(
    "service_id, label", [("P002", "6m"), ("P007", "12m"), ("P011", "6m"), ("P015", "12m")]
)
def test_reconstruction_recipe_matches_the_ground_truth(data, service_id, label):
    truth = data.ground_truth["services"][service_id]["effects"][label]
    horizon = data.ground_truth["outcome"]["horizons_days"][label]
    got = reconstruct(data, service_id, horizon)
    assert got["n_treated"] > 20
    assert got == {k: truth[k] for k in got}


def test_started_services_begin_on_the_documented_day(data):
    window_start = dt.date.fromisoformat(data.ground_truth["window_start"])
    r = (
        data["referrals"]
        .filter(pl.col("status").is_in(STARTED))
        .join(_decisions(data, window_start), on="client_id")
        .join(data["services"].select("service_id", "wait_days"), on="service_id")
    )
    assert (r["referred_date"] == r["decision"]).all()
    for referred, wait, start in r.select("referred_date", "wait_days", "start_date").iter_rows():
        assert start == _start(referred, wait)


def test_effects_include_null_negative_and_positive(data):
    effects = {sid: s["effects"] for sid, s in data.ground_truth["services"].items()}
    ate6 = {sid: e["6m"]["ate"] for sid, e in effects.items()}
    ate12 = {sid: e["12m"]["ate"] for sid, e in effects.items()}
    assert min(abs(v) for v in ate6.values()) < 0.01  # a service with (near) zero effect
    assert min(ate6.values()) < -0.05 and min(ate12.values()) < -0.03  # lock-in and harm
    assert max(ate12.values()) > 0.05
    # A service whose hazard ratios are 1 has exactly zero effect: potential outcomes coincide.
    nulls = [
        sid
        for sid, s in data.ground_truth["services"].items()
        if s["effect_model"]["lock_in_hazard_ratio"] == 1.0
        and s["effect_model"]["post_hazard_ratio"] == 1.0
        and not s["effect_model"]["heterogeneity_log_hazard_ratio"]
    ]
    assert nulls and all(ate6[sid] == 0 and ate12[sid] == 0 for sid in nulls)


def test_selection_makes_naive_comparisons_biased(data):
    gaps = []
    for s in data.ground_truth["services"].values():
        e = s["effects"]["6m"]
        if e["n_treated"] >= 30 and e["naive_difference"] is not None:
            gaps.append(abs(e["naive_difference"] - e["att"]))
            # The naive gap is exactly the difference in untreated outcomes (selection bias).
            bias = e["mean_y_none_treated"] - e["mean_y_no_service_observed"]
            assert e["naive_difference"] == pytest.approx(e["att"] + bias, abs=2e-5)
    assert max(gaps) > 0.08
    assert sum(g > 0.03 for g in gaps) >= 5


def test_ground_truth_document(data):
    gt = data.ground_truth
    assert set(gt["services"]) == set(data["services"]["service_id"])
    assert gt["as_of"] == AS_OF.isoformat()
    assert gt["outcome"]["horizons_days"] == {"6m": 182, "12m": 365}
    for s in gt["services"].values():
        for label in ("6m", "12m"):
            e = s["effects"][label]
            assert -1 <= e["ate"] <= 1
            assert e["n_population"] >= e["n_treated"] + e["n_no_service"] - 0
