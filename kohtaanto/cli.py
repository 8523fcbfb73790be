"""The `kohtaanto` command: one entry point for everything run outside the browser.

Each command group lives in its own module with a `register(subparsers)` function that
adds its parsers and sets `func`. Modules are imported lazily by name so that a pure
command (`generate`, `match`, `impact`) never pays for Django start-up, and a command
that needs the database calls `kohtaanto.cli.setup_django()` itself.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Module paths providing `register(subparsers)`. Add a module here to add commands.
COMMAND_MODULES = [
    "kohtaanto.synthetic.cli",  # generate
    "kohtaanto.djcli",  # load, demo, serve, manage, audit, ...
    "kohtaanto.matching.cli",  # match rank|evaluate
    "kohtaanto.analytics.cli",  # impact estimate, ...
    "kohtaanto.market.cli",  # esco suggest, ...
    "kohtaanto.catalogue.cli",  # catalogue import|export|remind|demo
    "kohtaanto.employers.cli",  # employers import|export|mandate, vacancy candidates
    "kohtaanto.notifications.cli",  # meetings remind
    "kohtaanto.insights.cli",  # insights refresh|export|status
    "kohtaanto.analytics.indicators_cli",  # indicators export
    "kohtaanto.jobs.cli",  # worker
    "kohtaanto.domain.subsidies.cli",  # subsidy calculate
]


from kohtaanto.errors import CommandError  # noqa: E402  re-exported: `from kohtaanto.cli import CommandError`

__all__ = ["CommandError", "build_parser", "main", "setup_django"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kohtaanto.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kohtaanto", description="Kohtaanto command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A command group that is not built yet (or whose optional dependency is
            # missing) must not break the others.
            if exc.name and (name.startswith(exc.name) or exc.name.startswith(name)):
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        result = args.func(args)
    except CommandError as exc:
        print(f"kohtaanto: error: {exc}", file=sys.stderr)
        return 2
    return int(result or 0)


if __name__ == "__main__":
    # Run the importable module's main, so `python -m kohtaanto.cli` and the installed
    # script share one CommandError class.
    from kohtaanto.cli import main as _main

    sys.exit(_main())
