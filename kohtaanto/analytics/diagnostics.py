"""Balance, overlap and assumption warnings for the causal estimators.

An effect estimate is only as credible as the comparison behind it, so every estimate is
returned with these diagnostics and with plain-language warnings that the dashboard and
the CLI show next to the number.
"""

from __future__ import annotations

import numpy as np

SMD_THRESHOLD = 0.1  # conventional limit for acceptable standardized mean difference
TRIM_WARN_SHARE = 0.05
ESS_WARN_SHARE = 0.10
MIN_ARM = 50
MAX_WEIGHT_SHARE = 0.05  # one unit carrying > 5 % of its arm's weight is fragile
AUC_WARN = 0.90
EXTREME_PS = 0.95
QUANTILES = (0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0)
Q_NAMES = ("min", "p01", "p05", "p25", "p50", "p75", "p95", "p99", "max")


def _wmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (w[:, None] * x).sum(axis=0) / w.sum()


def standardized_differences(X: np.ndarray, t: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """SMD per column; the denominator is always the unweighted pooled SD of the raw sample.

    Using the same denominator before and after weighting makes the two comparable: only
    the means move. Rows with weight 0 (trimmed, unmatched) do not count in the means.
    """
    tr, co = t == 1, t == 0
    if tr.sum() < 2 or co.sum() < 2:
        return np.zeros(X.shape[1])
    sd = np.sqrt((X[tr].var(axis=0, ddof=1) + X[co].var(axis=0, ddof=1)) / 2.0)
    if w is None:
        w = np.ones(len(t))
    if w[tr].sum() <= 0 or w[co].sum() <= 0:
        return np.full(X.shape[1], np.nan)
    diff = _wmean(X[tr], w[tr]) - _wmean(X[co], w[co])
    safe = np.where(sd > 0, sd, 1.0)
    return np.where(sd > 0, diff / safe, 0.0)


def balance_table(
    X: np.ndarray, t: np.ndarray, names: list[str], w_after: np.ndarray, keep: np.ndarray
) -> dict:
    """Before: raw sample; after: analysed (trimmed/matched) sample with the estimator's weights."""
    before = standardized_differences(X, t)
    w = np.zeros(len(t))
    w[keep] = w_after[keep]
    after = standardized_differences(X, t, w)
    imbalanced = [n for n, v in zip(names, after, strict=True) if abs(v) > SMD_THRESHOLD]
    return {
        "smd_before": {n: round(float(v), 4) for n, v in zip(names, before, strict=True)},
        "smd_after": {n: round(float(v), 4) for n, v in zip(names, after, strict=True)},
        "max_abs_smd_before": round(float(np.abs(before).max()), 4),
        "max_abs_smd_after": round(float(np.abs(after).max()), 4),
        "threshold": SMD_THRESHOLD,
        "imbalanced_after": imbalanced,
    }


def effective_sample_size(w: np.ndarray) -> float:
    """Kish's ESS: how many equally weighted units the weighted sample is worth."""
    s2 = float((w**2).sum())
    return float(w.sum() ** 2 / s2) if s2 > 0 else 0.0


def _quantiles(e: np.ndarray) -> dict:
    if len(e) == 0:
        return {}
    q = np.quantile(e, QUANTILES)
    out = {k: round(float(v), 4) for k, v in zip(Q_NAMES, q, strict=True)}
    out["mean"] = round(float(e.mean()), 4)
    return out


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Rank-based AUC (Mann-Whitney), without sklearn so diagnostics stay light."""
    from scipy.stats import rankdata

    pos = label == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = rankdata(score)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def overlap_summary(
    e: np.ndarray, t: np.ndarray, keep: np.ndarray, w: np.ndarray, trim: float, model: str
) -> dict:
    """Propensity distributions by arm, trimming, effective sample size and weight concentration."""
    tr, co = t == 1, t == 0
    ess_t = effective_sample_size(w[tr & keep])
    ess_c = effective_sample_size(w[co & keep])
    n_t, n_c = int((tr & keep).sum()), int((co & keep).sum())

    def max_share(mask: np.ndarray) -> float:
        s = w[mask].sum()
        return round(float(w[mask].max() / s), 4) if s > 0 else float("nan")

    return {
        "propensity_model": model,
        "propensity_auc": round(auc(e, t), 4),
        "propensity": {"treated": _quantiles(e[tr]), "control": _quantiles(e[co])},
        "trim_threshold": trim,
        "n_trimmed": {"treated": int((tr & ~keep).sum()), "control": int((co & ~keep).sum())},
        "share_trimmed": round(float((~keep).mean()), 4),
        "share_treated_ps_above_0.95": round(float((e[tr] > EXTREME_PS).mean()), 4) if tr.any() else 0.0,
        "share_control_ps_below_0.05": round(float((e[co] < 1 - EXTREME_PS).mean()), 4) if co.any() else 0.0,
        "ess": {"treated": round(ess_t, 1), "control": round(ess_c, 1)},
        "ess_share": {
            "treated": round(ess_t / n_t, 4) if n_t else 0.0,
            "control": round(ess_c / n_c, 4) if n_c else 0.0,
        },
        "max_weight_share": {"treated": max_share(tr & keep), "control": max_share(co & keep)},
    }


def assumption_warnings(
    n_treated: int, n_control: int, balance: dict, overlap: dict, estimand: str, extra: list[str]
) -> list[str]:
    """Plain-language warnings; an empty list means no diagnostic tripped, not proof of validity."""
    out: list[str] = list(extra)
    if min(n_treated, n_control) < MIN_ARM:
        out.append(
            f"small sample: {n_treated} treated and {n_control} control units; "
            "estimates and confidence intervals are unreliable below about 50 per arm"
        )
    share = overlap["share_trimmed"]
    if share > TRIM_WARN_SHARE:
        out.append(
            f"poor overlap: {share:.1%} of units fall outside the propensity range and were "
            "trimmed, so the estimate describes only the overlapping population"
        )
    if overlap["propensity_auc"] == overlap["propensity_auc"] and overlap["propensity_auc"] > AUC_WARN:
        out.append(
            f"treated and control units are nearly separable (propensity AUC "
            f"{overlap['propensity_auc']:.2f}); comparisons rely on few similar units"
        )
    if overlap["share_treated_ps_above_0.95"] > TRIM_WARN_SHARE:
        out.append(
            f"{overlap['share_treated_ps_above_0.95']:.1%} of treated units have propensity "
            "> 0.95: almost no comparable untreated units exist for them"
        )
    if estimand == "ate" and overlap["share_control_ps_below_0.05"] > TRIM_WARN_SHARE:
        out.append(
            f"{overlap['share_control_ps_below_0.05']:.1%} of control units have propensity "
            "< 0.05: the ATE extrapolates to people who practically never get the treatment"
        )
    for arm in ("treated", "control"):
        ess_share = overlap["ess_share"][arm]
        if ess_share < ESS_WARN_SHARE:
            out.append(
                f"extreme weights: the {arm} group's effective sample size is "
                f"{overlap['ess'][arm]:.0f} ({ess_share:.1%} of its units)"
            )
        mws = overlap["max_weight_share"][arm]
        if mws == mws and mws > MAX_WEIGHT_SHARE and overlap["ess"][arm] > 0:
            out.append(f"extreme weights: a single {arm} unit carries {mws:.1%} of its group's weight")
    imb = balance["imbalanced_after"]
    if imb:
        shown = ", ".join(imb[:5]) + (" ..." if len(imb) > 5 else "")
        out.append(
            f"residual imbalance after adjustment (|SMD| > {SMD_THRESHOLD}): {shown}; "
            "the propensity model may be misspecified"
        )
    return out
