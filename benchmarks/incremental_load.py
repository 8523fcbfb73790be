"""Benchmark the incremental register feed and the refresh after it (issue 12 targets).

    .venv/bin/python benchmarks/incremental_load.py --clients 150000 --seed 1 [--database-url URL]

Generates the base snapshot (2026-10-31) and the next month's (2026-11-30) of the same
population once (cached under /tmp), loads the base into a fresh database with the
register services, refreshes the dashboard once, then times `load --incremental` of the
later snapshot, the refresh after it, and the same snapshot again (idempotent: no
changes). Prints one JSON document with the load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BASE, LATER = dt.date(2026, 10, 31), dt.date(2026, 11, 30)


def _snapshot(clients: int, seed: int, as_of: dt.date) -> Path:
    from kohtaanto.synthetic import generate, write

    folder = Path(f"/tmp/kohtaanto-bench-inc-{clients}-{seed}-{as_of.isoformat()}")
    if not (folder / "snapshot.json").exists():
        write(folder, generate(clients, seed, as_of, population_date=BASE))
    return folder


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=150_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database-url")
    args = ap.parse_args()
    base, later = _snapshot(args.clients, args.seed, BASE), _snapshot(args.clients, args.seed, LATER)

    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-inc-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.clients.loader import load_folder
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.insights.demo import register_services_install
    from kohtaanto.insights.services import refresh_run
    from kohtaanto.insights.status import insights_status
    from kohtaanto.organisation.services import organisation_install
    from kohtaanto.outcomes.feed import load_incremental
    from kohtaanto.outcomes.services import periods_backfill

    load_before = os.getloadavg()[0]
    organisation_install(org=HELSINKI)
    out: dict = {"database": connection.vendor, "clients": args.clients}

    def timed(label: str, fn):
        t = time.perf_counter()
        result = fn()
        out[label] = {"seconds": round(time.perf_counter() - t, 1), "load_1min": round(os.getloadavg()[0], 2)}
        return result

    timed("base_load", lambda: (load_folder(base), periods_backfill(), register_services_install(base)))
    timed("base_refresh", lambda: refresh_run())
    out["incremental"] = timed("incremental_load", lambda: load_incremental(later))
    r = timed("refresh_after", lambda: refresh_run())
    out["refresh_after"]["stages_s"] = (r.report or {}).get("timings_s", {})
    out["again"] = timed("incremental_again", lambda: load_incremental(later))
    out["status"] = insights_status()
    out["load_1min_before"] = round(load_before, 2)
    out["max_rss_gib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024, 2)
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
