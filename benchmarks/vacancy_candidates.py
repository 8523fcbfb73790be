"""Benchmark: candidates for one vacancy among 50,000 clients, 20,000 of them with a consent
for "matching my profile to employers' vacancies" (issue 14 target: p95 200 ms or less).

    .venv/bin/python benchmarks/vacancy_candidates.py [--clients 50000] [--consenting 20000]
        [--vacancies 200] [--database-url URL]

Creates a fresh database (SQLite in a temporary folder unless --database-url is given) with
the clients in one employment area, profiles on the shipped ESCO release (a Zipf-distributed
target occupation, its essential skills and a few more, a work history, languages, areas and
working time), consents with a random choice of fields (some without skills or languages),
and vacancies with their job-posting twins. Then times `employers.candidates.rank` as the
shortlist does it: the first call builds the area's index (reported as the cold build), each
following call is a request (the cached index's freshness check against the database,
scoring, filtering by the consents still in force, the top 20 with breakdown and gaps).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIELDS = [
    "occupations",
    "work_history",
    "skills",
    "education",
    "languages",
    "driving_licences",
    "preferences",
]
AREAS = ["091", "049", "092", "235"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--consenting", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-bench-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.accounts.models import User
    from kohtaanto.clients.models import Client
    from kohtaanto.employers import candidates
    from kohtaanto.employers.models import Employer, Vacancy
    from kohtaanto.market.escodata import esco
    from kohtaanto.market.models import Consent, JobPosting, Profile
    from kohtaanto.organisation.models import Municipality, ServiceUnit, Team

    rng = np.random.default_rng(args.seed)
    e = esco()
    space = e.space
    n_occ = len(space.uris)
    zipf = 1.0 / np.arange(1, n_occ + 1) ** 0.8
    order = rng.permutation(n_occ)
    skill_uris = e.release.skill_uris

    def occupation() -> int:
        return int(order[rng.choice(n_occ, p=zipf / zipf.sum())])

    started = time.perf_counter()
    helsinki = Municipality.objects.create(code="091", name="Helsinki")
    unit = ServiceUnit.objects.create(municipality=helsinki, code="OSU", name="Osaaminen")
    team = Team.objects.create(unit=unit, code="T1", name="Tiimi")
    worker = User.objects.create(username="worker", team=team, unit=unit)
    today = date.today()
    Client.objects.bulk_create(
        [
            Client(
                external_id=f"K{i:07d}",
                hetu_encrypted="x",
                hetu_hash=f"{i:064d}",
                first_name="Testi",
                last_name=f"Asiakas{i}",
                birth_date=date(1970, 1, 1) + timedelta(days=int(rng.integers(0, 15000))),
                gender="F",
                mother_tongue="fi",
                education_level="upper_secondary",
                municipality=helsinki,
                registration_date=today - timedelta(days=int(rng.integers(1, 900))),
                responsible_worker=worker,
                team=team,
                unit=unit,
            )
            for i in range(args.clients)
        ],
        batch_size=5000,
    )
    ids = list(Client.objects.order_by("id").values_list("id", flat=True))
    chosen = rng.choice(ids, size=args.consenting, replace=False)
    profiles, consents = [], []
    expires = timezone.now() + timedelta(days=365)
    for client_id in chosen.tolist():
        target = occupation()
        held = list(space.essential_of(target)) + list(rng.integers(0, len(skill_uris), 3))
        history = occupation()
        profiles.append(
            Profile(
                client_id=client_id,
                occupations=[{"uri": space.uris[target], "title": "x"}],
                work_history=[{"uri": space.uris[history], "title": "y", "start": 2015, "end": 2023}],
                skills=[{"uri": skill_uris[int(s)], "label": "s"} for s in held[: int(rng.integers(3, 15))]],
                languages=[{"code": "fi", "level": str(rng.choice(["B1", "B2", "C1", "native"]))}]
                + ([{"code": "en", "level": "B2"}] if rng.random() < 0.5 else []),
                driving_licences=["B"] if rng.random() < 0.6 else [],
                preferences={
                    "areas": list(rng.choice(AREAS, size=2, replace=False)),
                    "working_time": ["full_time"],
                },
            )
        )
        fields = [f for f in FIELDS if rng.random() < 0.85] or ["occupations"]
        consents.append(
            Consent(client_id=client_id, purpose="employer_matching", fields=fields, expires_at=expires)
        )
    Profile.objects.bulk_create(profiles, batch_size=5000)
    Consent.objects.bulk_create(consents, batch_size=5000)
    employer = Employer.objects.create(business_id="0112038-9", name="Bench Oy")
    vacancies = []
    for i in range(args.vacancies):
        occ = occupation()
        posting = JobPosting.objects.create(
            source="bench",
            external_id=str(i),
            title="Työ",
            municipality=str(rng.choice(AREAS)),
            occupation_uri=space.uris[occ],
            skills=[skill_uris[int(s)] for s in space.essential_of(occ)],
            working_time=["full_time"],
            languages=[{"code": "fi", "level": "B2"}],
        )
        vacancies.append(
            Vacancy.objects.create(
                employer=employer, area=helsinki, title="Työ", occupation_uri=space.uris[occ], posting=posting
            )
        )
    setup = time.perf_counter() - started

    candidates.clear_cache()
    t0 = time.perf_counter()
    first = candidates.rank(vacancies[0], top=20)
    cold = time.perf_counter() - t0
    times = []
    for vacancy in vacancies:
        t0 = time.perf_counter()
        found = candidates.rank(vacancy, top=20)
        times.append((time.perf_counter() - t0) * 1000)
        assert len(found) == 20
    ms = np.array(times)
    print(
        json.dumps(
            {
                "clients": args.clients,
                "consenting": args.consenting,
                "vacancies": args.vacancies,
                "database": "postgresql" if args.database_url else "sqlite",
                "setup_s": round(setup, 1),
                "cold_build_s": round(cold, 2),
                "first_results": len(first),
                "p50_ms": round(float(np.percentile(ms, 50)), 1),
                "p95_ms": round(float(np.percentile(ms, 95)), 1),
                "max_ms": round(float(ms.max()), 1),
                "load": os.getloadavg()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
