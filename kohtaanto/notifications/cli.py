"""`kohtaanto meetings remind [--days N]`: reminders of planned meetings, once per meeting."""

from __future__ import annotations

import argparse

from kohtaanto.cli import CommandError, setup_django


def cmd_remind(args: argparse.Namespace) -> int:
    if not 0 <= args.days <= 60:
        raise CommandError("--days must be between 0 and 60")
    setup_django()
    from kohtaanto.notifications.reminders import meeting_reminders_send

    run = meeting_reminders_send(days=args.days)
    print(
        f"{run.meetings:,} planned meetings in the next {args.days} days: "
        f"{run.sent:,} reminders sent, {run.already_sent:,} already sent or not needed"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    meetings = sub.add_parser("meetings", help="meetings: reminders")
    msub = meetings.add_subparsers(dest="meetings_command", metavar="ACTION")
    p = msub.add_parser("remind", help="remind clients and workers of planned meetings (idempotent)")
    p.add_argument("--days", type=int, default=2, help="meetings from today to today + N days (default 2)")
    p.set_defaults(func=cmd_remind)
