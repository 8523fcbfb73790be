import numpy as np
import polars as pl
import pytest

from kohtaanto.analytics.causal import estimate_effect
from kohtaanto.analytics.design import ImpactInputError

COVS = ["age", "education", "long_term"]


@pytest.mark.parametrize("method", ["aipw", "ipw", "matching"])
@pytest.mark.parametrize("estimand", ["att", "ate"])
def test_recovers_known_effect_where_naive_is_biased(make_confounded, method, estimand):
    df = make_confounded(n=4000, seed=1, effect=0.10)
    r = estimate_effect(df, "treated", "employed", COVS, estimand=estimand, method=method)
    assert r.naive_difference > 0.2  # confounding more than doubles the naive difference
    assert not r.ci_low <= r.naive_difference <= r.ci_high
    assert r.ci_low <= 0.10 <= r.ci_high
    assert abs(r.estimate - 0.10) < 0.05
    assert r.n_treated + r.n_control == 4000


def test_ci_coverage_sanity(make_confounded):
    """95 % intervals should cover the truth in roughly 95 % of replications."""
    hits, widths = 0, []
    reps = 40
    for s in range(reps):
        df = make_confounded(n=800, seed=100 + s, effect=0.05)
        r = estimate_effect(df, "treated", "employed", COVS, estimand="ate", folds=3, seed=s)
        hits += r.ci_low <= 0.05 <= r.ci_high
        widths.append(r.ci_high - r.ci_low)
    assert hits >= 0.82 * reps
    assert 0.05 < np.mean(widths) < 0.4


def test_null_effect_not_significant_on_average(make_confounded):
    df = make_confounded(n=3000, seed=7, effect=0.0)
    r = estimate_effect(df, "treated", "employed", COVS)
    assert r.ci_low <= 0.0 <= r.ci_high


def test_balance_improves_and_overlap_reported(make_confounded):
    r = estimate_effect(make_confounded(n=3000, seed=3), "treated", "employed", COVS)
    b, o = r.balance, r.overlap
    assert b["max_abs_smd_before"] > 0.3
    assert b["max_abs_smd_after"] < 0.1
    assert (
        set(b["smd_before"]) == {"age", "education=basic", "education=tertiary", "long_term"}
        or len(b["smd_before"]) == 4
    )
    assert not b["imbalanced_after"]
    assert 0.5 < o["propensity_auc"] < 0.9
    assert o["propensity"]["treated"]["p50"] > o["propensity"]["control"]["p50"]
    assert 0 < o["ess"]["control"] <= r.n_control
    assert o["share_trimmed"] < 0.05
    assert r.warnings == []


def test_warnings_fire_on_poor_overlap(make_confounded):
    df = make_confounded(n=3000, seed=5, separation=5.0)
    r = estimate_effect(df, "treated", "employed", COVS, estimand="ate")
    text = " ".join(r.warnings)
    assert r.overlap["propensity_auc"] > 0.9
    assert "separable" in text
    assert "poor overlap" in text or "extreme weights" in text


def test_small_sample_warning(make_confounded):
    df = make_confounded(n=120, seed=2)
    r = estimate_effect(df, "treated", "employed", COVS, folds=2)
    assert any("small sample" in w for w in r.warnings)


def test_continuous_outcome_and_gbm(make_confounded):
    df = make_confounded(n=3000, seed=11)
    rng = np.random.default_rng(0)
    y = 2.0 * df["treated"].to_numpy() - 3.0 * df["long_term"].to_numpy() + 0.05 * df["age"].to_numpy()
    df = df.with_columns(earnings=y + rng.normal(0, 1, df.height))
    r = estimate_effect(df, "treated", "earnings", COVS, estimand="ate", model="gbm", folds=3)
    assert r.ci_low <= 2.0 <= r.ci_high
    assert r.details["outcome_binary"] is False


def test_bootstrap_ci(make_confounded):
    df = make_confounded(n=1500, seed=4)
    r = estimate_effect(df, "treated", "employed", COVS, n_bootstrap=30, folds=2)
    assert r.details["ci_method"] == "percentile_bootstrap_30"
    assert r.ci_low < r.estimate < r.ci_high


def test_missing_values_policies(make_confounded):
    df = make_confounded(n=1000, seed=6)
    df = (
        df.with_row_index("i")
        .with_columns(age=pl.when(pl.col("i") % 10 == 0).then(None).otherwise(pl.col("age")))
        .drop("i")
    )
    with pytest.raises(ImpactInputError, match="missing values in: age"):
        estimate_effect(df, "treated", "employed", COVS)
    dropped = estimate_effect(df, "treated", "employed", COVS, missing="drop", folds=2)
    assert dropped.n_treated + dropped.n_control == 900
    assert any("dropped" in w for w in dropped.warnings)
    ind = estimate_effect(df, "treated", "employed", COVS, missing="indicator", folds=2)
    assert "age__missing" in ind.balance["smd_before"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"treatment": "nope"}, "not in data: nope"),
        ({"treatment": "age", "covariates": ["long_term"]}, "must be binary"),
        ({"treatment": "education", "covariates": ["age"]}, "must be binary"),
        ({"outcome": "education", "covariates": ["age"]}, "must be numeric"),
        ({"covariates": ["age", "treated"]}, "distinct"),
        ({"covariates": []}, "at least one covariate"),
        ({"estimand": "atc"}, "estimand"),
        ({"method": "magic"}, "method"),
    ],
)
def test_bad_input(make_confounded, kwargs, message):
    args = {"treatment": "treated", "outcome": "employed", "covariates": COVS} | kwargs
    with pytest.raises(ImpactInputError, match=message):
        estimate_effect(
            make_confounded(n=200), args.pop("treatment"), args.pop("outcome"), args.pop("covariates"), **args
        )


def test_constant_treatment_refused(make_confounded):
    df = make_confounded(n=200).with_columns(treated=1)
    with pytest.raises(ImpactInputError, match="only one value"):
        estimate_effect(df, "treated", "employed", COVS)


def test_e_value_sensitivity(make_confounded):
    strong = estimate_effect(make_confounded(n=4000, seed=1, effect=0.2), "treated", "employed", COVS)
    weak = estimate_effect(make_confounded(n=4000, seed=1, effect=0.0), "treated", "employed", COVS)
    assert strong.details["e_value"]["estimate"] > 1.5
    assert strong.details["e_value"]["ci"] > 1.0
    assert weak.details["e_value"]["ci"] == 1.0  # the CI includes no effect


def test_matching_reports_unmatched_units_on_poor_overlap(make_confounded):
    df = make_confounded(n=3000, seed=5, separation=5.0)
    r = estimate_effect(df, "treated", "employed", COVS, method="matching", estimand="ate", trim=0.0)
    assert r.details["n_unmatched"] >= 0 and r.details["caliper_logit"] > 0
    assert r.warnings  # separation, extreme propensities or unmatched units
    assert r.details["ci_method"] == "abadie_imbens"
