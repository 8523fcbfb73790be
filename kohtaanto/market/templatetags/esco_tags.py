"""ESCO skill names in the reader's language, or in English marked as such.

ESCO v1.1.1 as shipped has English skill labels only; a Finnish or Swedish page must not
pass an English name off as its own language, so the fallback carries `lang="en"` (for
screen readers) and a visible "(in English)".
"""

from __future__ import annotations

from typing import cast

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaanto.market.escodata import esco
from kohtaanto.matching.esco import EscoRelease

register = template.Library()


@register.simple_tag
def esco_skill(uri: str, fallback: str = "") -> SafeString:
    """The skill's label in the active language; else English with a marker; else `fallback`."""
    lang = (get_language() or "fi")[:2]
    release = cast(EscoRelease, esco().release)
    skill = release.skills.get(uri or "")
    if skill is None:
        return format_html("{}", fallback or uri or "")
    own = skill.labels.get(lang)
    if own is not None and own.preferred:
        return format_html("{}", own.preferred)
    english = skill.labels.get("en")
    if english is None or not english.preferred or lang == "en":
        return format_html("{}", skill.label(lang, ("en", "fi")))
    return format_html(
        '<span lang="en">{}</span> <span class="label-lang">({})</span>', english.preferred, _("in English")
    )
