"""Synthetic refer/dismiss feedback with known worker preferences (issue 19, point 3).

A small world where the truth is known, for the re-ranker's tests and the offline replay
(benchmarks/matching/rerank.py):

- services belong to topics; a need has a topic, and a service's text match is 2 on the
  need's topic, 1 on a neighbouring topic, else 0;
- the matcher sees the match through noise and a per-service text bias, but not the
  service's practical quality (always full, never fits in practice) that workers know;
- each worker also avoids a few services of their own;
- a worker looks down the shown top 10 (attention falling with position), refers the best
  one they looked at if it is good enough, and dismisses those they looked at that are poor;
- some services are new: they get no feedback before the evaluation period.

The graded gain of a service for a (need, worker) pair is what the worker would really
want (0-3): the yardstick the replay measures nDCG@10 against. Pure: numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Event:
    """A worker looking for services for a need."""

    need_topic: int
    worker: str
    seed: int


@dataclass(frozen=True, slots=True)
class Shown:
    service: str
    score: float
    features: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class Choice:
    service: str
    referred: bool
    rank: int


class FeedbackWorld:
    """Services, workers and their hidden preferences, from one seed."""

    def __init__(
        self,
        *,
        services: int = 240,
        topics: int = 24,
        workers: int = 30,
        new_share: float = 0.1,
        dislikes_per_worker: int = 4,
        seed: int = 19,
    ) -> None:
        rng = np.random.default_rng(seed)
        self.seed = seed
        self.topics = topics
        self.ids = [f"svc-{i:04d}" for i in range(services)]
        self.topic = rng.integers(0, topics, size=services)
        self.quality = rng.normal(0.0, 1.0, size=services)  # workers know it, the text does not
        self.text_bias = rng.normal(0.0, 0.35, size=services)  # the matcher's own mistakes
        self.places = rng.integers(0, 12, size=services)
        self.new = rng.random(services) < new_share
        self.workers = [f"worker-{w:02d}" for w in range(workers)]
        self.dislikes = {
            w: set(rng.choice(services, size=dislikes_per_worker, replace=False).tolist())
            for w in self.workers
        }

    def match(self, topic: int) -> np.ndarray:
        d = np.abs(self.topic - topic)
        d = np.minimum(d, self.topics - d)
        return np.where(d == 0, 2.0, np.where(d == 1, 1.0, 0.0))

    def utility(self, event: Event) -> np.ndarray:
        """What the worker would really want for this need."""
        u = self.match(event.need_topic) + 0.9 * self.quality
        disliked = list(self.dislikes[event.worker])
        u[disliked] -= 3.0
        return u

    def gains(self, event: Event) -> dict[str, float]:
        """Graded relevance 0-3 for nDCG: only services that match the need at all count."""
        m = self.match(event.need_topic)
        g = np.clip(np.round(self.utility(event)), 0, 3) * (m > 0)
        return {self.ids[i]: float(g[i]) for i in np.flatnonzero(g)}

    def ranking(self, event: Event, top: int = 30) -> list[Shown]:
        """The matcher's top `top` for the need: text match seen through noise and bias."""
        rng = np.random.default_rng(event.seed)
        m = self.match(event.need_topic)
        dense = m + self.text_bias + rng.normal(0, 0.45, size=len(m))
        lexical = m + rng.normal(0, 0.8, size=len(m))
        score = 0.75 * dense + 0.25 * lexical
        order = np.argsort(-score)[:top]
        return [
            Shown(
                self.ids[i],
                float(score[i]),
                {
                    "relevance": float(score[i]),
                    "dense_z": float(dense[i]),
                    "bm25_normalised": float(lexical[i]),
                    "preference_bonus": 0.0,
                    "position": 1.0 / math.log2(pos + 2),
                    "has_places": float(self.places[i] > 0),
                },
            )
            for pos, i in enumerate(order)
        ]

    def choices(self, event: Event, shown: list[str], allow_new: bool = True) -> list[Choice]:
        """The worker's refers and dismissals on the shown list (top 10), best first."""
        rng = np.random.default_rng(event.seed + 7919)
        u = self.utility(event)
        index = {s: i for i, s in enumerate(self.ids)}
        looked = []
        for pos, sid in enumerate(shown[:10]):
            i = index[sid]
            if not allow_new and self.new[i]:
                continue
            if rng.random() < 0.95 / (1 + 0.25 * pos):
                looked.append((pos + 1, sid, u[i] + rng.normal(0, 0.3)))
        out = []
        best = max(looked, key=lambda t: t[2], default=None)
        if best is not None and best[2] > 1.5:
            out.append(Choice(best[1], True, best[0]))
        for rank, sid, val in looked:
            if val < 0.8 and rng.random() < 0.6:
                out.append(Choice(sid, False, rank))
        return out

    def events(self, n: int, seed: int) -> list[Event]:
        rng = np.random.default_rng(seed)
        return [
            Event(
                int(rng.integers(0, self.topics)),
                self.workers[int(rng.integers(0, len(self.workers)))],
                int(s),
            )
            for s in rng.integers(0, 2**31 - 1, size=n)
        ]

    def is_new(self, service: str) -> bool:
        return bool(self.new[int(service.split("-")[1])])
