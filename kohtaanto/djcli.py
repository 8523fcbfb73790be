"""`kohtaanto` commands that need Django and the database."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from kohtaanto.cli import CommandError, setup_django


def _migrate(quiet: bool = True) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def cmd_migrate(args: argparse.Namespace) -> int:
    setup_django()
    _migrate(quiet=False)
    return 0


def cmd_org_install(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.domain.organisation import HELSINKI, OrganisationConfigError, load_organisation
    from kohtaanto.organisation.services import organisation_install

    try:
        org = load_organisation(args.config) if args.config else HELSINKI
        _migrate()
        muni = organisation_install(org=org)
    except OrganisationConfigError as exc:
        raise CommandError(f"nothing was installed: {exc}") from None
    print(f"installed {muni.name} ({muni.code}): {len(org.units)} service units, {len(org.teams())} teams")
    return 0


def _load(folder: Path) -> dict[str, int]:
    from tqdm import tqdm

    from kohtaanto.clients.loader import LoadError, load_folder

    stages = ["read", "validated", "staff", "clients", "meetings", "events"]
    bar = tqdm(total=len(stages), desc="loading", unit="step", file=sys.stderr)

    def progress(stage: str, n: int) -> None:
        bar.set_postfix_str(f"{stage} {n:,}" if n else stage)
        bar.update(1)

    try:
        counts = load_folder(folder, progress=progress)
    except LoadError as exc:
        raise CommandError(f"nothing was loaded: {exc}") from exc
    finally:
        bar.close()
    from kohtaanto.outcomes.services import periods_backfill

    counts["periods"] = periods_backfill()  # each loaded client's job-search period
    return counts


def cmd_load(args: argparse.Namespace) -> int:
    setup_django()
    folder = Path(args.dir)
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder")
    _migrate()
    if args.queue:
        from kohtaanto.jobs.tasks import register_load

        register_load.enqueue(str(folder.resolve()), incremental=args.incremental)
        print(f"queued for the worker: {folder} ({'incremental' if args.incremental else 'base'} load)")
        return 0
    counts = _load_incremental(folder) if args.incremental else _load(folder)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()))
    return 0


def _load_incremental(folder: Path) -> dict[str, int]:
    from kohtaanto.clients.loader import LoadError
    from kohtaanto.jobs.tasks import insights_refresh
    from kohtaanto.outcomes.feed import load_incremental

    try:
        counts = load_incremental(folder)
    except LoadError as exc:
        raise CommandError(f"nothing was loaded: {exc}") from exc
    insights_refresh.enqueue()  # the dashboard follows the register at the worker's next turn
    print("dashboard refresh queued for the worker", file=sys.stderr)
    return counts


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings

    from kohtaanto.accounts.policy import AREA_DEMO_USERS
    from kohtaanto.catalogue.demo import catalogue_demo_install
    from kohtaanto.clients.models import Client
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.organisation.services import organisation_install
    from kohtaanto.pages.demo_users import DEMO_PASSWORD, DEMO_USERS, demo_users_install

    if settings.PRODUCTION:
        raise CommandError("the demo is not loaded in production")
    _migrate()
    organisation_install(org=HELSINKI)
    if Client.objects.exists():
        print(f"demo data already loaded ({Client.objects.count():,} clients)", file=sys.stderr)
    else:
        from kohtaanto.synthetic import generate
        from kohtaanto.synthetic import write as generate_write

        # The history runs up to today, so the demo worker's day looks like a working day
        # (issue 12): a fixed end date made every client overdue a month later.
        today = date.today()
        out = Path(settings.DATA_DIR) / f"demo-{args.clients}-{args.seed}-{today.isoformat()}"
        if not (out / "clients.parquet").exists():
            print(f"generating {args.clients:,} clients up to {today} into {out}", file=sys.stderr)
            generate_write(out, generate(args.clients, seed=args.seed, as_of=today))
        _load(out)
    demo_users_install()
    _second_area_demo(args.seed)  # after the first area's demo users: its staff stay theirs
    catalogue_demo_install()  # 250 PTV services and the Helsinki-region employment services
    _market_and_employers_demo(args.seed)  # after the demo users: the coordinator and the representative
    _operations_demo(args.seed)  # after the employers: subsidies, contracts, TYP and Ohjaamo
    _warm_matching_index()  # after the catalogue: it encodes the published services
    _first_refresh()
    print(f"demo users (password '{DEMO_PASSWORD}'): {', '.join([*DEMO_USERS, *AREA_DEMO_USERS])}")
    return 0


def _second_area_demo(seed: int) -> None:
    """Issue 15: a second, generated area with its own units, teams, clients and demo users."""
    from django.conf import settings

    from kohtaanto.clients.models import Client
    from kohtaanto.organisation.demo import (
        DEMO_TEAM,
        area_staff_prefix,
        avoid_taken_codes,
        example_area,
        generate_area,
    )
    from kohtaanto.organisation.services import organisation_install
    from kohtaanto.pages.demo_users import area_demo_users_install

    org = example_area()
    organisation_install(org=org)
    if not Client.objects.filter(municipality__code=org.municipality_code).exists():
        today = date.today()
        out = Path(settings.DATA_DIR) / f"demo-area-{org.municipality_code}-{seed}-{today.isoformat()}"
        generate_area(out, org, seed=seed + 1, today=today)
        avoid_taken_codes(out, _codes_in_register)
        _load(out)
    area_demo_users_install(team_code=DEMO_TEAM, staff_prefix=area_staff_prefix(org))


def _codes_in_register(codes: list[str]) -> set[str]:
    """Which of `codes` a client in the register already has (looked up by their keyed hash)."""
    from kohtaanto.clients import identity
    from kohtaanto.clients.models import Client

    by_hash = {identity.lookup_hash(c): c for c in codes}
    found = Client.objects.filter(hetu_hash__in=list(by_hash)).values_list("hetu_hash", flat=True)
    return {by_hash[h] for h in found}


def _first_refresh() -> None:
    """The demo ends with a refreshed dashboard (issue 12): the first page an analyst opens
    has data and a 'data as of' time, whether or not the worker runs yet."""
    import time

    from kohtaanto.insights.models import Refresh, RefreshStatus
    from kohtaanto.insights.services import refresh_run

    if Refresh.objects.filter(status__in=[RefreshStatus.DONE, RefreshStatus.UNCHANGED]).exists():
        return
    t = time.perf_counter()
    print("refreshing the dashboard...", file=sys.stderr)
    r = refresh_run()
    print(f"dashboard refresh {r.status} in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def _market_and_employers_demo(seed: int) -> None:
    """Labour-market postings and profiles with consents (once), then issue 14's employers
    with vacancies from real job ads, shortlists of consenting job seekers and past hires."""
    import time

    from kohtaanto.employers.demo import area_employers_install, employers_demo_install
    from kohtaanto.market.demo import market_demo_install
    from kohtaanto.market.escodata import esco
    from kohtaanto.market.models import Profile
    from kohtaanto.organisation.demo import example_area

    if not Profile.objects.exists():
        t = time.perf_counter()
        print("loading labour-market postings and profiles...", file=sys.stderr)
        made = market_demo_install(esco(), seed=seed)
        print(f"{made['profiles']:,} profiles in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    t = time.perf_counter()
    counts = employers_demo_install(seed=seed)
    print(
        f"employers: {counts['employers']:,} new, {counts['vacancies']:,} vacancies, "
        f"{counts.get('hires', 0):,} hires in {time.perf_counter() - t:.0f} s",
        file=sys.stderr,
    )
    # The second area keeps its own register (issue 15), looked after by its service manager.
    made = area_employers_install(
        area_code=example_area().municipality_code, keeper="manager2", seed=seed + 1
    )
    if made:
        print(f"employers of the second area: {made:,} new", file=sys.stderr)


def _operations_demo(seed: int) -> None:
    """A year of subsidy applications, decisions and payments for the demo employers, procured
    contracts with outcome bonuses, TYP cases and Ohjaamo visits, so those pages are not empty
    on the first day. Each installer is idempotent and returns what it made."""
    import time

    from kohtaanto.ohjaamo.demo import ohjaamo_demo_install
    from kohtaanto.procurement.demo import procurement_demo_install
    from kohtaanto.subsidies.demo import subsidies_demo_install
    from kohtaanto.typ.demo import typ_demo_install

    for name, install in (
        ("subsidies", subsidies_demo_install),
        ("procurement", procurement_demo_install),
        ("TYP", typ_demo_install),
        ("Ohjaamo", ohjaamo_demo_install),
    ):
        t = time.perf_counter()
        made = install(seed=seed)
        summary = ", ".join(f"{v:,} {k}" for k, v in made.items()) or "nothing new"
        print(f"{name}: {summary} in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def _warm_matching_index() -> None:
    """Encode the published catalogue once, so the first service search is fast (the
    embeddings are cached on disk by content hash and reused by the server)."""
    import time

    from kohtaanto.accounts.models import User
    from kohtaanto.referrals.matching import matcher_for

    worker = User.objects.filter(username="worker").first()
    if worker is None:
        return
    t = time.perf_counter()
    print("building the service-matching index...", file=sys.stderr)
    matcher = matcher_for(worker)
    print(f"indexed {len(matcher):,} services in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve through gunicorn (a production WSGI server) with DEBUG off, whatever the
    environment says: a debug page shows request data (uploaded identity codes) and every
    URL. --dev runs Django's development server (auto-reload off) and keeps the
    environment's DEBUG (on by default outside production)."""
    if not args.dev:
        os.environ["KOHTAANTO_DEBUG"] = "0"
    setup_django()
    from django.core.management import call_command

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    if args.dev:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
        return 0
    from django.db import connections
    from gunicorn.app.wsgiapp import run as gunicorn_run

    connections.close_all()  # workers are forked: none may inherit this process's connection

    sys.argv = [
        "gunicorn",
        "kohtaanto.wsgi:application",
        f"--bind={args.host}:{args.port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--worker-class=gthread",
        "--access-logfile=-",
        "--timeout=120",
    ]
    print(f"serving on http://{args.host}:{args.port}/ ({args.workers} workers)", file=sys.stderr, flush=True)
    gunicorn_run()  # returns only when the server stops (SystemExit on a signal)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kohtaanto manage", *args.args])
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.audit.checkpoints import checkpoint_latest, checkpoint_problem
    from kohtaanto.audit.services import audit_verify

    result = audit_verify()
    if not result.ok:
        print(
            f"audit log TAMPERED at event {result.first_bad_id}: {result.reason} "
            f"({result.checked:,} verified before it)"
        )
        return 1
    problem = checkpoint_problem()
    if problem:
        print(f"audit log TAMPERED: {problem}")
        return 1
    last = checkpoint_latest()
    through = f", through the checkpoint of {last.written_at}" if last else " (no checkpoint written yet)"
    print(f"audit log intact: {result.checked:,} events verified{through}")
    return 0


def cmd_audit_checkpoint(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.audit.checkpoints import checkpoint_dir, checkpoint_write

    cp = checkpoint_write()
    if cp is None:
        print("the audit log is empty: no checkpoint written")
    else:
        print(f"checkpoint of event {cp.event_id:,} written to {checkpoint_dir()}")
    return 0


def cmd_retention_apply(args: argparse.Namespace) -> int:
    setup_django()
    from kohtaanto.privacy.services import retention_apply

    ids = retention_apply(dry_run=args.dry_run)
    verb = "would anonymise" if args.dry_run else "anonymised"
    print(f"{verb} {len(ids):,} clients whose retention period has ended")
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from kohtaanto.clients.services import identity_keys_rotate

    try:
        n = identity_keys_rotate(actor=None)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
    print(f"re-encrypted {n:,} identity codes with the current field key")
    return 0


def cmd_tokens_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from kohtaanto.accounts.tokens import token_create

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    try:
        made = token_create(actor=None, username=args.user, scopes=scopes, days=args.days, name=args.name)
    except ValidationError as exc:
        raise CommandError("; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items())) from exc
    print(
        f"token {made.row.pk} for {args.user} ({', '.join(made.row.scopes)}), expires {made.row.expires_at:%Y-%m-%d}"
    )
    print("shown only now; send it as 'Authorization: Bearer <token>':", file=sys.stderr)
    print(made.token)
    return 0


def cmd_tokens_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from kohtaanto.accounts.tokens import token_revoke

    try:
        row = token_revoke(actor=None, token_id=args.id)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
    print(f"token {row.pk} of {row.user.username} revoked")
    return 0


def cmd_config_docs(args: argparse.Namespace) -> int:
    from kohtaanto.config import docs_markdown

    text = docs_markdown()
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def cmd_config_check(args: argparse.Namespace) -> int:
    from kohtaanto.config import ConfigError, load_config

    try:
        load_config()
    except ConfigError as exc:
        raise CommandError(str(exc)) from None
    print("configuration valid")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    config = sub.add_parser("config", help="the settings (environment variables)").add_subparsers(
        dest="config_command", metavar="ACTION"
    )
    p = config.add_parser("docs", help="print docs/configuration.md from the declared settings")
    p.add_argument("--write", metavar="FILE", help="write to FILE instead of printing")
    p.set_defaults(func=cmd_config_docs)
    p = config.add_parser("check", help="check the environment's settings without starting anything")
    p.set_defaults(func=cmd_config_check)

    p = sub.add_parser("migrate", help="create or update the database schema")
    p.set_defaults(func=cmd_migrate)

    org = sub.add_parser("org", help="organisation configuration").add_subparsers(
        dest="org_command", metavar="ACTION"
    )
    p = org.add_parser("install", help="install an area's organisation (Helsinki by default); idempotent")
    p.add_argument(
        "--config",
        help="JSON file of an area's organisation (e.g. kohtaanto/data/organisation/example-area.json)",
    )
    p.set_defaults(func=cmd_org_install)

    p = sub.add_parser("load", help="load generated or extracted register Parquet files")
    p.add_argument("dir")
    p.add_argument(
        "--incremental",
        action="store_true",
        help="apply a later snapshot of the loaded population as an update (idempotent); "
        "without it the database must hold no clients",
    )
    p.add_argument(
        "--queue",
        action="store_true",
        help="let the worker load it (the Background jobs page shows its state, duration and error)",
    )
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("demo", help="install the demo: organisation, generated clients and demo users")
    p.add_argument("--clients", type=int, default=5000)
    p.add_argument("--seed", type=int, default=2021)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve the app through gunicorn (--dev: Django's development server)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default="8000")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    p.add_argument("--dev", action="store_true", help="Django's development server instead of gunicorn")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("manage", help="Django management commands", add_help=False)
    p.add_argument("args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    keys = sub.add_parser("keys", help="encryption keys").add_subparsers(
        dest="keys_command", metavar="ACTION"
    )
    p = keys.add_parser(
        "rotate",
        help="re-encrypt identity codes with KOHTAANTO_FIELD_KEY; give the previous key in "
        "KOHTAANTO_FIELD_KEYS_OLD and run this right after changing the key (look-ups by "
        "identity code use the new key only)",
    )
    p.set_defaults(func=cmd_keys_rotate)

    tokens = sub.add_parser("tokens", help="machine tokens for integrations").add_subparsers(
        dest="tokens_command", metavar="ACTION"
    )
    p = tokens.add_parser("create", help="a token for a service account, shown once")
    p.add_argument("--user", required=True, help="the (service account) user the token acts as")
    p.add_argument("--scopes", required=True, help="comma-separated: read (GET), write (the rest)")
    p.add_argument("--days", type=int, default=90, help="lifetime in days (1-366, default 90)")
    p.add_argument("--name", default="", help="what the token is for")
    p.set_defaults(func=cmd_tokens_create)
    p = tokens.add_parser("revoke", help="revoke a token by its number")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_tokens_revoke)

    audit = sub.add_parser("audit", help="audit log").add_subparsers(dest="audit_command", metavar="ACTION")
    p = audit.add_parser("verify", help="verify the audit log's hash chain")
    p.set_defaults(func=cmd_audit_verify)
    p = audit.add_parser("checkpoint", help="sign the newest event into KOHTAANTO_AUDIT_CHECKPOINT_DIR")
    p.set_defaults(func=cmd_audit_checkpoint)

    retention = sub.add_parser("retention", help="retention policy").add_subparsers(
        dest="retention_command", metavar="ACTION"
    )
    p = retention.add_parser("apply", help="anonymise clients whose retention period has ended")
    p.add_argument("--dry-run", action="store_true", help="only count them")
    p.set_defaults(func=cmd_retention_apply)
