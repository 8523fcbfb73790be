"""Template helpers: texts in the page language, and code lists as translated labels."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from .. import models

register = template.Library()

LABELS = {
    "kind": models.KIND_LABELS,
    "target_groups": models.TARGET_GROUP_LABELS,
    "life_situations": models.LIFE_SITUATION_LABELS,
    "channels": models.CHANNEL_LABELS,
    "benefit_effect": models.BENEFIT_EFFECT_LABELS,
}


@register.filter
def lt(values: dict | None) -> str:
    """The text in the page language, else Finnish, Swedish, English."""
    values = values or {}
    for lang in ((get_language() or "fi")[:2], "fi", "sv", "en"):
        if values.get(lang):
            return values[lang]
    return ""


@register.filter
def lt_lang(values: dict | None) -> str:
    """The language code `lt` would show, for a lang attribute when it falls back."""
    values = values or {}
    for lang in ((get_language() or "fi")[:2], "fi", "sv", "en"):
        if values.get(lang):
            return lang
    return ""


@register.filter
def labels(codes, kind: str) -> str:
    """Comma-separated translated labels of a code or a list of codes."""
    if not codes:
        return ""
    table = LABELS.get(kind, {})
    if isinstance(codes, str):
        codes = [codes]
    return ", ".join(str(table.get(c, c)) for c in codes)


@register.filter
def yesno_unknown(value) -> str:
    from django.utils.translation import gettext

    return {True: gettext("yes"), False: gettext("no")}.get(value, gettext("not specified"))


@register.filter
def iso_dates(values) -> str:
    """Stored ISO start dates ("2026-03-12") in the page language's date format."""
    out = []
    for v in values or ():
        try:
            out.append(date_format(date.fromisoformat(str(v)), "SHORT_DATE_FORMAT"))
        except ValueError:
            out.append(str(v))
    return ", ".join(out)
