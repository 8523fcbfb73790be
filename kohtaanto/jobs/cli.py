"""`kohtaanto worker`: the schedule and the job queue in one process."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from kohtaanto.cli import CommandError, setup_django


def cmd_worker(args: argparse.Namespace) -> int:
    if args.interval <= 0:
        raise CommandError("--interval must be positive")
    if not 0 <= args.nice <= 19:
        raise CommandError("--nice must be 0 to 19")
    if args.nice:
        # Below the web server in the CPU queue: a refresh then takes the cores the requests
        # leave idle instead of slowing them (docs/performance.md, issue 12).
        os.nice(args.nice)
    setup_django()
    from .worker import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s", stream=sys.stderr)
    ran = run_worker(interval=args.interval, once=args.once)
    print(f"worker stopped; {ran} jobs run", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="run scheduled and queued background jobs (make run starts it)")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between checks (default 5)")
    p.add_argument("--once", action="store_true", help="enqueue what is due, run what is ready, then exit")
    p.add_argument(
        "--nice",
        type=int,
        default=10,
        metavar="N",
        help="CPU priority below the web server's (0-19, default 10; 0 keeps the same priority)",
    )
    p.set_defaults(func=cmd_worker)
