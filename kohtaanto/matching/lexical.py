"""BM25 over lemmas and compound parts, one index per language.

A need written in Swedish is matched against the Swedish versions of the descriptions,
with Swedish lemmas; Finnish against Finnish. Field weighting is done the simple way
that BM25 understands (a field counts as if it were written `weight` times); on the
development set boosting the name changed nothing measurable, so the default is 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from .analysis import LANGS


@dataclass(frozen=True, slots=True)
class FieldWeights:
    """How many times each field's terms are counted in the BM25 document."""

    name: int = 1
    summary: int = 1
    description: int = 1


@dataclass(slots=True)
class _LangIndex:
    bm25: bm25s.BM25 | None
    has_text: np.ndarray  # bool per document: the document has text in this language


class BM25Index:
    """Per-language BM25 indexes over pre-analysed documents.

    Documents are given as term lists per language and field; analysis happens
    elsewhere (and is cached there), so rebuilding after one change is cheap.
    """

    def __init__(self, k1: float = 1.5, b: float = 0.75, weights: FieldWeights | None = None) -> None:
        self.k1 = k1
        self.b = b
        self.weights = weights or FieldWeights()
        self._langs: dict[str, _LangIndex] = {}
        self.size = 0

    def build(self, docs: Sequence[dict[str, dict[str, list[str]]]]) -> None:
        """docs[i][lang][field] = list of terms, field in name/summary/description."""
        self.size = len(docs)
        self._langs = {}
        w = self.weights
        for lang in LANGS:
            corpus: list[list[str]] = []
            has = np.zeros(len(docs), dtype=bool)
            for i, doc in enumerate(docs):
                fields = doc.get(lang)
                if not fields:
                    corpus.append([])
                    continue
                terms = (
                    fields.get("name", []) * w.name
                    + fields.get("summary", []) * w.summary
                    + fields.get("description", []) * w.description
                )
                has[i] = bool(terms)
                corpus.append(terms)
            if not has.any():
                self._langs[lang] = _LangIndex(None, has)
                continue
            bm = bm25s.BM25(k1=self.k1, b=self.b)
            bm.index(corpus, show_progress=False)
            self._langs[lang] = _LangIndex(bm, has)

    def languages(self, doc_index: int) -> list[str]:
        """Languages in which a document has text."""
        return [lang for lang, li in self._langs.items() if li.has_text[doc_index]]

    def has_language(self, lang: str) -> np.ndarray:
        li = self._langs.get(lang)
        return li.has_text if li is not None else np.zeros(self.size, dtype=bool)

    def _columns(self, terms: Sequence[str], lang: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(term, doc indices, BM25 contributions) for each query term in the vocabulary."""
        li = self._langs.get(lang)
        if li is None or li.bm25 is None:
            return []
        sc = li.bm25.scores
        vocab = li.bm25.vocab_dict
        out = []
        for term in terms:
            tid = vocab.get(term)
            if tid is None or term == "":
                continue
            lo, hi = int(sc["indptr"][tid]), int(sc["indptr"][tid + 1])
            out.append((term, sc["indices"][lo:hi], sc["data"][lo:hi]))
        return out

    def idf(self, term: str, lang: str) -> float:
        """Lucene BM25 idf of a term in one language's index (0 if unseen)."""
        li = self._langs.get(lang)
        if li is None or li.bm25 is None or term not in li.bm25.vocab_dict:
            return 0.0
        sc = li.bm25.scores
        tid = li.bm25.vocab_dict[term]
        df = int(sc["indptr"][tid + 1] - sc["indptr"][tid])
        n = int(sc["num_docs"])
        return float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))

    def scores(self, terms: Sequence[str], lang: str) -> tuple[np.ndarray, float]:
        """BM25 score of every document, and the query's idf mass.

        Dividing by the idf mass (the score a document would get by containing each
        query term once at average length) puts BM25 on an absolute 0..~1 scale: a
        document that matches only the common words of a need stays low even when
        nothing matches better, which a per-query min-max or z-score would hide.
        """
        out = np.zeros(self.size, dtype=np.float32)
        mass = 0.0
        for term, idx, data in self._columns(terms, lang):
            out[idx] += data  # a column lists each document once
            mass += self.idf(term, lang)
        return out, mass

    def term_contributions(
        self, terms: Sequence[str], lang: str, doc_indices: Sequence[int]
    ) -> list[dict[str, float]]:
        """Per-term BM25 contribution for a few documents (for explanations)."""
        out: list[dict[str, float]] = [{} for _ in doc_indices]
        if not len(doc_indices):
            return out
        slot = np.full(self.size, -1, dtype=np.int64)  # document -> position in out
        slot[np.asarray(doc_indices, dtype=np.int64)] = np.arange(len(doc_indices))
        for term, idx, data in self._columns(list(dict.fromkeys(terms)), lang):
            js = slot[idx]
            hit = js >= 0
            for j, value in zip(js[hit], data[hit], strict=True):
                j = int(j)
                out[j][term] = out[j].get(term, 0.0) + round(float(value), 4)
        return out
