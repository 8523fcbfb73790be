"""`kohtaanto insights refresh|export|status`: the pseudonymised extract and the dashboard tables.

Run `kohtaanto insights refresh` from a scheduler (e.g. nightly, or every few minutes with
`--if-requested` to serve the dashboard's refresh button)."""

from __future__ import annotations

import argparse
import sys

from kohtaanto.cli import CommandError, setup_django


def cmd_refresh(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from kohtaanto.analytics.engine import EngineError, open_engine
    from kohtaanto.insights.models import Refresh, RefreshStatus
    from kohtaanto.insights.services import refresh_run

    engine = args.engine or settings.ANALYTICS_ENGINE
    master = args.spark_master or settings.SPARK_MASTER
    try:  # before the export: a refused engine writes nothing
        open_engine(engine, master)
    except EngineError as exc:
        raise CommandError(str(exc)) from exc

    if args.if_requested and not Refresh.objects.filter(status=RefreshStatus.QUEUED).exists():
        print("no refresh requested", file=sys.stderr)
        return 0
    try:
        r = refresh_run(full=args.full, impact=not args.no_impact, engine=engine, spark_master=master)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
    except Exception as exc:  # noqa: BLE001 - recorded on the Refresh row; shown without a traceback
        raise CommandError(f"refresh failed: {exc}") from exc
    written = sorted(k for k, v in r.tables.items() if v == "written")
    rows = ", ".join(f"{k} {v:,}" for k, v in r.counts.items())
    print(f"refresh {r.pk}: {r.status} in {r.seconds} s; rows: {rows}")
    print(f"extract tables rewritten: {', '.join(written) or 'none'}; results: {r.results_dir}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.analytics.extract import pseudonymise_extract
    from kohtaanto.insights.export import export_operational
    from kohtaanto.insights.services import analytics_root, pseudonym_key

    root = analytics_root()
    result = export_operational(root / "staging", full=args.full)
    extracted = pseudonymise_extract(root / "staging", root / "extract", pseudonym_key())
    for name, status in extracted.items():
        print(f"{name:10} {result.counts[name]:>10,} rows  export {result.tables[name]}, extract {status}")
    print(f"pseudonymised extract: {root / 'extract'}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    import json

    setup_django()
    from kohtaanto.insights.status import insights_status

    status = insights_status()
    if args.json:
        print(json.dumps(status, sort_keys=True))
        return 0
    clients = status["clients"]
    print(f"data as of {status['as_of']}, last refresh {status['last_refresh'] or 'never'}")
    print(f"clients: {clients['active']:,} active, {clients['ended']:,} ended")
    for reason, n in status["ended_by_reason"].items():
        print(f"  {reason:22} {n:>8,}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("insights", help="management dashboard: extract and refresh")
    isub = p.add_subparsers(dest="insights_command", metavar="ACTION")
    r = isub.add_parser("refresh", help="export the database, pseudonymise, compute the dashboard tables")
    r.add_argument("--full", action="store_true", help="re-export every table even if unchanged")
    r.add_argument("--no-impact", action="store_true", help="skip the per-service impact estimates")
    r.add_argument(
        "--if-requested", action="store_true", help="run only if a refresh was requested in the app"
    )
    r.add_argument("--engine", default="", metavar="duckdb|spark", help="default: KOHTAANTO_ANALYTICS_ENGINE")
    r.add_argument("--spark-master", default="", metavar="URL", help="default: KOHTAANTO_SPARK_MASTER")
    r.set_defaults(func=cmd_refresh)
    e = isub.add_parser("export", help="only write the pseudonymised extract (incremental)")
    e.add_argument("--full", action="store_true", help="re-export every table even if unchanged")
    e.set_defaults(func=cmd_export)
    st = isub.add_parser("status", help="clients by job-search status and end reason; the last refresh")
    st.add_argument("--json", action="store_true", help="one JSON object")
    st.set_defaults(func=cmd_status)
