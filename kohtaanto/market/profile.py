"""Validation of the market profile's fields: one function per field that returns the
canonical value or raises ValueError with a message for the person typing it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PROFILE_FIELDS
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

MAX_ITEMS = 50
TEXT_MAX = 200
ESCO = "http://data.europa.eu/esco/"


def _text(value, name: str, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(_("%(name)s must be text.") % {"name": name})
    value = " ".join(value.split())
    if len(value) > TEXT_MAX:
        raise ValueError(_("%(name)s can be at most %(n)s characters.") % {"name": name, "n": TEXT_MAX})
    if required and not value:
        raise ValueError(_("%(name)s is missing.") % {"name": name})
    return value


def _uri(value, kind: str, known: set[str] | None) -> str:
    value = _text(value, "uri")
    if not value:
        return ""
    if not value.startswith(f"{ESCO}{kind}/"):
        raise ValueError(_("%(uri)s is not an ESCO %(kind)s URI.") % {"uri": value, "kind": kind})
    if known is not None and value not in known:
        raise ValueError(_("%(uri)s is not in the ESCO data in use.") % {"uri": value})
    return value


def _items(value, name: str) -> list:
    if not isinstance(value, list):
        raise ValueError(_("%(name)s must be a list.") % {"name": name})
    if len(value) > MAX_ITEMS:
        raise ValueError(_("%(name)s can have at most %(n)s entries.") % {"name": name, "n": MAX_ITEMS})
    for item in value:
        if not isinstance(item, dict):
            raise ValueError(_("Each entry of %(name)s must be an object.") % {"name": name})
    return value


def _year(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValueError(_("%(name)s must be a year.") % {"name": name}) from None
    if not 1940 <= year <= timezone.now().year + 6:
        raise ValueError(_("%(name)s must be a year between 1940 and now.") % {"name": name})
    return year


def _dedupe(rows: list[dict], key) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def clean_field(name: str, value, *, occupations: set[str] | None = None, skills: set[str] | None = None):
    """The canonical value of one profile field. `occupations`/`skills` are the URIs of the
    ESCO release in use (None skips the check, e.g. before ESCO is loaded)."""
    if name == "occupations":
        rows = []
        for item in _items(value, name):
            uri = _uri(item.get("uri"), "occupation", occupations)
            title = _text(item.get("title"), _("title"), required=not uri)
            rows.append({"uri": uri, "title": title})
        return _dedupe(rows, lambda r: r["uri"] or r["title"].lower())
    if name == "work_history":
        rows = []
        for item in _items(value, name):
            uri = _uri(item.get("uri"), "occupation", occupations)
            row = {
                "uri": uri,
                "title": _text(item.get("title"), _("title"), required=not uri),
                "employer": _text(item.get("employer"), _("employer")),
                "start": _year(item.get("start"), _("start year")),
                "end": _year(item.get("end"), _("end year")),
            }
            if row["start"] and row["end"] and row["end"] < row["start"]:
                raise ValueError(_("The end year cannot be before the start year."))
            rows.append(row)
        return rows
    if name == "skills":
        rows = []
        for item in _items(value, name):
            uri = _uri(item.get("uri"), "skill", skills)
            rows.append({"uri": uri, "label": _text(item.get("label"), _("skill"), required=not uri)})
        return _dedupe(rows, lambda r: r["uri"] or r["label"].lower())
    if name == "education":
        rows = []
        for item in _items(value, name):
            level = str(item.get("level") or "")
            if level not in EDUCATION_LEVELS:
                raise ValueError(_("Choose an education level (0-9)."))
            field = str(item.get("field") or "")
            if field and field not in EDUCATION_FIELDS:
                raise ValueError(_("Unknown field of education: %(code)s.") % {"code": field})
            rows.append(
                {
                    "level": level,
                    "field": field,
                    "title": _text(item.get("title"), _("title")),
                    "year": _year(item.get("year"), _("year")),
                }
            )
        return rows
    if name == "languages":
        rows = []
        for item in _items(value, name):
            code, level = item.get("code"), item.get("level")
            if code not in LANGUAGE_NAMES:
                raise ValueError(_("Unknown language: %(code)s.") % {"code": code})
            if level not in LEVEL_NAMES:
                raise ValueError(_("Choose a level from A1 to C2, or native language."))
            rows.append({"code": code, "level": level})
        return _dedupe(list(reversed(rows)), lambda r: r["code"])[::-1]
    if name == "driving_licences":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("Driving licences must be a list of classes."))
        unknown = sorted(set(value) - set(LICENCE_CLASSES))
        if unknown:
            raise ValueError(_("Unknown driving licence classes: %(codes)s.") % {"codes": ", ".join(unknown)})
        return [c for c in LICENCE_CLASSES if c in value]
    if name == "preferences":
        if not isinstance(value, dict):
            raise ValueError(_("Preferences must be an object."))
        areas = value.get("areas") or []
        times = value.get("working_time") or []
        remote = value.get("remote") or "accept"
        if not isinstance(areas, list) or any(a not in MUNICIPALITIES for a in areas):
            raise ValueError(_("Choose areas from the municipalities of the Helsinki region."))
        if not isinstance(times, list) or any(t not in WORKING_TIME_NAMES for t in times):
            raise ValueError(_("Working time must be full-time, part-time or shift work."))
        if remote not in REMOTE_PREF_NAMES:
            raise ValueError(_("Remote work must be one of: no, accept, only."))
        return {
            "areas": [a for a in MUNICIPALITIES if a in areas],
            "working_time": [t for t in WORKING_TIME_NAMES if t in times],
            "remote": remote,
        }
    raise ValueError(_("Unknown profile field: %(name)s.") % {"name": name})


def clean_changes(changes: dict, **known) -> dict:
    """Validate a partial update {field: value}; errors are collected per field."""
    if not isinstance(changes, dict):
        raise ValueError(_("The profile must be an object."))
    errors, out = {}, {}
    for name, value in changes.items():
        if name not in PROFILE_FIELDS:
            errors[name] = _("Unknown profile field: %(name)s.") % {"name": name}
            continue
        try:
            out[name] = clean_field(name, value, **known)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ProfileInvalid(errors)
    return out


class ProfileInvalid(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
