"""Benchmark: outcome bonuses for a year of a contract with 2,000 clients (issue 17, target
at most 10 s).

    .venv/bin/python benchmarks/outcome_bonuses.py [--clients 2000] [--seed 1]

Migrates a fresh SQLite database in a temporary directory, makes a contract with an
employment bonus and an earnings share (randomised against a comparison group), 2,000
clients referred over the year and about 1.5 employments each, then times the whole
refresh (`procurement.services.contract_refresh`: enrolment, the seeded arms, reading the
register, the pure computation, replacing the events, the audit) twice: the first refresh
enrols the cohort, the second recomputes it. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-bonus-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.accounts.models import Role, User
    from kohtaanto.clients.models import Client
    from kohtaanto.outcomes.models import Employment
    from kohtaanto.procurement import services
    from kohtaanto.procurement.models import OutcomeEvent
    from kohtaanto.referrals.models import Referral
    from tests.catalogue.factories import ServiceFactory
    from tests.factories import ClientFactory

    rng = random.Random(args.seed)
    start = dt.date(2025, 1, 1)
    officer = User.objects.create(username="bench-officer", role=Role.PROCUREMENT_OFFICER)
    service = ServiceFactory()
    first = ClientFactory()
    clients = [
        Client(
            **{
                f.attname: getattr(first, f.attname)
                for f in Client._meta.concrete_fields
                if not f.primary_key and f.attname not in ("external_id", "hetu_hash", "hetu_encrypted")
            },
            external_id=f"B{n:07d}",
            hetu_hash=f"bench-{n}",
            hetu_encrypted=first.hetu_encrypted,
        )
        for n in range(args.clients)
    ]
    Client.objects.bulk_create(clients, batch_size=500)
    ids = list(Client.objects.exclude(pk=first.pk).values_list("pk", flat=True))
    referrals, jobs = [], []
    for cid in ids:
        begun = start + dt.timedelta(days=rng.randrange(365))
        referrals.append(Referral(client_id=cid, service=service, state="started", start_date=begun))
        for _ in range(rng.choice((0, 1, 2, 3))):
            job_start = begun + dt.timedelta(days=rng.randrange(400))
            end = job_start + dt.timedelta(days=rng.randrange(30, 500)) if rng.random() < 0.5 else None
            jobs.append(
                Employment(
                    client_id=cid,
                    employer_name="Oy",
                    start=job_start,
                    end=end,
                    weekly_hours=Decimal(rng.choice((10, 20, 30, 37.5))),
                )
            )
    Referral.objects.bulk_create(referrals, batch_size=1000)
    stored = list(Referral.objects.order_by("pk"))  # referred_at is set on insert: backdate it
    for r, row in zip(stored, referrals, strict=True):
        r.referred_at = dt.datetime.combine(row.start_date, dt.time(9), tzinfo=dt.UTC)
    Referral.objects.bulk_update(stored, ["referred_at"], batch_size=1000)
    Employment.objects.bulk_create(jobs, batch_size=1000)
    bonus = {
        "valid_from": start,
        "rules": [
            {
                "outcome": "employed",
                "min_weekly_hours": 20,
                "within_months": 6,
                "still_employed_after_months": 3,
                "amount": "1500",
            },
            {"outcome": "earnings_share", "share": "0.1", "reference_hourly_wage": "15", "within_months": 12},
        ],
    }
    contract = services.contract_create(
        actor=officer,
        provider_id=service.provider_id,
        title="Benchmark",
        service_ids=[service.pk],
        start=start,
        end=dt.date(2025, 12, 31),
        capacity=args.clients,
        price_model="per_client",
        price=Decimal(900),
        randomised=True,
        comparison_share=Decimal("0.3"),
        bonus=bonus,
    )
    as_of = dt.date(2026, 12, 31)
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        events = services.contract_refresh(actor=officer, contract_id=contract.pk, as_of=as_of)
        runs.append(round(time.perf_counter() - t, 2))
    due = sum(OutcomeEvent.objects.values_list("amount", flat=True), Decimal(0))
    print(
        json.dumps(
            {
                "clients": len(ids),
                "employments": len(jobs),
                "events": events,
                "bonus_due_eur": str(due),
                "first_refresh_s": runs[0],
                "recompute_s": runs[1],
                "target_s": 10,
                "uptime": os.popen("uptime").read().strip(),  # noqa: S605,S607 - the machine's load, for the record
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
