"""`kohtaanto generate`: write a synthetic register data set as Parquet files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from kohtaanto.errors import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "generate",
        help="generate deterministic synthetic register data (Parquet + ground_truth.json)",
        description="Write clients, staff, meetings, events, services and referrals as Parquet "
        "files plus ground_truth.json (true service effects) into DIR. The same arguments "
        "always give the same bytes.",
    )
    p.add_argument("--clients", type=int, default=None, metavar="N", help="number of clients (rows)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (created if missing)")
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="snapshot date (default 2026-10-31)")
    p.add_argument(
        "--population-date",
        default=None,
        metavar="YYYY-MM-DD",
        help="the population's first snapshot date; a later --as-of (up to 12 months) continues "
        "that population (default 2026-10-31, or --as-of if earlier)",
    )
    p.add_argument("--org", default=None, metavar="FILE", help="organisation JSON (default: Helsinki)")
    p.add_argument(
        "--area",
        action="append",
        default=[],
        metavar="CODE[:CLIENTS]",
        help="an area (municipality code) to generate into DIR/CODE/; repeat for several; "
        "without CLIENTS sized from the statistics (--stats, --scale)",
    )
    p.add_argument("--areas", default=None, metavar="FILE", help='JSON list of {"code": ..., "clients": ...}')
    p.add_argument("--stats", default=None, metavar="DIR", help="statistics folder (data_kunta_1001.csv)")
    p.add_argument(
        "--scale", type=float, default=0.01, help="clients per unemployed job seeker (default 0.01)"
    )
    p.add_argument("--processes", type=int, default=2, help="areas generated in parallel (default 2)")
    p.add_argument(
        "--partitioned", action="store_true", help="also write DIR/extract/ partitioned by area and year"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kohtaanto.domain.organisation import HELSINKI, load_organisation
    from kohtaanto.synthetic import DEFAULT_AS_OF, generate, write

    if args.area or args.areas:
        return run_areas(args)
    if args.clients is None:
        raise CommandError("give --clients N (or --area CODE:CLIENTS / --areas FILE)")
    if args.clients < 1:
        raise CommandError("--clients must be a positive number")
    if args.seed < 0:
        raise CommandError("--seed must be zero or positive")
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else DEFAULT_AS_OF
    except ValueError:
        raise CommandError(f"--as-of: {args.as_of!r} is not a date YYYY-MM-DD") from None
    try:
        population_date = (
            dt.date.fromisoformat(args.population_date) if args.population_date else min(as_of, DEFAULT_AS_OF)
        )
    except ValueError:
        raise CommandError(f"--population-date: {args.population_date!r} is not a date YYYY-MM-DD") from None
    try:
        org = load_organisation(args.org) if args.org else HELSINKI
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CommandError(f"--org: cannot read organisation {args.org}: {exc}") from None
    started = time.perf_counter()
    tty = sys.stderr.isatty()

    def progress(stage: str) -> None:
        line = f"generate {args.clients} clients: {stage:<22} {time.perf_counter() - started:6.1f} s"
        print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)

    try:
        data = generate(
            args.clients, args.seed, as_of, org, progress=progress, population_date=population_date
        )
    except ValueError as exc:
        raise CommandError(f"{exc}; give --population-date") from None
    progress("writing")
    paths = write(args.out, data)
    progress("written")
    if tty:
        print(file=sys.stderr)
    for path in paths:
        rows = data[path.stem].height if path.stem in data else None
        print(f"{path}" + (f"  {rows} rows" if rows is not None else ""))
    return 0


def run_areas(args: argparse.Namespace) -> int:
    """Several areas: validate every spec first, so bad input writes nothing."""
    from kohtaanto.synthetic import DEFAULT_AS_OF
    from kohtaanto.synthetic.areas import AreaError, generate_areas, load_specs, parse_specs

    if args.clients is not None:
        raise CommandError("--clients is for one area; with --area/--areas give CODE:CLIENTS")
    if args.area and args.areas:
        raise CommandError("give either --area (repeated) or --areas FILE, not both")
    if args.seed < 0:
        raise CommandError("--seed must be zero or positive")
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else DEFAULT_AS_OF
    except ValueError:
        raise CommandError(f"--as-of: {args.as_of!r} is not a date YYYY-MM-DD") from None
    try:
        if args.areas:
            specs = load_specs(args.areas, args.stats, args.scale)
        else:
            specs = parse_specs(args.area, args.stats, args.scale)
    except AreaError as exc:
        raise CommandError(str(exc)) from None
    for row in generate_areas(specs, args.seed, args.out, as_of, args.processes, args.partitioned):
        print(
            f"{args.out}/{row['code']}  {row['name']}  {row['clients']} clients  {row['files']} files"
            f"  profile: {row['profile']}"
        )
    return 0
