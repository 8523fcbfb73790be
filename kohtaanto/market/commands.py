"""`kohtaanto market demo|import-jobs|import-education` (registered from market/cli.py).

Imports are all or nothing: a file is parsed and validated completely (errors name the
line and field) and enriched before one transaction stores it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kohtaanto.cli import CommandError, setup_django


def register_market(subparsers: argparse._SubParsersAction) -> None:
    market = subparsers.add_parser("market", help="labour market: demo data, job and education imports")
    sub = market.add_subparsers(dest="market_command", metavar="COMMAND")
    market.set_defaults(func=lambda args: market.print_help() or 2)

    p = sub.add_parser("demo", help="generate Helsinki-region postings, load education and demo profiles")
    p.add_argument("--postings", type=int, default=2000)
    p.add_argument("--profiles", type=int, default=400, help="demo clients given a profile and consents")
    p.add_argument("--seed", type=int, default=2021)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import-jobs", help="import job postings from JSON (array or lines) or CSV")
    p.add_argument("file", help='file, or "-" for stdin')
    p.add_argument("--format", choices=("auto", "json", "csv"), default="auto")
    p.add_argument("--source", help="source name (default: the file name); re-importing updates")
    p.add_argument("--replace", action="store_true", help="remove this source's postings not in the file")
    p.add_argument("--dry-run", action="store_true", help="validate only")
    p.set_defaults(func=cmd_import_jobs)

    p = sub.add_parser("import-education", help="import education offerings (Opintopolku konfo CSV or JSONL)")
    p.add_argument("files", nargs="+", help="konfo-*.csv files or a JSON-lines file of offerings")
    p.add_argument("--format", choices=("auto", "konfo", "jsonl"), default="auto")
    p.add_argument("--source", default="opintopolku")
    p.add_argument("--region-only", action="store_true", help="keep programmes given in the Helsinki region")
    p.add_argument(
        "--write", metavar="FILE.jsonl", help="write the enriched offerings here instead of the database"
    )
    p.add_argument("--dry-run", action="store_true", help="validate only")
    p.set_defaults(func=cmd_import_education)


def _read(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from None


def _progress(done: int, total: int) -> None:
    print(f"  ESCO enrichment: {done:,}/{total:,} distinct texts", file=sys.stderr)


def _esco():
    from kohtaanto.market.escodata import esco

    return esco()


def cmd_import_jobs(args: argparse.Namespace) -> int:
    from kohtaanto.market.importers import MarketImportError, parse_postings

    text = _read(args.file)
    name = "<stdin>" if args.file == "-" else Path(args.file).name
    try:
        rows = parse_postings(text, name, args.format)
    except MarketImportError as exc:
        raise CommandError(f"nothing was imported: {exc}") from None
    if args.dry_run:
        print(f"{len(rows):,} valid postings; nothing written (--dry-run)")
        return 0
    from kohtaanto.market.enrich import enrich_postings

    enrich_postings(rows, _esco(), progress=_progress)
    setup_django()
    from kohtaanto.market.services import postings_import

    created, updated = postings_import(
        actor=None, rows=rows, source=(args.source or name)[:60], replace=args.replace
    )
    print(f"imported {len(rows):,} postings: {created:,} new, {updated:,} updated")
    return 0


def _in_region(row: dict) -> bool:
    from kohtaanto.market.reference import MUNICIPALITIES

    return any(m in MUNICIPALITIES for m in row["municipalities"])


def cmd_import_education(args: argparse.Namespace) -> int:
    from kohtaanto.market.importers import (
        MarketImportError,
        offering_record,
        parse_konfo,
        parse_offerings_jsonl,
    )

    rows: list[dict] = []
    seen: set[str] = set()
    for path in args.files:
        fmt = args.format
        if fmt == "auto":
            fmt = "konfo" if path.lower().endswith(".csv") else "jsonl"
        try:
            parsed = (parse_konfo if fmt == "konfo" else parse_offerings_jsonl)(_read(path), Path(path).name)
        except MarketImportError as exc:
            raise CommandError(f"nothing was imported: {exc}") from None
        rows += [r for r in parsed if r["external_id"] not in seen and not seen.add(r["external_id"])]
    if args.region_only:
        rows = [r for r in rows if _in_region(r)]
    if args.dry_run:
        print(f"{len(rows):,} valid offerings; nothing written (--dry-run)")
        return 0
    todo = [r for r in rows if not r.get("occupations")]
    if todo:
        from kohtaanto.market.enrich import enrich_offerings

        enrich_offerings(todo, _esco(), progress=_progress)
    if args.write:
        with open(args.write, "w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps(offering_record(r), ensure_ascii=False, sort_keys=True) + "\n")
        print(f"wrote {len(rows):,} offerings to {args.write}")
        return 0
    setup_django()
    from kohtaanto.market.importers import OFFERING_KEYS
    from kohtaanto.market.services import offerings_import

    clean = [{k: r.get(k) for k in OFFERING_KEYS} for r in rows]
    created, updated = offerings_import(actor=None, rows=clean, source=args.source[:60])
    print(f"imported {len(rows):,} offerings: {created:,} new, {updated:,} updated")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    if settings.PRODUCTION:
        raise CommandError("the demo is not loaded in production")
    from kohtaanto.market.demo import market_demo_install

    result = market_demo_install(
        _esco(), postings=args.postings, profiles=args.profiles, seed=args.seed, progress=_progress
    )
    created, updated = result["postings"]
    print(
        f"postings: {created:,} new, {updated:,} updated; education: {result['education'][0]:,} new; "
        f"demo profiles: {result['profiles']:,}"
    )
    return 0
