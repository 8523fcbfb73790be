"""`kohtaanto catalogue ...`: import, export, review reminders and the demo catalogue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kohtaanto.cli import CommandError, setup_django
from kohtaanto.domain.documents import DocumentRejected

FORMATS_IN = ("jsonl", "ptv-gd", "ptv")
FORMATS_OUT = ("jsonl", "ptv")
STATES = ("draft", "ready", "published", "outdated", "archived")


def cmd_import(args: argparse.Namespace) -> int:
    from kohtaanto.catalogue import formats

    path = Path(args.file)
    try:
        text = sys.stdin.read() if args.file == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.file}: {exc}") from exc
    try:
        records = formats.parse(args.format, text)
    except (formats.FormatError, DocumentRejected) as exc:
        raise CommandError(f"nothing was imported: {exc}") from exc
    if args.dry_run:
        print(f"{len(records):,} valid records; nothing written (--dry-run)")
        return 0
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from kohtaanto.catalogue.services import catalogue_import

    provider = args.provider or ("Suomi.fi / PTV" if args.format == "ptv-gd" else None)
    try:
        with translation.override("en"):  # the command line speaks English
            result = catalogue_import(
                actor=None,
                records=records,
                state=args.state,
                provider_name=provider,
                source=str(path)[:100],
                only_fields=formats.held_fields(args.format),
            )
    except ValidationError as exc:
        raise CommandError(f"nothing was imported: {'; '.join(exc.messages)}") from exc
    print(f"imported {len(records):,} services: {result.created:,} new, {result.updated:,} updated")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.catalogue import formats
    from kohtaanto.catalogue.models import Service
    from kohtaanto.catalogue.records import service_to_record

    qs = Service.objects.select_related("provider").order_by("name_fi", "id")
    if args.state:
        qs = qs.filter(state__in=args.state)
    text = formats.dump(args.format, [service_to_record(s) for s in qs])
    if args.file == "-":
        sys.stdout.write(text)
    else:
        Path(args.file).write_text(text, encoding="utf-8")
        print(f"exported {qs.count():,} services to {args.file}", file=sys.stderr)
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    if args.months < 1:
        raise CommandError("--months must be at least 1")
    setup_django()
    from kohtaanto.catalogue.services import catalogue_remind

    reminders = catalogue_remind(months=args.months, send=not args.dry_run)
    for r in reminders:
        to = ", ".join(r.recipients) or "(no email address)"
        print(f"{r.provider.name}: {len(r.services)} services -> {to}")
        for s in r.services:
            reviewed = s.reviewed_at.date().isoformat() if s.reviewed_at else "never"
            print(f"  {s.external_id}  {s.name_fi}  (reviewed {reviewed})")
    total = sum(len(r.services) for r in reminders)
    verb = "would notify" if args.dry_run else "notified"
    print(f"{total:,} services not reviewed in {args.months} months; {verb} {len(reminders):,} providers")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from kohtaanto.catalogue.demo import catalogue_demo_install

    call_command("migrate", interactive=False, verbosity=0)
    counts = catalogue_demo_install()
    print(
        f"demo catalogue: {counts['ptv']} PTV services, {counts['helsinki']} Helsinki services ({counts['new']} new)"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    cat = sub.add_parser("catalogue", help="service catalogue: import, export, reminders, demo")
    csub = cat.add_subparsers(dest="catalogue_command", metavar="ACTION")

    p = csub.add_parser("import", help="import services, all or nothing (upsert by id)")
    p.add_argument("--format", required=True, choices=FORMATS_IN)
    p.add_argument("file", help="input file, or - for standard input")
    p.add_argument(
        "--state", choices=STATES, help="state for every service (default: the record's, else draft)"
    )
    p.add_argument("--provider", help="provider for records that name none (ptv-gd: 'Suomi.fi / PTV')")
    p.add_argument("--dry-run", action="store_true", help="validate only")
    p.set_defaults(func=cmd_import)

    p = csub.add_parser("export", help="export services")
    p.add_argument("--format", required=True, choices=FORMATS_OUT)
    p.add_argument("file", help="output file, or - for standard output")
    p.add_argument("--state", action="append", choices=STATES, help="only these states (repeatable)")
    p.set_defaults(func=cmd_export)

    p = csub.add_parser("remind", help="email providers about services not reviewed in N months")
    p.add_argument("--months", type=int, required=True)
    p.add_argument("--dry-run", action="store_true", help="list only, send nothing")
    p.set_defaults(func=cmd_remind)

    p = csub.add_parser("demo", help="load the demo catalogue (PTV + Helsinki services)")
    p.set_defaults(func=cmd_demo)
