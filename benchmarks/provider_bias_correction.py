"""An option for issue 17's coverage target, measured, not adopted: correct the main design's
estimates by the bias it shows against the `referred` design, and widen the intervals by
that correction's uncertainty and its spread between providers.

    .venv/bin/python benchmarks/provider_performance.py --clients 20000 --seeds 1 2 3 4 5 --out DIR
    .venv/bin/python benchmarks/provider_bias_correction.py DIR/provider_performance.json

The `referred` design (controls: clients referred to the service who did not start it) is
close to unbiased on generated data but noisy; the main design (`no_service`) ranks well but
is biased by selection on what the register does not record. Per seed and horizon the bias
is the precision-weighted mean of (main − referred) over the providers both estimate, with
DerSimonian–Laird heterogeneity τ²; each provider's corrected interval is its main estimate
minus the bias, ± 1.96 √(se² + var(bias) + τ²). Prints the rank correlation with the truth
and the coverage of the corrected intervals.
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np
from scipy.stats import spearmanr

Z = 1.96


def _se(p: dict) -> float:
    return (p["ci_high"] - p["ci_low"]) / (2 * Z)


def corrected(main: list[dict], referred: list[dict]) -> list[tuple[float, float, float, float]]:
    """(estimate, low, high, truth) per provider of the main design, bias-corrected."""
    ref = {p["provider"]: p for p in referred}
    both = [p for p in main if p["provider"] in ref]
    diffs = np.array([p["estimate"] - ref[p["provider"]]["estimate"] for p in both])
    var = np.array([_se(p) ** 2 + _se(ref[p["provider"]]) ** 2 for p in both])
    w = 1 / var
    bias = float((w * diffs).sum() / w.sum())
    q = float((w * (diffs - bias) ** 2).sum())
    tau2 = max(0.0, (q - (len(diffs) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    bias_var = float(1 / (1 / (var + tau2)).sum())
    out = []
    for p in main:
        half = Z * math.sqrt(_se(p) ** 2 + bias_var + tau2)
        m = p["estimate"] - bias
        out.append((m, m - half, m + half, p["truth"]))
    return out


def main(path: str) -> int:
    data = json.loads(open(path).read())
    print("| horizon | Spearman ρ, mean (min–max) | coverage, providers |")
    print("|---|---|---|")
    for label in ("6m", "12m"):
        rhos, covered, n = [], 0, 0
        for seed in data["seeds"]:
            runs = {r["controls"]: r for r in data["runs"] if r["seed"] == seed}
            rows = corrected(
                runs["no_service"]["horizons"][label]["providers"],
                runs["referred"]["horizons"][label]["providers"],
            )
            rhos.append(float(spearmanr([r[0] for r in rows], [r[3] for r in rows]).statistic))
            covered += sum(lo <= t <= hi for _, lo, hi, t in rows)
            n += len(rows)
        print(
            f"| {label} | {np.mean(rhos):.3f} ({min(rhos):.3f}–{max(rhos):.3f}) | {covered / n:.3f} (n={n}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
