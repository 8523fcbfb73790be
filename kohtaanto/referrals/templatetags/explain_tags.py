"""Template access to referrals.explain: plain-language reasons and relevance bands."""

from __future__ import annotations

from django import template

from ..explain import explanation_sentences, relevance_band

register = template.Library()


@register.filter
def reasons(explanation: dict) -> list[str]:
    return explanation_sentences(explanation or {})


@register.filter
def band(score: float) -> str:
    return relevance_band(float(score))[1]


@register.filter
def band_code(score: float) -> str:
    return relevance_band(float(score))[0]
