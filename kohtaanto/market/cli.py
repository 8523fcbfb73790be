"""`kohtaanto esco ...`: import ESCO, build the shipped subset, suggest ESCO concepts for text.
Also registers `kohtaanto market ...` (commands.py).

Pure commands (no Django start-up): they only use kohtaanto.matching.esco.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from kohtaanto.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    esco = subparsers.add_parser("esco", help="ESCO occupations and skills: import, build, suggest")
    sub = esco.add_subparsers(dest="esco_command", metavar="COMMAND")
    esco.set_defaults(func=lambda args: esco.print_help() or 2)

    p = sub.add_parser("suggest", help="suggest ESCO occupations or skills for free text")
    p.add_argument("text", nargs="?", help="one text; or use --input")
    p.add_argument("--kind", choices=("occupation", "skill"), default="occupation")
    p.add_argument("--top", type=_positive, default=5, metavar="K", help="results per input (default 5)")
    p.add_argument("--input", metavar="FILE.jsonl", help='lines {"id": ..., "text": ...}; "-" for stdin')
    p.add_argument("--lang", default="fi", help="language of the returned labels (default fi)")
    p.add_argument("--data", metavar="DIR", help="ESCO store directory (default: the shipped subset)")
    p.add_argument("--version", help="ESCO version in the store (default: newest)")
    p.add_argument("--lemmatizer", choices=("auto", "voikko", "simplemma"), default="auto")
    dense = p.add_mutually_exclusive_group()
    dense.add_argument(
        "--no-dense", action="store_true", help="skip the e5 signal (faster start, less accurate)"
    )
    dense.add_argument(
        "--dense",
        action="store_true",
        help="compute e5 label vectors if not shipped or cached (skills: a few minutes once; needed for Finnish input)",
    )
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("build-default", help="build the shipped default subset from official ESCO packages")
    p.add_argument("--esco-dir", required=True, help="folder with the ESCO CSV packages (zip or CSV)")
    p.add_argument("--out", default="kohtaanto/data/esco", help="output directory")
    p.add_argument("--version", help="ESCO version (default: from the package names)")
    p.add_argument("--no-embeddings", action="store_true", help="do not precompute e5 label vectors")
    p.set_defaults(func=cmd_build_default)

    p = sub.add_parser("import", help="import full ESCO packages (any languages) into a versioned store")
    p.add_argument("paths", nargs="+", help="ESCO zip files, folders or CSV files")
    p.add_argument("--out", required=True, help="store directory; other versions in it are kept")
    p.add_argument("--version", help="ESCO version (default: from the package names)")
    p.add_argument("--lang", action="append", help="only these languages (repeatable)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("versions", help="list the ESCO versions in a store")
    p.add_argument("--data", metavar="DIR", help="store directory (default: the shipped subset)")
    p.set_defaults(func=cmd_versions)

    # `kohtaanto market ...` (demo data and imports) lives in commands.py.
    from .commands import register_market

    register_market(subparsers)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {value!r}")
    return number


def read_jsonl(handle: TextIO, name: str) -> Iterator[tuple[object, str]]:
    """(id, text) per non-empty line; a CommandError names the line and field at fault."""
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{name}:{number}: invalid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise CommandError(f"{name}:{number}: expected a JSON object with fields 'id' and 'text'")
        if "text" not in record:
            raise CommandError(f"{name}:{number}: field 'text' is missing")
        if not isinstance(record["text"], str):
            raise CommandError(f"{name}:{number}: field 'text' must be a string")
        ident = record.get("id")
        if ident is not None and not isinstance(ident, str | int):
            raise CommandError(f"{name}:{number}: field 'id' must be a string, an integer or null")
        yield ident, record["text"]


def _esco_dir(args: argparse.Namespace) -> str | None:
    """--data, else the setting KOHTAANTO_ESCO_DIR, else the shipped subset."""
    from kohtaanto.config import load_config

    return args.data or load_config().esco_dir or None


def cmd_suggest(args: argparse.Namespace) -> int:
    if (args.text is None) == (args.input is None):
        raise CommandError("give either a TEXT argument or --input FILE.jsonl")
    if args.input is None:
        items = [(None, args.text)]
    elif args.input == "-":
        items = list(read_jsonl(sys.stdin, "<stdin>"))
    else:
        path = Path(args.input)
        if not path.exists() or path.is_dir():
            raise CommandError(f"{path}: no such file")
        with open(path, encoding="utf-8") as handle:
            items = list(read_jsonl(handle, str(path)))

    from kohtaanto.config import load_config
    from kohtaanto.matching.esco import EscoStore, Suggester
    from kohtaanto.matching.esco.analysis import Analyzer

    try:
        release = EscoStore(_esco_dir(args)).load(args.version)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    try:
        analyzer = Analyzer(args.lemmatizer)
    except RuntimeError as exc:
        raise CommandError(str(exc)) from None
    suggester = Suggester(
        release,
        args.kind,
        analyzer,
        dense=False if args.no_dense else (True if args.dense else None),
        label_lang=args.lang,
        directory=_esco_dir(args),
        cache=load_config().cache_dir or None,
    )
    out = sys.stdout
    batch = 64
    for start in range(0, len(items), batch):
        chunk = items[start : start + batch]
        results = suggester.suggest([text for _, text in chunk], args.top)
        for (ident, _), ranked in zip(chunk, results, strict=True):
            out.write(json.dumps({"id": ident, "results": [s.as_dict() for s in ranked]}, ensure_ascii=False))
            out.write("\n")
    return 0


def cmd_build_default(args: argparse.Namespace) -> int:
    from kohtaanto.matching.esco.build import build_default
    from kohtaanto.matching.esco.importer import EscoImportError

    if not Path(args.esco_dir).is_dir():
        raise CommandError(f"{args.esco_dir}: not a directory")
    embed = () if args.no_embeddings else ("occupation",)
    try:
        result = build_default(args.esco_dir, args.out, args.version, embed=embed)
    except EscoImportError as exc:
        raise CommandError(str(exc)) from None
    summary = result.release.summary()
    summary["files"] = {str(p): p.stat().st_size for p in result.files}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kohtaanto.matching.esco import EscoImportError, EscoStore, import_packages

    try:
        release = import_packages(args.paths, version=args.version, languages=args.lang)
    except EscoImportError as exc:
        raise CommandError(str(exc)) from None
    path = EscoStore(args.out).save(release)
    summary = release.summary()
    summary["file"] = str(path)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    from kohtaanto.matching.esco import EscoStore

    store = EscoStore(_esco_dir(args))
    for version in store.versions():
        print(version)
    return 0
