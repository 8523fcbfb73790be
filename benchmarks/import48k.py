"""Benchmark: batch import of 48,000 transferred clients (issue 5 target: at most 5 minutes),
all or nothing, reporting the rejected rows.

    .venv/bin/python benchmarks/import48k.py [--clients 48000] [--workers-per-team 0] [--database-url URL]

Builds a CSV of valid transferred clients (synthetic identity codes with individual numbers
900-999, which are never given to real people), creates a fresh database (SQLite in a
temporary folder unless --database-url is given), installs the Helsinki organisation and
case workers for every team, and times the same path the import page takes:
`batch.parse_batch` then `intake.clients_register`. First the same file with 3 bad rows,
which must be rejected whole with the rows named and leave the database empty; then the
valid file. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST = ["Aino", "Eino", "Helmi", "Väinö", "Ella", "Oliver", "Sofia", "Leo", "Linnea", "Elias", "Amina",
         "Mohamed", "Fatima", "Ali", "Olga", "Sergei", "Anna", "Johan", "Ida", "Hassan"]  # fmt: skip
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
        "Koskinen", "Järvinen", "Lindqvist", "Nyström", "Ahmed", "Hussein", "Ivanova", "Smirnov",
        "Abdi", "Nguyen", "Tamm", "Öberg"]  # fmt: skip
# Mother tongue shares roughly as among Helsinki's job seekers (about 28 % foreign-language).
TONGUES = (
    ["fi"] * 66 + ["sv"] * 6 + ["ru"] * 6 + ["so"] * 5 + ["ar"] * 5 + ["et"] * 4 + ["en"] * 4 + ["fa"] * 4
)
EDUCATION = ["basic"] * 3 + ["upper_secondary"] * 4 + ["tertiary"] * 2 + ["none"]
OFFICES = ["", "", "Itäkeskus", "Pasila", "Viipurinkatu", "Kamppi"]
HEADER = ["hetu", "first_name", "last_name", "mother_tongue", "education_level", "finnish_level",
          "swedish_level", "needs_multiprofessional", "arrival_date", "postal_code", "municipality",
          "preferred_office", "registration_date"]  # fmt: skip


def rows(n: int, today: dt.date) -> list[dict]:
    """n valid transferred clients, deterministic; (birth date, individual number) distinct."""
    from kohtaanto.domain.hetu import make_hetu

    out = []
    for i in range(n):
        # 100 individual numbers (900-999) per birth date; birth dates 33 days apart span
        # 1962-2005 at 48,000 rows, so ages run from about 20 to 64.
        birth = dt.date(1962, 1, 3) + dt.timedelta(days=(i // 100) * 33)
        tongue = TONGUES[(i * 7) % len(TONGUES)]
        foreign = tongue not in ("fi", "sv")
        registered = today - dt.timedelta(days=1 + (i * 13) % 700)
        arrival = registered - dt.timedelta(days=200 + (i * 11) % 2500) if foreign else None
        out.append(
            {
                "hetu": make_hetu(birth, 900 + i % 100),
                "first_name": FIRST[i % len(FIRST)],
                "last_name": LAST[(i // 3) % len(LAST)],
                "mother_tongue": tongue,
                "education_level": EDUCATION[(i * 3) % len(EDUCATION)],
                "finnish_level": ("B1", "A2", "B2", "C1")[i % 4] if foreign else "",
                "swedish_level": "",
                "needs_multiprofessional": "1" if i % 9 == 0 else "0",
                "arrival_date": arrival.isoformat() if arrival else "",
                "postal_code": f"00{100 + (i * 10) % 900:03d}",
                "municipality": "091",
                "preferred_office": OFFICES[i % len(OFFICES)],
                "registration_date": registered.isoformat(),
            }
        )
    return out


def to_csv(records: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buf.getvalue().encode()


def spoil(records: list[dict]) -> list[dict]:
    """Three bad rows that parse but must not register: a wrong check character, an unknown
    education level, and an identity code that repeats an earlier row."""
    bad = [dict(r) for r in records]
    h = bad[100]["hetu"]
    bad[100]["hetu"] = h[:-1] + ("A" if h[-1] != "A" else "B")
    bad[len(bad) // 2]["education_level"] = "doctorate"
    bad[-1]["hetu"] = bad[5]["hetu"]
    return bad


def setup_database(database_url: str | None, workers_per_team: int):
    """A fresh database with the Helsinki organisation, case workers and a registrar."""
    tmp = tempfile.mkdtemp(prefix="kohtaanto-import-")
    os.environ["KOHTAANTO_DATA_DIR"] = tmp
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.accounts.models import Role, User
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.organisation.models import Team
    from kohtaanto.organisation.services import organisation_install

    organisation_install(org=HELSINKI)
    password = make_password(None)  # unusable: nobody logs in as these
    languages = [
        ["fi"],
        ["fi", "en"],
        ["fi", "sv"],
        ["fi", "en", "ru"],
        ["fi", "en", "so"],
        ["fi", "en", "ar"],
    ]
    users = []
    for team in Team.objects.select_related("unit").prefetch_related("offices").order_by("code"):
        offices = list(team.offices.all())
        for k in range(workers_per_team or team.planned_experts or 10):
            users.append(
                User(
                    username=f"import-{team.code.lower()}-{k}",
                    password=password,
                    first_name="Case",
                    last_name=f"Worker {team.code} {k}",
                    role=Role.CASE_WORKER,
                    team=team,
                    unit=team.unit,
                    office=offices[k % len(offices)] if offices else None,
                    languages=languages[k % len(languages)],
                )
            )
    User.objects.bulk_create(users)
    admin = User.objects.create(username="import-admin", password=password, role=Role.ADMINISTRATOR)
    return admin, len(users), connection.vendor


def run(actor, data: bytes) -> dict:
    from kohtaanto.clients.batch import parse_batch
    from kohtaanto.clients.intake import ImportRejected, clients_register
    from kohtaanto.clients.models import Client

    t0 = time.perf_counter()
    try:
        regs = parse_batch(data, "transfer.csv")
        t1 = time.perf_counter()
        created = clients_register(actor=actor, registrations=regs, request_id="bench-import48k")
    except ImportRejected as exc:
        t2 = time.perf_counter()
        return {
            "result": "rejected",
            "seconds": round(t2 - t0, 1),
            "rejected": exc.rejected,
            "clients_in_database": Client.objects.count(),
        }
    t2 = time.perf_counter()
    return {
        "result": "imported",
        "created": len(created),
        "seconds": round(t2 - t0, 1),
        "stages_seconds": {"parse": round(t1 - t0, 1), "register": round(t2 - t1, 1)},
        "clients_in_database": Client.objects.count(),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=48_000)
    ap.add_argument("--workers-per-team", type=int, default=0, help="default: the team's planned experts")
    ap.add_argument("--database-url")
    ap.add_argument(
        "--bad", choices=["yes", "no", "only"], default="yes", help="also run the 3-bad-rows file"
    )
    args = ap.parse_args()

    today = dt.date.today()
    records = rows(args.clients, today)
    good = to_csv(records)
    bad = to_csv(spoil(records))
    actor, workers, vendor = setup_database(args.database_url, args.workers_per_team)
    common = {"benchmark": "import48k", "database": vendor, "rows": args.clients, "case_workers": workers}
    # The bad file first, into the empty database: it must leave it empty.
    if args.bad != "no":
        out = run(actor, bad)
        print(json.dumps({**common, "file": "3 bad rows", **out}), flush=True)
    if args.bad != "only":
        out = run(actor, good)
        from kohtaanto.audit.models import AuditEvent
        from kohtaanto.clients.models import ClientEvent, Meeting

        out.update(
            events=ClientEvent.objects.count(),
            meetings=Meeting.objects.count(),
            audit_events=AuditEvent.objects.count(),
            csv_mib=round(len(good) / 2**20, 1),
        )
        print(json.dumps({**common, "file": "valid", **out}), flush=True)
    print(
        json.dumps({"peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
        flush=True,
    )


if __name__ == "__main__":
    main()
