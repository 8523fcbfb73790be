"""Benchmark: how much the audit log adds to client-page latency (target: at most 10 %).

    KOHTAANTO_DATA_DIR=/tmp/kdemo .venv/bin/python benchmarks/audit_overhead.py [--rounds 20]

Runs against an existing demo database (`kohtaanto demo`). Renders the demo worker's
client pages in-process through Django's test client, alternating rounds with the audit
writes on and switched off (the page selector's one append, `audit_client_reads` in
`pages/client_page.py`, and the clients selectors' own calls replaced by no-ops), and
compares median latencies. Since the page writes one event for all its sections, that is
every audit write of the view (benchmarks/perf_audit_all.py counts them). Prints one JSON
line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--user", default="worker")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.test import Client as HttpClient
    from django.test.utils import setup_test_environment

    from kohtaanto.accounts.models import User
    from kohtaanto.clients import selectors
    from kohtaanto.clients.models import Client
    from kohtaanto.pages import client_page as page_selectors

    setup_test_environment()
    user = User.objects.get(username=args.user)
    ids = list(Client.objects.filter(responsible_worker=user).values_list("pk", flat=True)[:20])
    if not ids:
        sys.exit("the user has no clients: load the demo first")
    http = HttpClient()
    http.force_login(user)
    real = (selectors.audit_record, selectors.audit_record_many, page_selectors.audit_client_reads)

    def switch(fns) -> None:
        selectors.audit_record, selectors.audit_record_many, page_selectors.audit_client_reads = fns

    def off(*a, **k):
        return 0

    def run() -> list[float]:
        out = []
        for pk in ids:
            t = time.perf_counter()
            r = http.get(f"/clients/{pk}/", HTTP_HOST="127.0.0.1")
            out.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.status_code
        return out

    run()  # warm caches
    on_ms, off_ms = [], []
    for _ in range(args.rounds):
        switch(real)
        on_ms += run()
        switch((off, off, off))
        off_ms += run()
    switch(real)
    med_on, med_off = statistics.median(on_ms), statistics.median(off_ms)
    print(
        json.dumps(
            {
                "benchmark": "audit_overhead",
                "requests_each": len(on_ms),
                "median_ms_audit_on": round(med_on, 2),
                "median_ms_audit_off": round(med_off, 2),
                "p95_ms_audit_on": round(statistics.quantiles(on_ms, n=20)[-1], 2),
                "p95_ms_audit_off": round(statistics.quantiles(off_ms, n=20)[-1], 2),
                "overhead_percent": round(100 * (med_on - med_off) / med_off, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
