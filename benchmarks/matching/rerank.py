"""Offline replay of the feedback re-ranker (issue 19, point 3), on synthetic feedback.

    .venv/bin/python benchmarks/matching/rerank.py              # table to stdout
    .venv/bin/python benchmarks/matching/rerank.py --seeds 5    # more worlds

For each seed a synthetic world (kohtaanto/synthetic/feedback.py) with known worker
preferences: training events are logged under the matcher's own order (new services get
no feedback then), the re-ranker is trained on those refers and dismissals, and held-out
events are replayed: nDCG@10 of the matcher's order and of the re-ranked order against the
workers' known preferences, and whether any new service the matcher put in the top 10
dropped out of it. JSON goes to benchmarks/out/matching/rerank.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kohtaanto.matching.rerank import (  # noqa: E402
    Candidate,
    FeedbackExample,
    RerankConfig,
    apply,
    ndcg_at,
    train,
)
from kohtaanto.synthetic.feedback import FeedbackWorld  # noqa: E402


def replay(seed: int, train_events: int, test_events: int, config: RerankConfig) -> dict:
    world = FeedbackWorld(seed=seed)
    examples: list[FeedbackExample] = []
    own: dict[str, dict[str, int]] = {}
    for ev in world.events(train_events, seed=seed * 1000 + 1):
        shown = world.ranking(ev)
        feats = {s.service: s.features for s in shown}
        for c in world.choices(ev, [s.service for s in shown], allow_new=False):
            examples.append(FeedbackExample(c.service, c.referred, feats[c.service], ev.worker))
            if not c.referred:
                own.setdefault(ev.worker, {}).setdefault(c.service, 0)
                own[ev.worker][c.service] += 1
    t0 = time.perf_counter()
    model = train(examples, config)
    train_s = time.perf_counter() - t0
    base_scores, rerank_scores, dropped, new_seen = [], [], 0, 0
    apply_ms = []
    for ev in world.events(test_events, seed=seed * 1000 + 2):
        shown = world.ranking(ev)
        gains = world.gains(ev)
        base = [s.service for s in shown]
        t1 = time.perf_counter()
        out = apply(
            model, [Candidate(s.service, s.score, s.features) for s in shown], config, own.get(ev.worker)
        )
        apply_ms.append((time.perf_counter() - t1) * 1000)
        reranked = [r.id for r in out]
        base_scores.append(ndcg_at(base, gains))
        rerank_scores.append(ndcg_at(reranked, gains))
        base_new = [s for s in base[:10] if world.is_new(s)]
        new_seen += len(base_new)
        dropped += sum(1 for s in base_new if s not in reranked[:10])
    return {
        "seed": seed,
        "feedback": len(examples),
        "model": None if model is None else model.version,
        "ndcg10_matcher": float(np.mean(base_scores)),
        "ndcg10_reranked": float(np.mean(rerank_scores)),
        "new_in_top10": new_seen,
        "new_dropped": dropped,
        "train_seconds": round(train_s, 3),
        "apply_ms_p95": float(np.percentile(apply_ms, 95)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--train", type=int, default=3000, help="training events per world")
    ap.add_argument("--test", type=int, default=1000, help="held-out events per world")
    args = ap.parse_args()
    config = RerankConfig()
    rows = [replay(s, args.train, args.test, config) for s in range(1, args.seeds + 1)]
    print(
        f"{'seed':>4} {'feedback':>8} {'matcher':>8} {'reranked':>8} {'gain':>7} {'new top10':>9} {'dropped':>7}"
    )
    for r in rows:
        gain = r["ndcg10_reranked"] - r["ndcg10_matcher"]
        print(
            f"{r['seed']:>4} {r['feedback']:>8} {r['ndcg10_matcher']:>8.3f} {r['ndcg10_reranked']:>8.3f} "
            f"{gain:>+7.3f} {r['new_in_top10']:>9} {r['new_dropped']:>7}"
        )
    mean_gain = float(np.mean([r["ndcg10_reranked"] - r["ndcg10_matcher"] for r in rows]))
    print(
        f"mean gain {mean_gain:+.3f}; new services dropped from the top 10: {sum(r['new_dropped'] for r in rows)}"
    )
    out = ROOT / "benchmarks" / "out" / "matching"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rerank.json").write_text(json.dumps({"runs": rows, "mean_gain": mean_gain}, indent=2))


if __name__ == "__main__":
    main()
