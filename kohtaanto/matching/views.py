"""Catalogue views: what PTV already says about a service, as one more thing to match.

A PTV service carries service classes, life events, ontology terms (YSO/KOKO) and
target groups. Their Finnish labels ("Velkaneuvonta", "toimeentulotuki", "Työttömyys")
are the catalogue's own words for the situation a service answers, and they are often
closer to how a need is described than the service's prose is. They are indexed as a
separate BM25 view over the labels' Finnish terms and added to the fused score with
their own weight (issue 19: +0.010 nDCG@10 on the tuning part; docs/matching.md).

What did *not* help on the tuning part and is therefore not here: encoding the labels
for the dense side, smoothing scores over services that share a class or an ontology
term, a per-class centroid vector, and dense pseudo-relevance feedback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .analysis import TextAnalyzer
from .fusion import lexical_normalised
from .lexical import BM25Index

VIEW_KEYS = ("service_classes", "life_events", "ontology_terms", "target_groups")
VIEW_LANG = "fi"  # PTV's classification labels come in Finnish


def view_text(ptv: Mapping[str, Any] | None) -> str:
    """The labels of a record's PTV classifications as one text ("" if none)."""
    if not isinstance(ptv, Mapping):
        return ""
    labels: list[str] = []
    for key in VIEW_KEYS:
        for item in ptv.get(key) or ():
            name = item.get("name") if isinstance(item, Mapping) else None
            if isinstance(name, str) and name.strip() and name not in labels:
                labels.append(name.strip())
    return " ; ".join(labels)


def views_from_records(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """{service id: view text} from catalogue records (the `ptv` object of each)."""
    out = {}
    for rec in records:
        text = view_text(rec.get("ptv"))
        if text and rec.get("id") not in (None, ""):
            out[str(rec["id"])] = text
    return out


class ViewIndex:
    """BM25 over the Finnish terms of each service's view text; term lists memoised by text.

    Labels repeat across thousands of services, so analysis is cached per text.
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._terms: dict[str, list[str]] = {}
        self._index: BM25Index | None = None

    @property
    def active(self) -> bool:
        return self._index is not None

    def build(self, texts: Sequence[str], analyzer: TextAnalyzer) -> ViewIndex:
        """A new index over `texts` (one per service, "" for none), sharing the memo."""
        new = ViewIndex(self.k1, self.b)
        new._terms = {t: self._terms[t] for t in set(texts) if t in self._terms}
        if not any(texts):
            return new
        docs = []
        for text in texts:
            terms = new._terms.get(text)
            if terms is None:
                terms = new._terms[text] = analyzer.terms(text, VIEW_LANG) if text else []
            docs.append({VIEW_LANG: {"description": terms}} if terms else {})
        new._index = BM25Index(self.k1, self.b)
        new._index.build(docs)
        return new

    def scores(self, terms: Sequence[str], size: int) -> np.ndarray:
        """Normalised BM25 of the need's terms against every view (zeros without views)."""
        if self._index is None:
            return np.zeros(size, np.float32)
        raw, mass = self._index.scores(terms, VIEW_LANG)
        return lexical_normalised(raw, mass)
