"""`kohtaanto subsidy calculate --input CASES.jsonl`: one JSON line per case on stdout,
{"id", "benefit", "eligible", "reasons", "rate", "monthly_cap", "months", "monthly_amounts",
"total", "aid_basis", "rule_version"}.

All or nothing: every line is read, validated and calculated before anything is printed, so
a bad line (its number and field named on stderr, exit status 2) never leaves half a run.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from kohtaanto.errors import CommandError

MAX_ERRORS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `subsidy` command group."""
    subsidy = subparsers.add_parser("subsidy", help="employer subsidies (calculate)")
    sub = subsidy.add_subparsers(dest="subsidy_command", metavar="SUBCOMMAND")
    calc = sub.add_parser(
        "calculate", help="eligibility and amounts for each case, JSON Lines to stdout (docs/subsidies.md)"
    )
    calc.add_argument("--input", required=True, metavar="CASES.jsonl", help="cases, JSON Lines ('-' = stdin)")
    calc.set_defaults(func=cmd_calculate)
    subsidy.set_defaults(func=lambda args: _help(subsidy))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror or exc}") from None


def cmd_calculate(args: argparse.Namespace) -> int:
    from .calculator import calculate
    from .case import SubsidyCase, describe_errors
    from .rules import NoRulesInForce, RuleDataError, rulebook

    name = "stdin" if args.input == "-" else args.input
    try:
        book = rulebook()
    except RuleDataError as exc:
        raise CommandError(f"subsidy rules: {exc}") from None
    cases: list[tuple[int, SubsidyCase]] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    for number, text in enumerate(_read(args.input).splitlines(), 1):
        if not text.strip():
            continue
        try:
            case = SubsidyCase.model_validate(json.loads(text, parse_float=Decimal))
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValidationError as exc:
            errors.append(f"line {number}: {describe_errors(exc)}")
            continue
        if case.id in first_line:
            errors.append(
                f"line {number}: field 'id': {case.id!r} is already used on line {first_line[case.id]}"
            )
            continue
        first_line[case.id] = number
        cases.append((number, case))
    results = []
    for number, case in cases:
        try:
            results.append(calculate(case, book))
        except NoRulesInForce as exc:
            errors.append(f"line {number}: field 'start_date': {exc}")
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        raise CommandError(
            f"{name}: {len(errors)} bad line(s), nothing calculated:\n  " + "\n  ".join(shown) + more
        )
    out = sys.stdout
    for result in results:
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    return 0
