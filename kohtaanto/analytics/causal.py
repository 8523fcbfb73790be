"""Effect of a binary treatment on an outcome from observational data.

Default: doubly robust AIPW with cross-fitting (double machine learning). It stays
consistent if either the propensity model or the outcome model is right, and cross-fitting
keeps flexible models from overfitting their own residuals. IPW and bias-corrected
propensity-score matching are offered for comparison. Confidence intervals come from the
influence function (or a bootstrap on request). No Django here: the library is used by the
CLI, the refresh job and, later, the dashboard.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import polars as pl
from scipy.stats import norm

from kohtaanto.analytics.design import Design, ImpactInputError, build_design
from kohtaanto.analytics.diagnostics import assumption_warnings, balance_table, overlap_summary

ESTIMANDS = ("att", "ate")
METHODS = ("aipw", "ipw", "matching")
MODELS = ("logit", "gbm")
CALIPER_SD = 0.2  # Austin (2011): 0.2 SD of the logit propensity


@dataclass
class ImpactResult:
    """One effect estimate with the evidence needed to judge it."""

    estimate: float
    ci_low: float
    ci_high: float
    se: float
    method: str
    estimand: str
    n_treated: int
    n_control: int
    naive_difference: float
    balance: dict
    overlap: dict
    warnings: list[str]
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Core:
    estimate: float
    se: float
    weights: np.ndarray  # estimator weights used for the balance check
    keep: np.ndarray  # units analysed (not trimmed, not unmatched)
    extra_warnings: list[str]
    info: dict


def _classifier(model: str, seed: int):
    if model == "gbm":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            max_iter=150,
            learning_rate=0.08,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=seed,
        )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))


def _regressor(model: str, seed: int):
    if model == "gbm":
        from sklearn.ensemble import HistGradientBoostingRegressor

        return HistGradientBoostingRegressor(
            max_iter=150,
            learning_rate=0.08,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=seed,
        )
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), Ridge(alpha=1.0))


def _fit_predict(
    X: np.ndarray, y: np.ndarray, X_new: np.ndarray, binary: bool, model: str, seed: int
) -> np.ndarray:
    """Probability (binary) or mean (continuous); a constant if the training arm is degenerate."""
    if len(y) == 0:
        return np.full(len(X_new), np.nan)
    if binary:
        if y.min() == y.max():
            return np.full(len(X_new), float(y[0]))
        return _classifier(model, seed).fit(X, y.astype(int)).predict_proba(X_new)[:, 1]
    if len(y) < 3:
        return np.full(len(X_new), float(y.mean()))
    return _regressor(model, seed).fit(X, y).predict(X_new)


def crossfit_nuisances(
    X: np.ndarray,
    t: np.ndarray,
    y: np.ndarray,
    binary: bool,
    model: str = "logit",
    folds: int = 5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold propensity e(x) and arm-wise outcome means mu0(x), mu1(x)."""
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    n = len(t)
    e, mu0, mu1 = np.empty(n), np.empty(n), np.empty(n)
    folds = max(2, min(folds, int(min(t.sum(), n - t.sum()))))
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(X, t)
    # One thread: on a shared 2-core machine OpenMP/BLAS spinning made fits 50x slower.
    with threadpool_limits(limits=1):
        for train, test in split:
            Xtr, ttr, ytr = X[train], t[train], y[train]
            e[test] = _fit_predict(Xtr, ttr, X[test], True, model, seed)
            mu0[test] = _fit_predict(Xtr[ttr == 0], ytr[ttr == 0], X[test], binary, model, seed)
            mu1[test] = _fit_predict(Xtr[ttr == 1], ytr[ttr == 1], X[test], binary, model, seed)
    if binary:
        mu0, mu1 = np.clip(mu0, 0.0, 1.0), np.clip(mu1, 0.0, 1.0)
    return e, mu0, mu1


def _trim_mask(e: np.ndarray, estimand: str, trim: float) -> np.ndarray:
    # ATT only needs comparable controls for the treated: drop only e near 1.
    if estimand == "att":
        return e <= 1.0 - trim
    return (e >= trim) & (e <= 1.0 - trim)


def _weighted_arms(t: np.ndarray, e: np.ndarray, estimand: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit weights of the treated and control means for the chosen estimand."""
    if estimand == "att":
        return t.astype(float), (1 - t) * e / (1 - e)
    return t / e, (1 - t) / (1 - e)


def _ipw(t, y, e, mu0, mu1, estimand) -> tuple[float, np.ndarray, np.ndarray]:
    a1, a0 = _weighted_arms(t, e, estimand)
    m1, m0 = (a1 * y).sum() / a1.sum(), (a0 * y).sum() / a0.sum()
    phi = a1 * (y - m1) / a1.mean() - a0 * (y - m0) / a0.mean()
    return float(m1 - m0), phi, a1 + a0


def _aipw(t, y, e, mu0, mu1, estimand) -> tuple[float, np.ndarray, np.ndarray]:
    """Normalised (Hajek-type) augmented IPW: stable when some weights are large."""
    a1, a0 = _weighted_arms(t, e, estimand)
    if estimand == "att":
        resid = y - mu0
        a = (a1 * resid).sum() / a1.sum()
        b = (a0 * resid).sum() / a0.sum()
        phi = a1 * (resid - a) / a1.mean() - a0 * (resid - b) / a0.mean()
        return float(a - b), phi, a1 + a0
    m = (mu1 - mu0).mean()
    r1 = (a1 * (y - mu1)).sum() / a1.sum()
    r0 = (a0 * (y - mu0)).sum() / a0.sum()
    phi = (mu1 - mu0 - m) + a1 * (y - mu1 - r1) / a1.mean() - a0 * (y - mu0 - r0) / a0.mean()
    return float(m + r1 - r0), phi, a1 + a0


def _nearest(query: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index into pool of the nearest value for each query value, and the distance."""
    order = np.argsort(pool)
    sp = pool[order]
    pos = np.clip(np.searchsorted(sp, query), 1, len(sp) - 1) if len(sp) > 1 else np.zeros(len(query), int)
    left = np.clip(pos - 1, 0, len(sp) - 1)
    dl, dr = np.abs(query - sp[left]), np.abs(sp[pos] - query)
    best = np.where(dl <= dr, left, pos)
    return order[best], np.minimum(dl, dr)


def _matching(t, y, e, mu0, mu1, estimand, binary) -> _Core:
    """1:1 nearest-neighbour matching on the logit propensity with replacement and a caliper,
    with regression bias correction; Abadie-Imbens variance for matching with replacement."""
    s = np.log(np.clip(e, 1e-6, 1 - 1e-6) / (1 - np.clip(e, 1e-6, 1 - 1e-6)))
    caliper = CALIPER_SD * s.std()
    n = len(t)
    K = np.zeros(n)
    d = np.full(n, np.nan)
    idx = np.arange(n)
    groups = [(1, 0)] if estimand == "att" else [(1, 0), (0, 1)]
    for q_arm, p_arm in groups:
        qi, pi = idx[t == q_arm], idx[t == p_arm]
        j, dist = _nearest(s[qi], s[pi])
        ok = dist <= caliper
        qi, m = qi[ok], pi[j[ok]]
        np.add.at(K, m, 1)
        mu = mu0 if q_arm == 1 else mu1
        counterfactual = y[m] + (mu[qi] - mu[m])
        d[qi] = y[qi] - counterfactual if q_arm == 1 else counterfactual - y[qi]
    matched = ~np.isnan(d)
    tau = float(np.nanmean(d))
    own_mu = np.where(t == 1, mu1, mu0)
    if binary:
        sigma2 = own_mu * (1 - own_mu)
    else:
        sigma2 = np.where(t == 1, np.var((y - mu1)[t == 1]), np.var((y - mu0)[t == 0]))
    N = matched.sum()
    if estimand == "att":
        var = (((d[matched] - tau) ** 2).sum() + (K * (K - 1) * sigma2)[t == 0].sum()) / N**2
        w = np.where(t == 1, matched.astype(float), K)
    else:
        var = (((d[matched] - tau) ** 2).sum() + ((K**2 + K) * sigma2).sum()) / N**2
        w = matched.astype(float) + K
    q_units = (t == 1) if estimand == "att" else np.ones(n, bool)
    n_unmatched = int((q_units & ~matched).sum())
    warns = []
    if n_unmatched / max(q_units.sum(), 1) > 0.05:
        warns.append(
            f"{n_unmatched} units had no match within the caliper and were left out; "
            "the estimate describes only the matched population"
        )
    keep = ~(q_units & ~matched)
    info = {"caliper_logit": round(float(caliper), 4), "n_unmatched": n_unmatched, "max_reuse": int(K.max())}
    return _Core(tau, float(np.sqrt(var)), w, keep, warns, info)


def _core(
    design: Design, estimand: str, method: str, model: str, folds: int, trim: float, seed: int
) -> tuple[_Core, np.ndarray]:
    X, t, y = design.X, design.t, design.y
    binary = design.outcome_is_binary
    e, mu0, mu1 = crossfit_nuisances(X, t, y, binary, model, folds, seed)
    keep = _trim_mask(e, estimand, trim)
    if (t[keep] == 1).sum() < 2 or (t[keep] == 0).sum() < 2:
        raise ImpactInputError(
            "after trimming extreme propensities fewer than 2 units remain in an arm: no overlap"
        )
    if method == "matching":
        core = _matching(t[keep], y[keep], e[keep], mu0[keep], mu1[keep], estimand, binary)
        w, k = np.zeros(len(t)), keep.copy()
        w[keep] = core.weights
        k[keep] = core.keep
        return _Core(core.estimate, core.se, w, k, core.extra_warnings, core.info), e
    fn = _aipw if method == "aipw" else _ipw
    tau, phi, wk = fn(t[keep], y[keep], e[keep], mu0[keep], mu1[keep], estimand)
    w = np.zeros(len(t))
    w[keep] = wk
    se = float(phi.std(ddof=1) / np.sqrt(keep.sum()))
    return _Core(tau, se, w, keep, [], {}), e


def estimate_effect(
    data: pl.DataFrame,
    treatment: str,
    outcome: str,
    covariates: list[str],
    *,
    estimand: str = "att",
    method: str = "aipw",
    model: str = "logit",
    folds: int = 5,
    trim: float = 0.01,
    alpha: float = 0.05,
    missing: str = "error",
    n_bootstrap: int = 0,
    seed: int = 0,
) -> ImpactResult:
    """Estimate the effect of `treatment` (0/1) on `outcome` adjusting for `covariates`.

    estimand: "att" (effect on those who took it) or "ate" (on everyone).
    method: "aipw" (default), "ipw" or "matching". model: "logit" (regularised logistic /
    ridge) or "gbm" (histogram gradient boosting) for the nuisance models.
    trim: units with cross-fitted propensity beyond [trim, 1-trim] are left out (for ATT
    only the upper side); the share is reported and warned about.
    n_bootstrap > 0 replaces the influence-function CI by a percentile bootstrap.
    """
    if estimand not in ESTIMANDS:
        raise ImpactInputError(f"estimand must be one of {ESTIMANDS}, got {estimand!r}")
    if method not in METHODS:
        raise ImpactInputError(f"method must be one of {METHODS}, got {method!r}")
    if model not in MODELS:
        raise ImpactInputError(f"model must be one of {MODELS}, got {model!r}")
    if not 0 <= trim < 0.5:
        raise ImpactInputError("trim must be in [0, 0.5)")
    design = build_design(data, treatment, outcome, covariates, missing=missing)
    core, e = _core(design, estimand, method, model, folds, trim, seed)
    z = float(norm.ppf(1 - alpha / 2))
    lo, hi, se, ci_method = (
        core.estimate - z * core.se,
        core.estimate + z * core.se,
        core.se,
        "influence_function",
    )
    if method == "matching":
        ci_method = "abadie_imbens"
    if n_bootstrap > 0:
        lo, hi, se = _bootstrap(design, estimand, method, model, folds, trim, seed, n_bootstrap, alpha)
        ci_method = f"percentile_bootstrap_{n_bootstrap}"
    t, y = design.t, design.y
    balance = balance_table(design.X, t, design.feature_names, core.weights, core.keep)
    overlap = overlap_summary(e, t, core.keep, core.weights, trim, model)
    n_t, n_c = int(t.sum()), int(len(t) - t.sum())
    extra = list(core.extra_warnings)
    if design.n_dropped_missing:
        extra.append(
            f"{design.n_dropped_missing} rows with missing values were dropped (complete-case analysis)"
        )
    warnings = assumption_warnings(n_t, n_c, balance, overlap, estimand, extra)
    details = {
        "se": se,
        "alpha": alpha,
        "ci_method": ci_method,
        "model": model,
        "folds": folds,
        "n_analysed": int(core.keep.sum()),
        "outcome_binary": design.outcome_is_binary,
        "features": design.feature_names,
        "notes": design.notes,
        "assumptions": "no unmeasured confounding; overlap; no interference between units",
        **core.info,
    }
    naive = float(y[t == 1].mean() - y[t == 0].mean())
    if design.outcome_is_binary:
        co = (t == 0) & core.keep
        w0 = core.weights[co]
        p0 = float((w0 * y[co]).sum() / w0.sum()) if w0.sum() > 0 else float("nan")
        details["e_value"] = {"estimate": e_value(p0, core.estimate), "ci": e_value_ci(p0, lo, hi)}
    return ImpactResult(
        estimate=core.estimate,
        ci_low=float(lo),
        ci_high=float(hi),
        se=float(se),
        method=method,
        estimand=estimand,
        n_treated=n_t,
        n_control=n_c,
        naive_difference=naive,
        balance=balance,
        overlap=overlap,
        warnings=warnings,
        details=details,
    )


def e_value(p0: float, diff: float) -> float | None:
    """VanderWeele-Ding E-value for a risk difference `diff` at comparison risk `p0`: the
    risk ratio an unmeasured confounder would need with both treatment and outcome to
    explain the estimate away. Near 1 means fragile."""
    p1 = p0 + diff
    if not (0 < p0 < 1) or not (0 < p1 <= 1):
        return None
    rr = p1 / p0 if p1 >= p0 else p0 / p1
    return round(float(rr + np.sqrt(rr * (rr - 1))), 3)


def e_value_ci(p0: float, lo: float, hi: float) -> float | None:
    """E-value of the CI limit closest to no effect (1 if the CI includes 0)."""
    if lo <= 0 <= hi:
        return 1.0
    return e_value(p0, lo if lo > 0 else hi)


def _bootstrap(
    design: Design, estimand, method, model, folds, trim, seed, B, alpha
) -> tuple[float, float, float]:
    """Percentile bootstrap, resampling within arms so both arms keep their size."""
    rng = np.random.default_rng(seed)
    arms = [np.flatnonzero(design.t == a) for a in (0, 1)]
    stats = []
    for b in range(B):
        idx = np.concatenate([rng.choice(a, size=len(a), replace=True) for a in arms])
        d = Design(design.X[idx], design.t[idx], design.y[idx], design.feature_names)
        try:
            stats.append(_core(d, estimand, method, model, folds, trim, seed + b + 1)[0].estimate)
        except ImpactInputError:
            continue
    arr = np.asarray(stats)
    lo, hi = np.quantile(arr, [alpha / 2, 1 - alpha / 2])
    return float(lo), float(hi), float(arr.std(ddof=1))
