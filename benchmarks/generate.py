"""Time the synthetic-data generator: 50,000 clients with 24 months of history.

    .venv/bin/python benchmarks/generate.py [--clients N] [--seed S] [--out DIR]

Target: under 60 s on 2 cores. Prints seconds per stage, rows per file and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "2")  # the target machine has 2 cores

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kohtaanto.synthetic import generate, write  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None, help="keep the files here (default: a temporary directory)")
    args = parser.parse_args()

    stages: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    data = generate(args.clients, args.seed, progress=lambda s: stages.append((s, time.perf_counter() - t0)))
    t_generate = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        t1 = time.perf_counter()
        paths = write(out, data)
        t_write = time.perf_counter() - t1
        sizes = {p.name: p.stat().st_size for p in paths}

    print(f"clients: {args.clients}  seed: {args.seed}  cpu count: {os.cpu_count()}")
    for (stage, begin), (_, end) in zip(stages, stages[1:], strict=False):  # each message starts a stage
        print(f"  {stage:<24} {end - begin:6.2f} s")
    print(f"{'file':<22} {'rows':>10} {'MB':>8}")
    for name, df in data.items():
        print(f"{name + '.parquet':<22} {df.height:>10,} {sizes[name + '.parquet'] / 1e6:>8.2f}")
    print(f"{'ground_truth.json':<22} {'':>10} {sizes['ground_truth.json'] / 1e6:>8.2f}")
    print(f"generate: {t_generate:.2f} s   write: {t_write:.2f} s   total: {t_generate + t_write:.2f} s")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0 if t_generate + t_write < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
