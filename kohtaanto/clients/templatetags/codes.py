"""Stored codes shown as words in the page language: languages, language levels, roles.

Codes stay codes in the database and the API; only what a person reads is translated.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import Role
from kohtaanto.referrals.models import ReferralState

register = template.Library()

# CEFR levels (A1..C2) are read as they are; only the words around them are translated.
LEVEL_LABELS = {"native": gettext_lazy("native language"), "none": gettext_lazy("no skills")}
# Languages Django's own list lacks but the register holds (ISO 639-1/-3 codes).
EXTRA_LANGUAGES = {
    "so": gettext_lazy("Somali"),
    "ti": gettext_lazy("Tigrinya"),
    "ku": gettext_lazy("Kurdish"),
    "prs": gettext_lazy("Dari"),
    "sme": gettext_lazy("Northern Sami"),
    "zh": gettext_lazy("Chinese"),
}


@register.filter
def language_name(code: str) -> str:
    """The language's name in the page language ("fi" -> "suomi" on a Finnish page)."""
    code = (code or "").strip()
    if not code:
        return ""
    if code in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return _("other language (%(code)s)") % {"code": code}


@register.filter
def language_level(code: str) -> str:
    return str(LEVEL_LABELS.get(code, code or "–"))


@register.filter
def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


@register.filter
def role_labels(codes) -> str:
    return ", ".join(role_label(c) for c in codes or ())


@register.filter
def referral_state(code: str) -> str:
    try:
        return str(ReferralState(code).label)
    except ValueError:
        return code
