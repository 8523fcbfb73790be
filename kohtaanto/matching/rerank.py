"""A re-ranker that learns from case workers' refer and dismiss choices (issue 19, point 3).

The matcher ranks by text; workers know things the text does not say (a service that is
always full, one that never fits in practice). Their refers (positive) and dismissals
(negative) train a small model that nudges the matcher's order, with safeguards:

- it does nothing until there is enough feedback (`RerankConfig.min_feedback`);
- the per-service signal is a refer rate shrunk towards the overall rate (empirical Bayes:
  the Beta prior's strength is estimated from the spread of the services' rates), so a
  service seen twice cannot jump far on two clicks;
- a service with few impressions is "new": it gets no per-service push, and new services
  that the matcher put in the top 10 keep a guaranteed share of the top 10;
- a worker's own dismissals count `own_dismissal_weight` times for that worker;
- every shift is bounded (`max_shift`) and memory is bounded (`max_examples`, `max_services`).

The learned part over the ranker's features is a scikit-learn logistic regression; the
stored model is plain JSON (coefficients, scaler, per-service counts), so loading it runs
no pickled code. Pure: no Django.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Features the model sees: the ranker's component scores, the shown position and a
# service attribute. A missing value is the training mean (no effect after scaling).
FEATURES = ("relevance", "dense_z", "bm25_normalised", "preference_bonus", "position", "has_places")
MODEL_FORMAT = 1


@dataclass(frozen=True, slots=True)
class RerankConfig:
    min_feedback: int = 50
    min_each: int = 5  # at least this many refers and this many dismissals
    weight: float = 0.5  # score units per unit of log-odds
    max_shift: float = 1.5  # |score change| at most this
    new_impressions: int = 5  # fewer feedback records than this: a new service
    new_share: float = 0.4  # share of the top 10 kept for new services the matcher ranked there
    own_dismissal_weight: float = 3.0  # a worker's own dismissal counts this many times for them
    feature_cap: float = 0.5  # |log-odds| the feature model may add: the per-service signal leads
    prior_strength: float = 20.0  # fallback Beta prior strength when it cannot be estimated
    max_examples: int = 50_000  # newest feedback records kept for training
    max_services: int = 20_000  # services with counts kept in the model


@dataclass(frozen=True, slots=True)
class FeedbackExample:
    """One stored refer (positive) or dismiss (negative) with the features as shown."""

    service: str
    referred: bool
    features: Mapping[str, float | None]
    worker: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A service as the matcher ranked it: base score and features."""

    id: str
    score: float
    features: Mapping[str, float | None]


@dataclass(frozen=True, slots=True)
class Reranked:
    id: str
    score: float
    base_score: float
    delta: float
    base_rank: int
    rank: int
    new: bool
    reserved: bool = False  # kept in the top 10 by the new-service guarantee

    @property
    def moved(self) -> int:
        """Places moved up (positive) or down (negative)."""
        return self.base_rank - self.rank


def features_of(
    scores: Mapping[str, float | None] | None, rank: int | None, places: int | None = None
) -> dict[str, float | None]:
    """The model's features from a matcher explanation's scores, the rank and free places."""
    s = scores or {}
    return {
        "relevance": s.get("relevance", s.get("final")),
        "dense_z": s.get("dense_z"),
        "bm25_normalised": s.get("bm25_normalised"),
        "preference_bonus": s.get("preference_bonus"),
        "position": None if rank is None else 1.0 / math.log2(rank + 1),
        "has_places": None if places is None else float(places > 0),
    }


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass
class RerankModel:
    """What training learned; `to_dict`/`from_dict` store it as JSON."""

    version: str
    trained_on: int
    base_rate: float
    prior_strength: float
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # service -> (refers, records)

    def impressions(self, service: str) -> int:
        return self.counts.get(service, (0, 0))[1]

    def service_logodds(self, service: str, own_dismissals: int = 0, own_weight: float = 1.0) -> float:
        """Shrunk refer log-odds of the service relative to the overall rate, with the worker's
        own dismissals added as extra negative records."""
        pos, n = self.counts.get(service, (0, 0))
        extra = max(0.0, own_weight - 1.0) * own_dismissals
        a = self.prior_strength
        rate = (pos + a * self.base_rate) / (n + extra + a)
        return _logit(rate) - _logit(self.base_rate)

    def feature_logits(self, rows: Sequence[Mapping[str, float | None]]) -> np.ndarray:
        x = _matrix(rows, np.asarray(self.mean))
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(z @ np.asarray(self.coef) + self.intercept, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "version": self.version,
            "trained_on": self.trained_on,
            "base_rate": self.base_rate,
            "prior_strength": self.prior_strength,
            "features": list(FEATURES),
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "counts": {k: list(v) for k, v in self.counts.items()},
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RerankModel:
        if d.get("format") != MODEL_FORMAT or list(d.get("features", ())) != list(FEATURES):
            raise ValueError("re-ranking model of another format; retrain it")
        return cls(
            version=str(d["version"]),
            trained_on=int(d["trained_on"]),
            base_rate=float(d["base_rate"]),
            prior_strength=float(d["prior_strength"]),
            mean=[float(v) for v in d["mean"]],
            scale=[float(v) for v in d["scale"]],
            coef=[float(v) for v in d["coef"]],
            intercept=float(d["intercept"]),
            counts={str(k): (int(v[0]), int(v[1])) for k, v in d["counts"].items()},
        )


def _matrix(rows: Sequence[Mapping[str, float | None]], fill: np.ndarray | None = None) -> np.ndarray:
    x = np.full((len(rows), len(FEATURES)), np.nan)
    for i, row in enumerate(rows):
        for j, name in enumerate(FEATURES):
            v = row.get(name)
            if v is not None and math.isfinite(float(v)):
                x[i, j] = float(v)
    if fill is not None:
        x = np.where(np.isnan(x), fill, x)
    return x


def estimate_prior_strength(counts: Mapping[str, tuple[int, int]], base: float, fallback: float) -> float:
    """Empirical Bayes: Beta(a·p, a·(1-p)) strength a from the between-service variance of the
    refer rates (method of moments), within [2, 500]; the fallback when too few services."""
    seen = [(p, n) for p, n in counts.values() if n >= 3]
    if len(seen) < 10 or not 0 < base < 1:
        return fallback
    rates = np.array([p / n for p, n in seen])
    ns = np.array([n for _, n in seen], dtype=float)
    # observed variance minus the expected binomial noise = variance of the true rates
    between = float(np.var(rates) - np.mean(base * (1 - base) / ns))
    if between <= 1e-6:
        return 500.0
    return float(min(500.0, max(2.0, base * (1 - base) / between - 1)))


def train(examples: Iterable[FeedbackExample], config: RerankConfig | None = None) -> RerankModel | None:
    """A model from the feedback (oldest first), or None while there is not enough of it."""
    from sklearn.linear_model import LogisticRegression

    cfg = config or RerankConfig()
    kept: deque[FeedbackExample] = deque(examples, maxlen=cfg.max_examples)
    y = np.array([e.referred for e in kept], dtype=bool)
    if len(kept) < cfg.min_feedback or y.sum() < cfg.min_each or (~y).sum() < cfg.min_each:
        return None
    raw_counts: dict[str, list[int]] = {}
    for e in kept:
        c = raw_counts.setdefault(e.service, [0, 0])
        c[0] += int(e.referred)
        c[1] += 1
    if len(raw_counts) > cfg.max_services:  # keep the most seen
        raw_counts = dict(sorted(raw_counts.items(), key=lambda kv: -kv[1][1])[: cfg.max_services])
    counts = {k: (v[0], v[1]) for k, v in raw_counts.items()}
    base = float(y.mean())

    x = _matrix([e.features for e in kept])
    mean = np.nanmean(np.where(np.isnan(x).all(axis=0), 0.0, x), axis=0)
    mean = np.where(np.isnan(mean), 0.0, mean)
    x = np.where(np.isnan(x), mean, x)
    scale = x.std(axis=0)
    scale = np.where(scale < 1e-9, 1.0, scale)
    lr = LogisticRegression(C=0.1, max_iter=200)
    lr.fit((x - mean) / scale, y)

    digest = hashlib.sha256(
        json.dumps([len(kept), base, lr.coef_[0].round(6).tolist()], sort_keys=True).encode()
    ).hexdigest()[:12]
    return RerankModel(
        version=digest,
        trained_on=len(kept),
        base_rate=base,
        prior_strength=estimate_prior_strength(counts, base, cfg.prior_strength),
        mean=mean.tolist(),
        scale=scale.tolist(),
        coef=lr.coef_[0].tolist(),
        intercept=float(lr.intercept_[0]),
        counts=counts,
    )


def apply(
    model: RerankModel | None,
    candidates: Sequence[Candidate],
    config: RerankConfig | None = None,
    own_dismissals: Mapping[str, int] | None = None,
    top: int = 10,
) -> list[Reranked]:
    """The candidates (in the matcher's order) re-ordered by base score plus feedback shift.

    Without a model the order is unchanged (every delta 0)."""
    cfg = config or RerankConfig()
    own = own_dismissals or {}
    n = len(candidates)
    if model is None or n == 0:
        return [Reranked(c.id, c.score, c.score, 0.0, i, i, True) for i, c in enumerate(candidates, 1)]
    logits = model.feature_logits([c.features for c in candidates])
    # only the differences between candidates matter; the ranker's features already made the
    # order, so what the model learned from them may only nudge it
    logits = np.clip(logits - logits.mean(), -cfg.feature_cap, cfg.feature_cap)
    rows = []
    for i, c in enumerate(candidates):
        new = model.impressions(c.id) < cfg.new_impressions
        service = 0.0 if new else model.service_logodds(c.id, own.get(c.id, 0), cfg.own_dismissal_weight)
        if new and own.get(c.id):  # the worker's own word still counts for a new service
            service = model.service_logodds(c.id, own[c.id], cfg.own_dismissal_weight + 1.0)
        delta = max(-cfg.max_shift, min(cfg.max_shift, cfg.weight * (float(logits[i]) + service)))
        rows.append((c.score + delta, i, delta, new))
    order = [r[1] for r in sorted(rows, key=lambda r: (-r[0], r[1]))]
    seen = [model.impressions(c.id) if r[3] else None for c, r in zip(candidates, rows, strict=True)]
    order, reserved = _guarantee_new(order, seen, cfg, top)
    return [
        Reranked(
            id=candidates[i].id,
            score=rows[i][0],
            base_score=candidates[i].score,
            delta=rows[i][2],
            base_rank=i + 1,
            rank=pos,
            new=rows[i][3],
            reserved=i in reserved,
        )
        for pos, i in enumerate(order, 1)
    ]


def _guarantee_new(
    order: list[int], seen: list[int | None], cfg: RerankConfig, top: int
) -> tuple[list[int], set[int]]:
    """New services (`seen` = their impressions, None for the others) that the matcher put in
    the top `top` keep up to `new_share` of its places, the least seen first: one pushed
    out is put back at its base position."""
    quota = math.ceil(cfg.new_share * top)
    base_new = [i for i in range(min(top, len(order))) if seen[i] is not None]
    base_new = sorted(sorted(base_new, key=lambda i: (seen[i], i))[:quota])
    head = order[:top]
    missing = [i for i in base_new if i not in head]
    if not missing:
        return order, set()
    keep = set(base_new)
    evicted = [i for i in reversed(head) if i not in keep][: len(missing)]
    head = [i for i in head if i not in evicted]
    for i in missing:  # in base order; the head never grows past `top`
        head.insert(min(i, len(head)), i)
    tail = [i for i in order[top:] if i not in missing]
    return head + sorted(evicted, key=order.index) + tail, set(missing)


def ndcg_at(ranked: Sequence[str], gains: Mapping[str, float], k: int = 10) -> float:
    """nDCG@k of a ranking against graded gains (missing = 0)."""
    dcg = sum(gains.get(s, 0.0) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0
