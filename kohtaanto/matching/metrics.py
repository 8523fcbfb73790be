"""Ranking metrics exactly as the matching benchmark README defines them.

nDCG@10 over graded judgements with gain 2^grade - 1 and log2(rank + 1) discount, the
ideal ranking built from all judgements of the query; Recall@5 and MRR count grade >= 1
as relevant; P@1 counts grade >= 2 (the dev set's top grade 2, the broad set's 2 "good
referral" and 3 "the referral"). Queries without judgements are skipped; a judged query with
no results scores 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

METRICS = ("ndcg@10", "recall@5", "mrr", "p@1")


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = 5) -> float:
    relevant = {d for d, g in judged.items() if g >= 1}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int]) -> float:
    for i, d in enumerate(ranking):
        if judged.get(d, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def precision_at_1(ranking: Sequence[str], judged: Mapping[str, int]) -> float:
    return 1.0 if ranking and judged.get(ranking[0], 0) >= 2 else 0.0


def per_query(ranking: Sequence[str], judged: Mapping[str, int]) -> dict[str, float]:
    return {
        "ndcg@10": ndcg_at(ranking, judged, 10),
        "recall@5": recall_at(ranking, judged, 5),
        "mrr": reciprocal_rank(ranking, judged),
        "p@1": precision_at_1(ranking, judged),
    }


def evaluate(
    runs: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(mean of each metric, per-query metrics) over the judged queries."""
    per = {qid: per_query(runs.get(qid, []), judged) for qid, judged in qrels.items()}
    if not per:
        return dict.fromkeys(METRICS, 0.0), {}
    means = {m: sum(p[m] for p in per.values()) / len(per) for m in METRICS}
    return means, per
