"""`kohtaanto employers import|export|mandate` and `kohtaanto vacancy candidates`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kohtaanto.cli import CommandError, setup_django


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    setup_django()
    from django.core.exceptions import ValidationError

    from kohtaanto.domain.documents import DocumentRejected
    from kohtaanto.employers.services import ImportRejected, employers_import

    try:
        created, updated = employers_import(
            actor=None, content=path.read_bytes(), fmt=args.format, area_code=args.area
        )
    except DocumentRejected as exc:
        raise CommandError(f"{path}: {exc}") from exc
    except ImportRejected as exc:
        for e in exc.errors[:50]:
            print(f"{path}:{e.line}: {e.field}: {e.message}", file=sys.stderr)
        raise CommandError(f"{len(exc.errors)} error(s); nothing was imported") from exc
    except ValidationError as exc:
        raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
    print(f"{created:,} employers added, {updated:,} updated")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.employers.models import Employer
    from kohtaanto.employers.records import dump
    from kohtaanto.employers.selectors import employer_record

    rows = Employer.objects.select_related("coordinator").prefetch_related("contacts")
    if args.area:
        rows = rows.filter(area__code=args.area)
    sys.stdout.write(dump([employer_record(e) for e in rows], args.format))
    return 0


def cmd_mandate(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from kohtaanto.employers.services import mandate_grant, mandate_revoke

    try:
        if args.revoke:
            n = mandate_revoke(actor=None, username=args.user, business_id=args.business_id)
            print(f"{n} mandate(s) of {args.user} for {args.business_id} revoked")
        else:
            mandate_grant(
                actor=None, username=args.user, business_id=args.business_id, valid_until=args.until
            )
            print(f"{args.user} now acts for {args.business_id}")
    except ValidationError as exc:
        raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    """Read-only: the pseudonymous shortlist a coordinator would see, never who they are."""
    setup_django()
    import json

    from kohtaanto.audit.services import audit_record
    from kohtaanto.employers import candidates
    from kohtaanto.employers.models import Vacancy

    vacancy = Vacancy.objects.select_related("posting").filter(pk=args.vacancy).first()
    if vacancy is None:
        raise CommandError(f"no vacancy {args.vacancy}")
    found = candidates.rank(vacancy, top=max(1, min(args.top, 500)))
    audit_record(
        actor=None,
        action="match",
        target_type="vacancy",
        target_id=vacancy.pk,
        purpose="employer matching",
        detail={"results": len(found)},
    )
    results = [
        {"client_ref": r.ref, "score": r.score, "breakdown": r.breakdown, "gaps": r.gaps} for r in found
    ]
    if args.json:
        print(json.dumps({"vacancy_id": vacancy.pk, "results": results}, ensure_ascii=False))
        return 0
    print(f"{vacancy.title} ({vacancy.employer.name}): {len(results)} candidate(s)")
    for r in results:
        factors = ", ".join(f"{k} {v:.2f}" for k, v in r["breakdown"].items())
        print(f"  {r['client_ref']}  {r['score']:.3f}  {factors}  gaps: {len(r['gaps'])}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    employers = sub.add_parser("employers", help="the employer register: import and export")
    esub = employers.add_subparsers(dest="employers_command", metavar="ACTION")
    p = esub.add_parser("import", help="add or update an area's employers by business ID, all or nothing")
    p.add_argument("--format", choices=["csv", "jsonl"], required=True)
    p.add_argument(
        "--area", default="", help="the area (municipality code) that keeps them; default: the only one"
    )
    p.add_argument("file")
    p.set_defaults(func=cmd_import)
    p = esub.add_parser("export", help="every employer to standard output")
    p.add_argument("--format", choices=["csv", "jsonl"], default="jsonl")
    p.add_argument("--area", default="", help="only this area's (municipality code)")
    p.set_defaults(func=cmd_export)
    p = esub.add_parser(
        "mandate", help="record (or --revoke) a representative's mandate for an employer (audited)"
    )
    p.add_argument("--user", required=True, help="the representative's username")
    p.add_argument("--business-id", required=True)
    p.add_argument("--until", type=date.fromisoformat, default=None, help="last valid day, YYYY-MM-DD")
    p.add_argument("--revoke", action="store_true")
    p.set_defaults(func=cmd_mandate)
    vacancy = sub.add_parser("vacancy", help="vacancies: candidates from consenting job seekers")
    vsub = vacancy.add_subparsers(dest="vacancy_command", metavar="ACTION")
    p = vsub.add_parser("candidates", help="the pseudonymous shortlist of a vacancy (read-only, audited)")
    p.add_argument("--vacancy", type=int, required=True)
    p.add_argument("--top", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_candidates)
