"""Benchmark `analytics refresh` (target: 50,000 clients x 24 months in <= 60 s on 2 cores).

    .venv/bin/python benchmarks/analytics/refresh_benchmark.py --clients 50000 --seed 1

Generates the data set unless --data is given, runs the full refresh (KPIs, disclosure
control, paths, forecast training + scoring, per-service impact) in a fresh process, and
prints wall time, per-stage timings and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = ap.parse_args()
    data = args.data or args.out / f"synthetic-{args.clients}-{args.seed}"
    if not (data / "clients.parquet").is_file():
        sys.path.insert(0, str(ROOT))
        from kohtaanto.synthetic import generate, write

        write(data, generate(args.clients, args.seed))
    target = args.out / f"refresh-{args.clients}-{args.seed}"
    cmd = [
        sys.executable,
        "-m",
        "kohtaanto.cli",
        "analytics",
        "refresh",
        "--data",
        str(data),
        "--out",
        str(target),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    report = json.loads(proc.stdout)
    rss_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(json.dumps({"clients": args.clients, "wall_s": round(wall, 1), "max_rss_gib": round(rss_gib, 2),
                      "stages_s": report["timings_s"], "forecast": report["forecast"]}, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
