"""The explanation of a service suggestion as a typed API schema (matching/explain.py writes
it as plain data; a referral keeps a snapshot of it). Every field may be missing: snapshots
from before a version have fewer, and a referral made without a suggestion has none."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict


class Span(Schema):
    text: str
    start: int
    end: int
    term: str | None = Field(None, description="the matched term (passage highlights)")


class MatchedTerm(Schema):
    term: str
    need_words: list[str] = []
    fields: list[str] = Field([], description="service fields where the term occurs")
    bm25: float


class BestPassage(Schema):
    lang: str
    kind: str
    text: str
    similarity: float
    highlights: list[Span] = []


class FilterDecision(Schema):
    name: str
    state: str = Field(..., description="passed, failed or inactive")
    detail: str


class FeedbackNote(Schema):
    model: str = Field(..., description="version of the re-ranking model")
    from_rank: int = Field(..., description="rank the matcher gave")
    to_rank: int = Field(..., description="rank after workers' feedback")
    moved: int = Field(..., description="places moved up (negative: down)")
    score_change: float
    new_service: bool = Field(False, description="too little feedback yet to judge the service")
    kept_for_new: bool = Field(False, description="kept in the top 10 by the new-service guarantee")


class Explanation(Schema):
    model_config = ConfigDict(extra="allow")  # later versions may add fields

    version: int | None = None
    method: str | None = None
    need_language: str | None = None
    need_language_detected: bool | None = None
    scores: dict[str, float | None] = Field({}, description="per ranker; null where it did not run")
    matched_terms: list[MatchedTerm] = []
    need_phrases: list[Span] = []
    best_passage: BestPassage | None = None
    filters: list[FilterDecision] = []
    preferences: list[dict[str, str | float | bool]] = Field(
        [], description='soft preferences: {"name": "distance"|"channel"|"language", ..., "bonus"}'
    )
    excluded_above: dict[str, int] = Field(
        {}, description="services ranked higher but filtered out, by filter"
    )
    lexical_note: str | None = None
    feedback: FeedbackNote | None = Field(None, description="what workers' feedback changed; absent: nothing")
