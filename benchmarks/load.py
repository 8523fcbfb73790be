"""Benchmark: load generated register data into a fresh database.

    .venv/bin/python benchmarks/load.py --clients 50000 [--database-url URL]

Generates the data set once (cached under /tmp), creates a fresh database (SQLite in a
temporary folder unless --database-url is given), migrates, installs the Helsinki
organisation and times `load_folder`. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database-url")
    args = ap.parse_args()

    from kohtaanto.synthetic import generate, write

    data_dir = Path(f"/tmp/kohtaanto-bench-{args.clients}-{args.seed}")
    if not (data_dir / "clients.parquet").exists():
        write(data_dir, generate(args.clients, seed=args.seed))

    tmp = tempfile.mkdtemp(prefix="kohtaanto-load-")
    os.environ["KOHTAANTO_DATA_DIR"] = tmp
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
    from kohtaanto.organisation.services import organisation_install

    organisation_install(org=HELSINKI)
    stages = {}
    t0 = time.perf_counter()
    last = [t0]

    def progress(stage: str, n: int) -> None:
        now = time.perf_counter()
        stages[stage] = round(now - last[0], 2)
        last[0] = now

    counts = load_folder(data_dir, progress=progress)
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "benchmark": "load",
                "database": connection.vendor,
                "clients": args.clients,
                "rows": counts,
                "seconds": round(seconds, 1),
                "stages_seconds": stages,
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
