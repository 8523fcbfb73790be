"""`kohtaanto match rank|evaluate`: the command-line contract other tools rely on.

rank     one JSON line per need on stdout: {"query_id", "results": [{"id", "score", "explanation"}]}
evaluate nDCG@10, Recall@5, MRR and P@1 as defined in the benchmark README
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from kohtaanto.errors import CommandError

METHOD_HELP = (
    "fused (default: dense + BM25), lexical (our BM25 only), dense (our e5 side only), "
    "or a README baseline: bm25, e5, rrf"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `match` command group."""
    match = subparsers.add_parser("match", help="AI service matching (rank, evaluate)")
    sub = match.add_subparsers(dest="match_command", metavar="SUBCOMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--catalog", required=True, help="services, JSON Lines")
        p.add_argument(
            "--queries", required=True, help='needs, JSON Lines {"id", "text", "lang"?, "client"?}'
        )
        p.add_argument("--method", default="fused", help=METHOD_HELP)
        p.add_argument("--cache", metavar="DIR", help="directory for the embedding and analysis caches")
        p.add_argument(
            "--finnish", choices=("auto", "voikko", "simplemma"), default="auto", help="Finnish analyser"
        )
        p.add_argument(
            "--any-status",
            action="store_true",
            help="do not require status 'published' when a status is given",
        )

    rank = sub.add_parser("rank", help="rank services for each need, JSON Lines to stdout")
    common(rank)
    rank.add_argument("--top", type=int, default=10, help="results per need (default 10)")
    rank.add_argument("--no-explain", action="store_true", help="leave explanations out (faster)")
    rank.set_defaults(func=cmd_rank)

    ev = sub.add_parser("evaluate", help="nDCG@10, Recall@5, MRR, P@1 against judgements")
    common(ev)
    ev.add_argument("--qrels", required=True, help="query_id<TAB>service_id<TAB>grade")
    ev.add_argument("--top", type=int, default=100, help="ranking depth used for MRR (default 100)")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.set_defaults(func=cmd_evaluate)

    match.set_defaults(func=lambda args: _help(match))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _load(args: argparse.Namespace):
    from .io import InputError, load_catalog, load_queries
    from .matcher import MatcherConfig
    from .rankers import ALL_METHODS, build_ranker

    if args.method not in ALL_METHODS:
        raise CommandError(f"unknown --method {args.method!r}; use one of {', '.join(ALL_METHODS)}")
    if args.top <= 0:
        raise CommandError("--top must be a positive integer")
    try:
        docs = load_catalog(args.catalog)
        queries = load_queries(args.queries)
    except InputError as exc:
        raise CommandError(str(exc)) from None
    config = MatcherConfig(finnish=args.finnish, require_published=not args.any_status)
    try:
        ranker = build_ranker(
            args.method,
            docs,
            cache_dir=args.cache,
            config=config,
            explain=not getattr(args, "no_explain", True),
        )
    except (ImportError, OSError) as exc:
        raise CommandError(f"cannot build the index: {exc}") from None
    return docs, queries, ranker


def cmd_rank(args: argparse.Namespace) -> int:
    _, queries, ranker = _load(args)
    out = sys.stdout
    for q in queries:
        results = ranker.rank(q.text, lang=q.lang, client=q.client, top_k=args.top)
        line = {"query_id": q.id, "results": [r.to_dict() for r in results]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .io import InputError, load_qrels
    from .metrics import METRICS, evaluate

    try:
        qrels = load_qrels(args.qrels)
    except InputError as exc:
        raise CommandError(str(exc)) from None
    args.no_explain = True
    t0 = time.perf_counter()
    docs, queries, ranker = _load(args)
    build = time.perf_counter() - t0
    known = {q.id for q in queries}
    missing = sorted(set(qrels) - known)
    if missing:
        raise CommandError(f"{args.qrels}: judged queries not in {args.queries}: {', '.join(missing[:5])}")
    t1 = time.perf_counter()
    runs = {
        q.id: [r.id for r in ranker.rank(q.text, lang=q.lang, client=q.client, top_k=args.top)]
        for q in queries
        if q.id in qrels
    }
    per_query_ms = (time.perf_counter() - t1) / max(len(runs), 1) * 1000
    means, per = evaluate(runs, qrels)
    if args.json:
        print(
            json.dumps(
                {
                    "method": args.method,
                    "services": len(docs),
                    "queries": len(runs),
                    "metrics": {k: round(v, 4) for k, v in means.items()},
                    "per_query": {q: {k: round(v, 4) for k, v in m.items()} for q, m in per.items()},
                    "seconds_build": round(build, 2),
                    "ms_per_query": round(per_query_ms, 1),
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"method {args.method}: {len(runs)} queries, {len(docs)} services")
        for m in METRICS:
            print(f"{m:<10}{means[m]:.4f}")
    return 0
