"""The profile editor: turning one posted section edit into a field value for
`services.profile_update`, and the choices the editor template needs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .display import display_rows
from .escodata import esco
from .models import FIELD_NAMES
from .reference import (
    EDUCATION_FIELDS,
    EDUCATION_LEVELS,
    LANGUAGE_NAMES,
    LEVEL_NAMES,
    LICENCE_CLASSES,
    MUNICIPALITIES,
    REMOTE_PREF_NAMES,
    WORKING_TIME_NAMES,
)
from .selectors import ProfileView

AUTO_MATCH_SCORE = 0.8  # as for job-ad titles (enrich.MIN_TITLE_SCORE)
ESCO_SECTIONS = {"occupations": "occupation", "work_history": "occupation", "skills": "skill"}


def _resolve(kind: str, uri: str, text: str) -> tuple[str, str]:
    """(uri, label): the chosen suggestion, else the best ESCO match of the typed text if it
    is clear enough, else the text alone (kept, but not usable in matching)."""
    e = esco()
    if uri:
        known = e.occupation_uris if kind == "occupation" else e.skill_uris
        if uri not in known:
            raise ValidationError({"uri": _("Choose one of the suggestions.")})
        label = e.occupation_label(uri) if kind == "occupation" else e.skill_label(uri)
        return uri, text or label
    if not text:
        raise ValidationError({"text": _("Write a title or choose a suggestion.")})
    ranked = e.suggest([text], kind, 1)[0]
    if ranked and ranked[0].score >= AUTO_MATCH_SCORE:
        return ranked[0].uri, text
    return "", text


def apply_edit(view: ProfileView, post) -> dict:
    section, op = post.get("section", ""), post.get("op", "add")
    if section not in FIELD_NAMES:
        raise ValidationError({"section": _("Unknown profile section.")})
    current = view.data.get(section)
    current = dict(current or {}) if section == "preferences" else list(current or [])
    if op == "remove":
        try:
            del current[int(post.get("index", ""))]
        except (ValueError, IndexError, TypeError):
            raise ValidationError({section: _("That entry no longer exists.")}) from None
        return {section: current}
    text = " ".join(post.get("text", "").split())[:200]
    if section in ESCO_SECTIONS:
        uri, label = _resolve(ESCO_SECTIONS[section], post.get("uri", ""), text)
        if section == "occupations":
            current.append({"uri": uri, "title": label})
        elif section == "skills":
            current.append({"uri": uri, "label": label})
        else:
            current.append(
                {
                    "uri": uri,
                    "title": label,
                    "employer": post.get("employer", ""),
                    "start": post.get("start") or None,
                    "end": post.get("end") or None,
                }
            )
    elif section == "education":
        current.append(
            {
                "level": post.get("level", ""),
                "field": post.get("field", ""),
                "title": text,
                "year": post.get("year") or None,
            }
        )
    elif section == "languages":
        current.append({"code": post.get("code", ""), "level": post.get("level", "")})
    elif section == "driving_licences":
        current = post.getlist("licences")
    elif section == "preferences":
        current = {
            "areas": post.getlist("areas"),
            "working_time": post.getlist("working_time"),
            "remote": post.get("remote", "accept"),
        }
    return {section: current}


def editor_context(view: ProfileView) -> dict:
    from django.utils import translation

    lang = (translation.get_language() or "fi")[:2]
    prefs = view.data.get("preferences") or {}
    return {
        "view": view,
        "rows": display_rows(view.data, lang),
        "p": view.data,
        "fields": view.fields,
        "field_names": FIELD_NAMES,
        "education_levels": EDUCATION_LEVELS,
        "education_fields": EDUCATION_FIELDS,
        "language_names": LANGUAGE_NAMES,
        "level_names": LEVEL_NAMES,
        "licences": LICENCE_CLASSES,
        "municipalities": [(code, n[1] if lang == "sv" else n[0]) for code, n in MUNICIPALITIES.items()],
        "working_times": WORKING_TIME_NAMES,
        "remote_prefs": REMOTE_PREF_NAMES,
        "pref_areas": prefs.get("areas") or [],
        "pref_times": prefs.get("working_time") or [],
        "pref_remote": prefs.get("remote") or "accept",
        "area_names": {code: n[1] if lang == "sv" else n[0] for code, n in MUNICIPALITIES.items()},
    }
