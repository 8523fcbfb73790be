"""Benchmark `kohtaanto insights refresh` from the operational database (SQLite).

    .venv/bin/python benchmarks/insights_refresh.py --clients 50000 --seed 1

Generates (or reuses) a register data set, loads it into a fresh SQLite database in a
temporary folder (clients.loader for clients, staff, meetings and events; insights.demo for
services and referrals), then times three refreshes: the first (full export, pseudonymise,
analytics with impact, extra tables), a second with nothing changed (incremental: skipped),
and a third after one new meeting (only the meetings table is re-exported, the analytics
run again). Prints one JSON document; loading time is reported but not part of the refresh.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_gib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-impact", action="store_true")
    args = ap.parse_args()

    from kohtaanto.synthetic import generate, write

    data = ROOT / "benchmarks" / "out" / f"synthetic-{args.clients}-{args.seed}"
    if not (data / "clients.parquet").is_file():
        write(data, generate(args.clients, seed=args.seed))

    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-insights-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.clients.loader import load_folder
    from kohtaanto.clients.models import Client, Meeting
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.insights.demo import register_services_install
    from kohtaanto.insights.services import refresh_run
    from kohtaanto.organisation.services import organisation_install

    organisation_install(org=HELSINKI)
    t = time.perf_counter()
    counts = load_folder(data)
    counts.update(register_services_install(data))
    load_s = round(time.perf_counter() - t, 1)
    rss_after_load = _rss_gib()

    runs = []
    for label in ("first", "unchanged", "one_new_meeting"):
        if label == "one_new_meeting":
            c = Client.objects.filter(job_search_status="active").first()
            Meeting.objects.create(client=c, kind="job_search_conversation", status="held",
                                   planned_date=dt.date.today(), held_date=dt.date.today())  # fmt: skip
        t = time.perf_counter()
        r = refresh_run(impact=not args.no_impact)
        wall = round(time.perf_counter() - t, 1)
        runs.append(
            {
                "run": label,
                "status": r.status,
                "wall_s": wall,
                "extract_tables_rewritten": sorted(k for k, v in r.tables.items() if v == "written"),
                "stages_s": (r.report or {}).get("timings_s", {}),
            }
        )
    out = {
        "clients": args.clients,
        "rows": counts,
        "load_s": load_s,
        "max_rss_gib_after_load": rss_after_load,
        "max_rss_gib": _rss_gib(),
        "refreshes": runs,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
