"""Benchmark `kohtaanto analytics refresh` on DuckDB and on Spark (local mode): time, peak
memory and where the time goes, at one size per command.

    .venv/bin/python benchmarks/analytics/refresh_engines.py --clients 50000
    .venv/bin/python benchmarks/analytics/refresh_engines.py --clients 2000000 --engine spark --no-impact

Generates (or reuses) the register data set in benchmarks/out/analytics/data_<N>, writes it
as the extract partitioned by area and year, then runs each engine's refresh in a child
process on those same files, sampling the resident memory of the child and everything it
starts (Spark's JVM included) every 0.2 s. Records the machine's load average before and
after (the machine is shared). Prints one JSON document and writes it to
benchmarks/out/analytics/refresh_<N>_<engine>.json. Spark's driver memory comes from
SPARK_DRIVER_MEMORY (default 16g here; local mode runs the executors in the driver).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "benchmarks" / "out" / "analytics"
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys
from kohtaanto.analytics.refresh import refresh
r = refresh(sys.argv[1], sys.argv[2], norm=136, impact=sys.argv[5] == "1", engine=sys.argv[3],
            spark_master=sys.argv[4] or None)
print(json.dumps(r["timings_s"]))
"""


def _data(n: int, seed: int) -> tuple[Path, float]:
    from kohtaanto import synthetic
    from kohtaanto.analytics.partition import partition_extract

    flat, part = OUT / f"data_{n}", OUT / f"data_{n}_partitioned"
    t = time.perf_counter()
    if not (flat / "events.parquet").is_file():
        synthetic.write(flat, synthetic.generate(n, seed=seed))
    if not (part / "events").is_dir():
        partition_extract(flat, part, "091")
    return part, round(time.perf_counter() - t, 1)


def _run(engine: str, data: Path, master: str, impact: bool) -> dict:
    out = OUT / f"results_{data.name}_{engine}"
    env = {**os.environ, "SPARK_DRIVER_MEMORY": os.environ.get("SPARK_DRIVER_MEMORY", "16g")}
    env["PYSPARK_SUBMIT_ARGS"] = f"--driver-memory {env['SPARK_DRIVER_MEMORY']} pyspark-shell"
    argv = [sys.executable, "-c", CHILD, str(data), str(out), engine, master, "1" if impact else "0"]
    load_before = os.getloadavg()
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0]

    def sample() -> None:
        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [p, *p.children(recursive=True)]
                peak[0] = max(peak[0], sum(q.memory_info().rss for q in procs if q.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    th.join()
    wall = round(time.perf_counter() - t, 1)
    if proc.returncode:
        return {"engine": engine, "error": stderr.strip().splitlines()[-5:], "wall_s": wall}
    return {
        "engine": engine,
        "wall_s": wall,
        "peak_rss_gib": round(peak[0] / 1024**3, 2),
        "timings_s": json.loads(stdout.strip().splitlines()[-1]),
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50_000)
    ap.add_argument("--engine", choices=("duckdb", "spark", "both"), default="both")
    ap.add_argument("--spark-master", default="local[2]")
    ap.add_argument("--no-impact", action="store_true", help="skip the per-service impact estimates")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data, prep = _data(args.clients, args.seed)
    import pyarrow.parquet as pq

    rows = {
        p.name: sum(pq.ParquetFile(f).metadata.num_rows for f in p.rglob("*.parquet")) for p in data.iterdir()
    }
    engines = ("duckdb", "spark") if args.engine == "both" else (args.engine,)
    machine = {"cpus": os.cpu_count(), "mem_gib": round(psutil.virtual_memory().total / 1024**3, 1)}
    for engine in engines:
        res = {
            "clients": args.clients,
            "impact": not args.no_impact,
            "data_prep_s": prep,
            "extract_rows": rows,
            "machine": machine,
            **_run(engine, data, args.spark_master, not args.no_impact),
        }
        (OUT / f"refresh_{args.clients}_{engine}.json").write_text(json.dumps(res, indent=2))
        print(json.dumps(res, indent=2), flush=True)


if __name__ == "__main__":
    main()
