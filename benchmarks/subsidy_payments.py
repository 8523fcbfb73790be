"""Benchmark: 1,000 subsidy payment applications checked, approved and batched (issue 16,
target at most 10 s).

    .venv/bin/python benchmarks/subsidy_payments.py [--decisions 200] [--months 5]

Migrates a fresh SQLite database in a temporary directory, makes one employer with a
representative, and 200 pay-subsidy decisions through the services (not timed). Then times
the representative's 1,000 monthly payment applications (`payment_file`: the decision, the
period, duplicates, the lines, the deadline, the amount), the expert's approval of each
(`payment_decide`, with the overpayment offset) and one batch with its CSV and sha256
(`batch_create`). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--decisions", type=int, default=200)
    ap.add_argument("--months", type=int, default=5)
    args = ap.parse_args()
    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-subsidy-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.subsidies import application_services, decision_services, payment_services
    from tests.subsidies.world import PAY_CASE, START, build, job_seeker

    w = build()
    decisions = []
    for i in range(args.decisions):
        client, hetu = job_seeker(birth=dt.date(2002, 6, 1) + dt.timedelta(days=i))
        app = application_services.application_create(
            actor=w.rep_a,
            benefit="palkkatuki",
            employer_id=w.employer_a.pk,
            client_hetu=hetu,
            start_date=START,
            planned_months=6,
            case=PAY_CASE,
        )
        application_services.application_submit(actor=w.rep_a, application_id=app.pk)
        decisions.append(
            decision_services.decision_make(
                actor=w.expert, application_id=app.pk, grant=True, justification=""
            )
        )
    started = time.perf_counter()
    filed = []
    for month in range(args.months):
        first = (START.replace(day=1) + dt.timedelta(days=32 * month)).replace(day=1)
        line = {
            "month": first.strftime("%Y-%m"),
            "pay": "2200",
            "side_costs": "0",
            "holiday_pay": "0",
            "paid": True,
        }
        for d in decisions:
            filed.append(
                payment_services.payment_file(
                    actor=w.rep_a,
                    decision_id=d.pk,
                    period_start=first,
                    months=1,
                    lines=[line],
                    claimed=Decimal("2200"),
                    today=first + dt.timedelta(days=40),
                )
            )
    checked = time.perf_counter()
    for p in filed:
        payment_services.payment_decide(actor=w.expert, payment_id=p.pk, approve=True)
    approved = time.perf_counter()
    batch = payment_services.batch_create(actor=w.expert)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "payments": len(filed),
                "batched": batch.count,
                "total": str(batch.total),
                "file_and_check_s": round(checked - started, 2),
                "approve_s": round(approved - checked, 2),
                "batch_s": round(done - approved, 2),
                "total_s": round(done - started, 2),
                "target_s": 10,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
