"""Benchmark: what every audit write on the client page costs together (issue 3 target:
audit logging adds at most 10 % to client-page latency).

    KOHTAANTO_DATA_DIR=/tmp/kdemo .venv/bin/python benchmarks/perf_audit_all.py [--rounds 20] [--user worker]

Like benchmarks/audit_overhead.py, but switches off *every* audit append, wherever it is
called from (any `kohtaanto.*` module that imports `audit_record`, `audit_record_many` or
`audit_reads`), not only the client page selector's; and counts the audit rows a page view
writes, so the comparison is known to be all-on against all-off (1 row per view on since
the page writes one event for all its sections; 3 before).
Renders the user's client pages in-process, alternating rounds, and compares medians.
Prints one JSON line.
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
    ap.add_argument("--path", default="/clients/{id}/", help="page to time; {id} is a client id")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.test import Client as HttpClient
    from django.test.utils import setup_test_environment

    from kohtaanto.accounts.models import User
    from kohtaanto.audit import services as audit
    from kohtaanto.audit.models import AuditEvent
    from kohtaanto.clients.models import Client

    setup_test_environment()
    user = User.objects.get(username=args.user)
    ids = list(Client.objects.filter(responsible_worker=user).values_list("pk", flat=True)[:20])
    if not ids:
        sys.exit("the user has no clients: load the demo first")
    http = HttpClient()
    http.force_login(user)
    http.get(args.path.format(id=ids[0]), HTTP_HOST="127.0.0.1")  # import every section's module
    originals = {
        "audit_record": audit.audit_record,
        "audit_record_many": audit.audit_record_many,
        "audit_reads": audit.audit_reads,
    }
    bound = [
        (module, name)
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("kohtaanto.")
        for name, fn in originals.items()
        if getattr(module, name, None) is fn
    ]

    def off(*a, **k):
        return 0

    def switch(on: bool) -> None:
        for module, name in bound:
            setattr(module, name, originals[name] if on else off)

    def run() -> list[float]:
        out = []
        for pk in ids:
            t = time.perf_counter()
            r = http.get(args.path.format(id=pk), HTTP_HOST="127.0.0.1")
            out.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.status_code
        return out

    def rows_per_view(on: bool) -> float:
        switch(on)
        before = AuditEvent.objects.count()
        run()
        return (AuditEvent.objects.count() - before) / len(ids)

    run()  # warm caches
    writes_on, writes_off = rows_per_view(True), rows_per_view(False)
    on_ms, off_ms = [], []
    for _ in range(args.rounds):
        switch(True)
        on_ms += run()
        switch(False)
        off_ms += run()
    switch(True)
    med_on, med_off = statistics.median(on_ms), statistics.median(off_ms)
    print(
        json.dumps(
            {
                "benchmark": "audit_overhead_all",
                "path": args.path,
                "audit_rows_per_view_on": writes_on,
                "audit_rows_per_view_off": writes_off,
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
