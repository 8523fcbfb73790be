"""Stored codes shown as words in the page language: languages, language levels, roles.

Codes stay codes in the database and the API; only what a person reads is translated.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import role_label
from kohtaanto.catalogue.models import Service
from kohtaanto.clients.models import EndReason
from kohtaanto.referrals.models import ReferralState
from kohtaanto.synthetic.service_model import SERVICES as REGISTER_SERVICES

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


register.filter("role_label", role_label)


@register.filter
def role_labels(codes) -> str:
    return ", ".join(role_label(c) for c in codes or ())


@register.filter
def referral_state(code: str) -> str:
    try:
        return str(ReferralState(code).label)
    except ValueError:
        return code


def _in_language(names: dict) -> str:
    lang = (get_language() or "fi")[:2]
    return names.get(lang) or names.get("fi") or next(iter(names.values()), "")


# Services of the register data (the synthetic generator's codes, "P011") by code.
_REGISTER_SERVICES = {s.service_id: s for s in REGISTER_SERVICES}


@register.filter
def service_name(code: str) -> str:
    """A timeline event's service by name: a catalogue service (referrals store its id) or a
    service of the register data; the code itself only when neither knows it."""
    code = (code or "").strip()
    if code.isdigit():
        names = Service.objects.filter(pk=int(code)).values_list("name", flat=True).first()
        if isinstance(names, dict) and names:
            return _in_language(names)
    spec = _REGISTER_SERVICES.get(code)
    if spec is not None:
        return _in_language({"fi": spec.name_fi, "sv": spec.name_sv, "en": spec.name_en})
    return code


@register.filter
def event_reason(code: str) -> str:
    """Why a timeline event happened: a job search's end reason or a service's end state."""
    for choices in (EndReason, ReferralState):
        try:
            return str(choices(code).label)
        except ValueError:
            continue
    return code
