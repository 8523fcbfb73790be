"""Explanations: why a service was suggested, in a JSON-serialisable dict.

The case worker must be able to check a suggestion quickly and the referral keeps a
snapshot of it, so the explanation says, in plain data: which words and phrases of the
need matched which fields of the service (lexical side, by lemma), which passage of the
service text the language model found closest (dense side), the score of each
component, and every filter and preference that was applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .analysis import TextAnalyzer
from .filters import FilterDecision
from .passages import Passage
from .query import Query, need_phrases

EXPLANATION_VERSION = 1


def passage_highlights(passage: Passage, terms: set[str], analyzer: TextAnalyzer) -> list[dict[str, Any]]:
    """Character spans of the passage whose lemmas or parts are among `terms`."""
    out = []
    for tok in analyzer.tokens_cached(passage.text, passage.lang):
        hit = [t for t in tok.terms() if t in terms]
        if hit:
            out.append(
                {
                    "text": passage.text[tok.start : tok.end],
                    "start": tok.start,
                    "end": tok.end,
                    "term": hit[0],
                }
            )
    return out


def build_explanation(
    *,
    method: str,
    query: Query,
    analyzer: TextAnalyzer,
    fields: Mapping[str, list[str]] | None,
    contributions: Mapping[str, float],
    best: tuple[Passage, float] | None,
    scores: Mapping[str, float | None],
    decisions: list[FilterDecision],
    preferences: list[dict[str, Any]],
    excluded_above: Mapping[str, int],
) -> dict[str, Any]:
    """Assemble the explanation of one result."""
    field_sets = {f: set(terms) for f, terms in (fields or {}).items()}
    matched = []
    for term, weight in sorted(contributions.items(), key=lambda kv: -kv[1]):
        matched.append(
            {
                "term": term,
                "need_words": query.term_words.get(term, []),
                "fields": [f for f in ("name", "summary", "description") if term in field_sets.get(f, ())],
                "bm25": round(weight, 4),
            }
        )
    terms = set(contributions)
    explanation: dict[str, Any] = {
        "version": EXPLANATION_VERSION,
        "method": method,
        "need_language": query.lang,
        "need_language_detected": query.lang_detected,
        "scores": {k: (None if v is None else round(float(v), 4)) for k, v in scores.items()},
        "matched_terms": matched,
        "need_phrases": need_phrases(query, terms, analyzer),
        "best_passage": None,
        "filters": [d.to_dict() for d in decisions],
        "preferences": preferences,
        "excluded_above": dict(excluded_above),
    }
    if fields is None:
        explanation["lexical_note"] = f"service has no text in {query.lang}"
    if best is not None:
        passage, sim = best
        explanation["best_passage"] = {
            "lang": passage.lang,
            "kind": passage.kind,
            "text": passage.text,
            "similarity": round(sim, 4),
            "highlights": passage_highlights(passage, terms, analyzer),
        }
    return explanation


def feedback_note(
    *, model_version: str, base_rank: int, rank: int, delta: float, new: bool, reserved: bool
) -> dict[str, Any]:
    """What workers' feedback did to one result (matching.rerank): the places it moved
    (positive = up), the score change, and whether the service counts as new."""
    return {
        "model": model_version,
        "from_rank": base_rank,
        "to_rank": rank,
        "moved": base_rank - rank,
        "score_change": round(float(delta), 4),
        "new_service": bool(new),
        "kept_for_new": bool(reserved),
    }
