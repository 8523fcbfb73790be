"""Validate per-service impact estimates against the generator's ground truth.

    .venv/bin/python benchmarks/analytics/impact_validation.py --clients 50000 --seed 1

Generates a data set (unless --data points to one), estimates each service's effect on
employment within 6 months with the naive difference and cross-fitted AIPW (ATT and ATE,
"no service" controls; ATT with "referred but did not start" controls), and compares with
ground_truth.json. Writes benchmarks/out/impact_validation.{json,md}; the Markdown table is
the one in docs/impact.md. ground_truth.json is read only here, after estimation.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.analytics.data import load  # noqa: E402
from kohtaanto.analytics.service_impact import analysis_table, estimate_services  # noqa: E402


def fmt(x: float | None, signed: bool = True) -> str:
    if x is None:
        return "–"
    return f"{x:+.3f}" if signed else f"{x:.3f}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, help="existing generator output (with ground_truth.json)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument("--horizon", choices=("6m", "12m"), default="6m")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = args.data
    if data_dir is None:
        from kohtaanto.synthetic import generate, write

        data_dir = args.out / f"synthetic-{args.clients}-{args.seed}"
        t0 = time.perf_counter()
        write(data_dir, generate(args.clients, args.seed))
        print(f"generated {args.clients} clients in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    horizon = {"6m": 182, "12m": 365}[args.horizon]
    t0 = time.perf_counter()
    data = load(data_dir)
    att = estimate_services(data, "att", horizon)
    ate = estimate_services(data, "ate", horizon)
    ref = estimate_services(data, "att", horizon, controls="referred")
    elapsed = time.perf_counter() - t0
    truth = json.loads((Path(data_dir) / "ground_truth.json").read_text())["services"]

    rows = []
    for a, b, r in zip(att, ate, ref, strict=True):
        t = truth[a.service_id]["effects"][args.horizon]
        row = {"service_id": a.service_id, "kind": a.kind, "true_att": t["att"], "true_ate": t["ate"]}
        row["selection_on_z"] = truth[a.service_id]["selection_utility"].get("z", 0.0)
        n_pop = analysis_table(data, a.service_id, horizon).height
        row["population_matches_truth"] = n_pop == t["n_population"]
        for key, s, true in (("att", a, t["att"]), ("ate", b, t["ate"]), ("ref_att", r, t["att"])):
            res = s.result
            row[key] = (
                None
                if res is None
                else {
                    "estimate": res.estimate,
                    "ci_low": res.ci_low,
                    "ci_high": res.ci_high,
                    "naive": res.naive_difference,
                    "covered": bool(res.ci_low <= true <= res.ci_high),
                    "error": res.estimate - true,
                    "n_treated": res.n_treated,
                    "n_control": res.n_control,
                    "warnings": res.warnings,
                }
            )
        rows.append(row)

    lines = [
        "| service | kind | z in selection | n treated | true ATT | naive | AIPW ATT [95% CI] | covered | AIPW, referred controls [95% CI] | covered | true ATE | AIPW ATE [95% CI] | covered |",
        "|---|---|---:|---:|---:|---:|---|:-:|---|:-:|---:|---|:-:|",
    ]

    def cell(x: dict | None) -> tuple[str, str]:
        if x is None:
            return "–", "–"
        return f"{fmt(x['estimate'])} [{fmt(x['ci_low'])}, {fmt(x['ci_high'])}]", "yes" if x[
            "covered"
        ] else "**no**"

    for row in rows:
        a, b, r = row["att"], row["ate"], row["ref_att"]
        ca, cb, cr = cell(a), cell(b), cell(r)
        lines.append(
            f"| {row['service_id']} | {row['kind']} | {row['selection_on_z']:+.1f} | {a['n_treated'] if a else '–'} | {fmt(row['true_att'])} | "
            f"{fmt(a['naive'] if a else None)} | {ca[0]} | {ca[1]} | {cr[0]} | {cr[1]} | {fmt(row['true_ate'])} | {cb[0]} | {cb[1]} |"
        )

    def summary(key: str) -> str:
        xs = [row[key] for row in rows if row[key]]
        cov = sum(x["covered"] for x in xs)
        mae = sum(abs(x["error"]) for x in xs) / len(xs)
        return f"{key}: covered {cov}/{len(xs)}, mean |error| {mae:.3f}"

    naive_mae = sum(abs(row["att"]["naive"] - row["true_att"]) for row in rows if row["att"]) / len(rows)
    pops = sum(row["population_matches_truth"] for row in rows)
    weak = [row for row in rows if abs(row["selection_on_z"]) <= 0.3]
    weak_cov = sum(row["att"]["covered"] for row in weak if row["att"])
    summ = [
        f"analysis population identical in size to the ground truth's: {pops}/{len(rows)} services",
        f"AIPW ATT where selection on the unobserved z is weak (|coef| <= 0.3): covered {weak_cov}/{len(weak)}",
        summary("att"),
        summary("ate"),
        summary("ref_att"),
        f"naive vs true ATT: mean |error| {naive_mae:.3f}",
    ]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    md = (
        f"data: {args.clients} clients, seed {args.seed}, code {commit.strip()}\n\n"
        + "\n".join(lines)
        + "\n\n"
        + "\n".join(f"- {s}" for s in summ)
        + f"\n- estimation time {elapsed:.0f} s\n"
    )
    (args.out / "impact_validation.md").write_text(md)
    (args.out / "impact_validation.json").write_text(json.dumps(rows, indent=2))
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
