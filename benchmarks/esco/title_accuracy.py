"""Title → ESCO occupation accuracy: Kohtaanto's fused matcher against an e5-cosine baseline.

    .venv/bin/python benchmarks/esco/title_accuracy.py                      # dev set
    .venv/bin/python benchmarks/esco/title_accuracy.py --data other.jsonl   # any labelled set
    .venv/bin/python benchmarks/esco/title_accuracy.py --lemmatizer simplemma --misses

A data line is {"id", "text", "primary": uri, "alternates": [uri, ...]} (optional "ads",
"ambiguous"). A hit is the primary or an alternate at rank 1 (top-1) or within 5 (top-5);
"strict" counts the primary only. Halves A/B are a fixed hash split of the ids, used to
check that nothing was tuned to the whole set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.matching.esco import EscoStore, Suggester  # noqa: E402
from kohtaanto.matching.esco.analysis import Analyzer  # noqa: E402
from kohtaanto.matching.esco.dense import encode_queries  # noqa: E402
from kohtaanto.matching.esco.text import segments  # noqa: E402


def half(item_id: str) -> str:
    return "AB"[int(hashlib.md5(item_id.encode()).hexdigest(), 16) % 2]


def score(items: list[dict], ranked: list[list[str]]) -> dict[str, float]:
    def frac(hits: list[bool], weights: list[float] | None = None) -> float:
        w = weights or [1.0] * len(hits)
        return round(sum(h * x for h, x in zip(hits, w, strict=True)) / max(sum(w), 1e-9), 3)

    ok = [{it["primary"], *it.get("alternates", [])} for it in items]
    top1 = [bool(r) and r[0] in o for r, o in zip(ranked, ok, strict=True)]
    top5 = [any(u in o for u in r[:5]) for r, o in zip(ranked, ok, strict=True)]
    strict1 = [bool(r) and r[0] == it["primary"] for r, it in zip(ranked, items, strict=True)]
    ads = [float(it.get("ads", 1)) for it in items]
    out = {"n": len(items), "top1": frac(top1), "top5": frac(top5), "strict_top1": frac(strict1)}
    out["per_ad_top1"] = frac(top1, ads)
    out["per_ad_top5"] = frac(top5, ads)
    for name in "AB":
        idx = [i for i, it in enumerate(items) if half(it["id"]) == name]
        out[f"{name}_top1"] = frac([top1[i] for i in idx])
        out[f"{name}_top5"] = frac([top5[i] for i in idx])
    clear = [i for i, it in enumerate(items) if not it.get("ambiguous")]
    out["unambiguous_n"] = len(clear)
    out["unambiguous_top1"] = frac([top1[i] for i in clear])
    out["unambiguous_top5"] = frac([top5[i] for i in clear])
    return out


def e5_baseline(suggester: Suggester, texts: list[str], k: int = 5) -> list[list[str]]:
    """Cosine between the e5 query embedding of the title and the Finnish preferred and
    alternative labels (the same shipped label vectors the fused method uses)."""
    if suggester.dense is None:
        return [[] for _ in texts]
    cleaned = [", ".join(" ".join(s) for s in segments(t)) or t for t in texts]
    sims = suggester.dense.similarity(encode_queries(cleaned))
    return [[suggester.uris[i] for i in np.argsort(-row)[:k]] for row in sims]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(Path(__file__).with_name("titles_dev.jsonl")))
    parser.add_argument("--lemmatizer", choices=("auto", "voikko", "simplemma"), default="auto")
    parser.add_argument("--no-dense", action="store_true", help="fused method without the e5 signal")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the titles missed at rank 1")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)

    items = [
        json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    texts = [it["text"] for it in items]
    release = EscoStore().load()
    t0 = time.perf_counter()
    suggester = Suggester(
        release, "occupation", Analyzer(args.lemmatizer), dense=False if args.no_dense else None
    )
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = suggester.suggest(texts, top_k=5)
    query_ms = (time.perf_counter() - t0) * 1000 / max(len(texts), 1)
    ranked = [[s.uri for s in r] for r in results]
    report = {
        "data": Path(args.data).name,
        "lemmatizer": suggester.analyzer.backend,
        "dense": suggester.dense is not None,
        "index_build_s": round(build_s, 1),
        "ms_per_title": round(query_ms, 1),
        "fused": score(items, ranked),
    }
    if not args.no_baseline:
        if suggester.dense is None:
            suggester_e5 = Suggester(release, "occupation", suggester.analyzer)
        else:
            suggester_e5 = suggester
        report["e5_baseline"] = score(items, e5_baseline(suggester_e5, texts))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{report['data']}: {len(items)} titles; lemmatizer={report['lemmatizer']} dense={report['dense']}"
        )
        print(f"index build {report['index_build_s']} s, {report['ms_per_title']} ms per title")
        keys = ["top1", "top5", "strict_top1", "per_ad_top1", "A_top1", "B_top1", "A_top5", "B_top5"]
        keys += ["unambiguous_top1", "unambiguous_top5"]
        print(f"{'method':14s}" + "".join(f"{k:>17s}" for k in keys))
        for name in ("fused", "e5_baseline"):
            if name in report:
                print(f"{name:14s}" + "".join(f"{report[name][k]:>17.3f}" for k in keys))
    if args.misses:
        for it, r, res in zip(items, ranked, results, strict=True):
            if not r or r[0] not in {it["primary"], *it.get("alternates", [])}:
                got = " | ".join(s.label for s in res[:3])
                print(
                    f"  miss {it['id']}: {it['text']!r} -> {got}  (want {it.get('primary_label', it['primary'])})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
