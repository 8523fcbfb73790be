"""Benchmark: how much the background worker adds to the web server's p95 (issue 12 target: 5 %).

    DATABASE_URL=... .venv/bin/python benchmarks/worker_overhead.py [--seconds 180] [--rounds 2]

Run after the issue-5 set-up (docs/performance.md): generated clients loaded into the
database and `benchmarks/perf_setup.py` run. Starts gunicorn (4 workers) on 127.0.0.1:8001,
then alternates locust runs (20 users, the existing locustfile) without the worker and with
`kohtaanto worker` running and kept busy: before each such run, full dashboard refreshes
(the heaviest job) are queued, more than the run can finish. Prints the p95 of each run and
the overhead of the median "with" p95 over the median "without" p95, with the load average.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
HOST = "http://127.0.0.1:8001"


def _locust(seconds: int, out: Path) -> dict:
    csv_prefix = out / "locust"
    subprocess.run(
        [str(VENV / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"), "--headless", "-u", "20",
         "-r", "5", "-t", f"{seconds}s", "--host", HOST, "--only-summary", "--csv", str(csv_prefix)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    with open(f"{csv_prefix}_stats.csv", newline="") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    agg = rows["Aggregated"]
    return {
        "p50_ms": float(agg["50%"]),
        "p95_ms": float(agg["95%"]),
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "load_1min_after": round(os.getloadavg()[0], 2),
    }


def _queue_refreshes(n: int) -> None:
    subprocess.run(
        [str(VENV / "python"), "-c",
         "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kohtaanto.settings'); import django; "
         "django.setup(); from kohtaanto.jobs.tasks import insights_refresh; "
         f"[insights_refresh.enqueue(full=True) for _ in range({n})]"],
        check=True, cwd=ROOT,
    )  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=180)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--nice", type=int, default=10, help="the worker's --nice (default 10)")
    ap.add_argument(
        "--refreshes",
        type=int,
        default=0,
        help="full refreshes queued before each run with the worker (default: more than the run can "
        "finish, the worst case; 1: the worker on its schedule with one refresh in the window)",
    )
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to the loaded benchmark database")
    env = {
        **os.environ,
        "KOHTAANTO_DEBUG": "0",
        "KOHTAANTO_DATA_DIR": tempfile.mkdtemp(prefix="kohtaanto-wo-"),
    }
    os.environ.update(env)
    server = subprocess.Popen(
        [str(VENV / "gunicorn"), "kohtaanto.wsgi:application", "-w", "4", "-b", "127.0.0.1:8001",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(5)
    runs = []
    try:
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as d:
                runs.append({"worker": False, **_locust(args.seconds, Path(d))})
            _queue_refreshes(args.refreshes or max(2, args.seconds // 30))
            worker = subprocess.Popen(
                [str(VENV / "kohtaanto"), "worker", "--nice", str(args.nice)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(3)
            with tempfile.TemporaryDirectory() as d:
                runs.append({"worker": True, **_locust(args.seconds, Path(d))})
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=600)
            except subprocess.TimeoutExpired:
                worker.kill()
            _clear_queue()
    finally:
        server.terminate()
        server.wait(timeout=30)
    without = statistics.median(r["p95_ms"] for r in runs if not r["worker"])
    with_worker = statistics.median(r["p95_ms"] for r in runs if r["worker"])
    print(
        json.dumps(
            {
                "runs": runs,
                "p95_without_ms": without,
                "p95_with_worker_ms": with_worker,
                "overhead_pct": round(100 * (with_worker - without) / without, 1),
                "worker_nice": args.nice,
                "refreshes_per_run": args.refreshes or max(2, args.seconds // 30),
            },
            indent=2,
        )
    )
    return 0


def _clear_queue() -> None:
    """Drop refreshes still queued, so the next run without the worker is quiet."""
    subprocess.run(
        [str(VENV / "python"), "-c",
         "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kohtaanto.settings'); import django; "
         "django.setup(); from django_tasks_db.models import DBTaskResult; "
         "DBTaskResult.objects.filter(status='READY').delete()"],
        check=True, cwd=ROOT,
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
