"""Does the risk-adjusted provider comparison rank providers correctly, and do its intervals
cover the truth? (issue 17, point 3)

    .venv/bin/python benchmarks/provider_performance.py --clients 20000 --seeds 1 2 3 4 5

For each seed: generate a data set, compute `analytics.providers.risk_adjusted` (AIPW
observed-vs-expected per provider, 6 and 12 months) and compare it with the generator's true
provider effects (ground_truth.json "providers": the ATT over each provider's participants),
read only after estimation. Reports per horizon the Spearman rank correlation of the
estimates with the truth (mean and range over seeds) and the share of 95 % intervals that
cover the truth (providers and services, pooled over seeds). Writes
benchmarks/out/provider_performance.{json,md}; the Markdown is the table in docs/providers.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kohtaanto.analytics.data import load  # noqa: E402
from kohtaanto.analytics.providers import risk_adjusted  # noqa: E402
from kohtaanto.synthetic import generate, write  # noqa: E402

DESIGNS = ("no_service", "referred")


def one_seed(clients: int, seed: int, folds: int) -> list[dict]:
    """Both comparison designs on one generated data set."""
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, generate(clients, seed))
        data = load(tmp)
        truth = json.loads((Path(tmp) / "ground_truth.json").read_text())
    out = []
    for controls in DESIGNS:
        t0 = time.perf_counter()
        est = risk_adjusted(data, folds=folds, seed=seed, controls=controls)
        out.append(compare(est, truth, controls, seed, time.perf_counter() - t0))
    return out


def compare(est, truth: dict, controls: str, seed: int, elapsed: float) -> dict:
    out: dict = {"controls": controls, "seed": seed, "estimate_s": round(elapsed, 1), "horizons": {}}
    for months, label in ((6, "6m"), (12, "12m")):
        rows = est.filter(est["horizon_months"] == months).to_dicts()
        prov, serv = [], []
        for r in rows:
            if r["service_id"] is None:
                true = truth["providers"][r["provider"]]["effects"][label]["att"]
                prov.append((r["provider"], r["difference"], r["ci_low"], r["ci_high"], true))
            else:
                true = truth["services"][r["service_id"]]["effects"][label]["att"]
                serv.append((r["service_id"], r["difference"], r["ci_low"], r["ci_high"], true))
        prov = [p for p in prov if p[4] is not None]
        serv = [s for s in serv if s[4] is not None]
        rho = spearmanr([p[1] for p in prov], [p[4] for p in prov]).statistic if len(prov) > 2 else None
        out["horizons"][label] = {
            "n_providers": len(prov),
            "spearman_providers": None if rho is None else round(float(rho), 3),
            "covered_providers": sum(lo <= t <= hi for _, _, lo, hi, t in prov),
            "covered_services": sum(lo <= t <= hi for _, _, lo, hi, t in serv),
            "n_services": len(serv),
            "providers": [
                dict(zip(("provider", "estimate", "ci_low", "ci_high", "truth"), p, strict=True))
                for p in prov
            ],
        }
    return out


def summary(runs: list[dict]) -> dict:
    return {c: _summary([r for r in runs if r["controls"] == c]) for c in DESIGNS}


def _summary(runs: list[dict]) -> dict:
    out = {}
    for label in ("6m", "12m"):
        hs = [r["horizons"][label] for r in runs]
        rhos = [h["spearman_providers"] for h in hs if h["spearman_providers"] is not None]
        n_p = sum(h["n_providers"] for h in hs)
        n_s = sum(h["n_services"] for h in hs)
        out[label] = {
            "spearman_mean": round(sum(rhos) / len(rhos), 3) if rhos else None,
            "spearman_min": min(rhos, default=None),
            "spearman_max": max(rhos, default=None),
            "coverage_providers": round(sum(h["covered_providers"] for h in hs) / n_p, 3) if n_p else None,
            "n_provider_intervals": n_p,
            "coverage_services": round(sum(h["covered_services"] for h in hs) / n_s, 3) if n_s else None,
            "n_service_intervals": n_s,
        }
    return out


def markdown(args, s: dict) -> str:
    lines = [
        f"{args.clients} clients per data set, seeds {' '.join(map(str, args.seeds))}, nominal 95 % intervals.",
        "",
        "| controls | horizon | Spearman ρ, mean (min–max) | coverage, providers | coverage, services |",
        "|---|---|---|---|---|",
    ]
    for controls, per in s.items():
        for label, h in per.items():
            lines.append(
                f"| {controls} | {label} | {h['spearman_mean']} ({h['spearman_min']}–{h['spearman_max']}) "
                f"| {h['coverage_providers']} (n={h['n_provider_intervals']}) "
                f"| {h['coverage_services']} (n={h['n_service_intervals']}) |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20_000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    runs = []
    for seed in args.seeds:
        t0 = time.perf_counter()
        runs += one_seed(args.clients, seed, args.folds)
        for r in runs[-len(DESIGNS) :]:
            h = r["horizons"]["6m"]
            print(
                f"seed {seed} {r['controls']}: {time.perf_counter() - t0:.0f} s, 6m rho="
                f"{h['spearman_providers']}, covered {h['covered_providers']}/{h['n_providers']}",
                file=sys.stderr,
            )
    s = summary(runs)
    (args.out / "provider_performance.json").write_text(
        json.dumps({"clients": args.clients, "seeds": args.seeds, "summary": s, "runs": runs}, indent=2)
    )
    md = markdown(args, s)
    (args.out / "provider_performance.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
