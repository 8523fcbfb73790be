"""Set-up for the load test (benchmarks/locustfile.py): log-ins for generated case workers.

    DATABASE_URL=... .venv/bin/python benchmarks/perf_setup.py [--users 20] [--out FILE]

Run after loading generated data (`benchmarks/load.py --clients 50000 --database-url ...`).
Gives the case workers with the largest active caseloads, spread over teams, a password
(benchmark only: the app itself never sets one like this) and writes their usernames, the
password and their caseload sizes to a JSON file that the locustfile reads. The busiest
workers are chosen on purpose: their worklists and client pages are the heaviest.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "kohtaanto-bench-only"  # loopback benchmark database only


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--out", default="/tmp/kohtaanto-perf-users.json")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db.models import Count, Q

    from kohtaanto.accounts.models import Role, User
    from kohtaanto.clients.models import Client, JobSearchStatus

    if settings.PRODUCTION:
        sys.exit("refusing to set benchmark passwords in production")
    workers = list(
        User.objects.filter(role=Role.CASE_WORKER, is_active=True, team__isnull=False)
        .exclude(staff_code="")
        .annotate(active=Count("caseload", filter=Q(caseload__job_search_status=JobSearchStatus.ACTIVE)))
        .filter(active__gt=0)
        .order_by("-active", "pk")
    )
    # Round-robin over teams, busiest first within each, so every team's data is exercised.
    by_team: dict[int, list] = {}
    for w in workers:
        by_team.setdefault(w.team_id, []).append(w)
    chosen = []
    while len(chosen) < args.users and any(by_team.values()):
        for team_workers in by_team.values():
            if team_workers and len(chosen) < args.users:
                chosen.append(team_workers.pop(0))
    if len(chosen) < args.users:
        sys.exit(f"only {len(chosen)} case workers with clients: load the data first")
    User.objects.filter(pk__in=[w.pk for w in chosen]).update(password=make_password(PASSWORD))
    out = {
        "database": connection.vendor,
        "clients": Client.objects.count(),
        "password": PASSWORD,
        "users": [{"username": w.username, "team": w.team_id, "active_clients": w.active} for w in chosen],
    }
    Path(args.out).write_text(json.dumps(out, indent=1))
    sizes = sorted(u["active_clients"] for u in out["users"])
    print(
        f"{len(chosen)} case workers ready in {args.out} ({connection.vendor}, {out['clients']:,} clients); "
        f"active caseloads {sizes[0]}-{sizes[-1]}"
    )


if __name__ == "__main__":
    main()
