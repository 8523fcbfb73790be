"""Profile entries as lines of text, the same for the worker's and the client's pages."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .escodata import esco
from .reference import EDUCATION_FIELDS, EDUCATION_LEVELS, LANGUAGE_NAMES, LEVEL_NAMES


def entry_text(section: str, item, lang: str = "fi") -> str:
    """One profile entry as a line of text for pages (same wording for worker and client)."""
    if section in ("occupations", "work_history"):
        text = item.get("title") or ""
        if section == "work_history":
            years = "–".join(str(y) for y in (item.get("start"), item.get("end")) if y)
            text = ", ".join(x for x in (text, item.get("employer"), years) if x)
        return text + ("" if item.get("uri") else " " + _("(not matched to ESCO)"))
    if section == "skills":
        if not item.get("uri"):
            return (item.get("label") or "") + " " + _("(not matched to ESCO)")
        return skill_name(item["uri"], item.get("label") or "")
    if section == "education":
        parts = [
            str(EDUCATION_LEVELS.get(item.get("level"), "")),
            str(EDUCATION_FIELDS.get(item.get("field"), "")),
        ]
        parts += [item.get("title") or "", str(item.get("year") or "")]
        return ", ".join(x for x in parts if x)
    if section == "languages":
        return f"{LANGUAGE_NAMES.get(item.get('code'), item.get('code'))}: {LEVEL_NAMES.get(item.get('level'), item.get('level'))}"
    return str(item)


def skill_name(uri: str, stored: str) -> str:
    """An ESCO skill's name in the page's language, or its English name marked as such."""
    lang = (get_language() or "fi")[:2]
    skill = getattr(esco().release, "skills", {}).get(uri)
    if skill is None:
        return stored
    own = skill.labels.get(lang)
    if own is not None and own.preferred:
        return own.preferred
    english = skill.labels.get("en")
    name = english.preferred if english is not None and english.preferred else stored
    return name if lang == "en" else f"{name} ({_('in English')})"


def display_rows(data: dict, lang: str = "fi") -> dict:
    """{section: [(index, text)]} for the list sections of the profile."""
    return {
        s: [(i, entry_text(s, item, lang)) for i, item in enumerate(data.get(s) or [])]
        for s in ("occupations", "work_history", "skills", "education", "languages")
        if s in data
    }
