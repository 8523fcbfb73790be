"""Benchmark: importing 10,000 employers (issue 14 target: 60 s or less), all or nothing.

    .venv/bin/python benchmarks/employers_import.py [--employers 10000] [--format csv|jsonl] [--database-url URL]

Builds a file of valid employers (business IDs with their check digit, a location and a
contact person each), creates a fresh database (SQLite in a temporary folder unless
--database-url is given) and times `employers.services.employers_import`: first the file with
three bad lines, which must be refused whole with the lines named and leave no employer; then
the valid file; then the same file again (every employer updated). One JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

INDUSTRIES = ["41200", "47111", "56101", "62010", "86101", "49410", "43210", "68201", "81210", "88109"]
SIZES = ["micro", "micro", "small", "small", "medium", "large"]


def records(n: int) -> list[dict]:
    from kohtaanto.domain.ytunnus import check_digit

    out, number = [], 1_000_000
    while len(out) < n:
        body = f"{number:07d}"
        number += 1
        check = check_digit(body)
        if check is None:
            continue
        i = len(out)
        out.append(
            {
                "business_id": f"{body}-{check}",
                "name": f"Yritys {i} Oy",
                "industry": INDUSTRIES[i % len(INDUSTRIES)],
                "size_class": SIZES[i % len(SIZES)],
                "contact_consent": "yes" if i % 3 else "unknown",
                "locations": [{"address": f"Katu {i % 200 + 1}", "postal_code": "00100", "city": "Helsinki"}],
                "contacts": [{"name": f"Henkilö {i}", "title": "HR", "email": f"hr{i}@example.fi"}],
            }
        )
    return out


def encode(rows: list[dict], fmt: str) -> bytes:
    from kohtaanto.employers.records import EmployerRecord, dump

    return dump([EmployerRecord.model_validate(r) for r in rows], fmt).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    os.environ["KOHTAANTO_DATA_DIR"] = tempfile.mkdtemp(prefix="kohtaanto-bench-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from kohtaanto.employers.models import Employer
    from kohtaanto.employers.services import ImportRejected, employers_import

    rows = records(args.employers)
    good = encode(rows, args.format)
    bad = good
    for i in (10, len(rows) // 2, len(rows) - 1):  # three wrong check digits
        right = rows[i]["business_id"]
        wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
        bad = bad.replace(right.encode(), wrong.encode(), 1)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    try:
        employers_import(actor=None, content=bad, fmt=args.format)
        refused = []
    except ImportRejected as exc:
        refused = [(e.line, e.field) for e in exc.errors]
    print(json.dumps({"run": "refused", "seconds": round(time.perf_counter() - started, 2), "errors": refused[:5],
                      "employers_after": Employer.objects.count(), "load": round(load, 2)}))  # fmt: skip
    for run in ("created", "updated"):
        started = time.perf_counter()
        created, updated = employers_import(actor=None, content=good, fmt=args.format)
        print(json.dumps({"run": run, "employers": args.employers, "format": args.format,
                          "seconds": round(time.perf_counter() - started, 2), "created": created,
                          "updated": updated, "load": round(os.getloadavg()[0], 2)}))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
