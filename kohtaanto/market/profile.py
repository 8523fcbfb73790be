"""Validation of the market profile's fields: one function per field that returns the
canonical value or raises ValueError with a message for the person typing it."""

from __future__ import annotations

from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

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


class _Entry(BaseModel):
    """One entry of a list field. Values are checked by the validators below, which say
    what is wrong in the reader's language (missing keys too); unknown keys are dropped."""

    model_config = ConfigDict(extra="ignore", validate_default=True)


def _known(info: ValidationInfo, kind: str) -> set[str] | None:
    return (info.context or {}).get(kind)


class Occupation(_Entry):
    uri: str = ""
    title: str = ""

    @field_validator("uri", mode="before")
    @classmethod
    def _uri(cls, v, info: ValidationInfo) -> str:
        return _uri(v, "occupation", _known(info, "occupations"))

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v) -> str:
        return _text(v, _("title"))

    @model_validator(mode="after")
    def _named(self):
        if not self.uri and not self.title:
            raise ValueError(_("%(name)s is missing.") % {"name": _("title")})
        return self


class Work(Occupation):
    employer: str = ""
    start: int | None = None
    end: int | None = None

    @field_validator("employer", mode="before")
    @classmethod
    def _employer(cls, v) -> str:
        return _text(v, _("employer"))

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v) -> int | None:
        return _year(v, _("start year"))

    @field_validator("end", mode="before")
    @classmethod
    def _end(cls, v) -> int | None:
        return _year(v, _("end year"))

    @model_validator(mode="after")
    def _order(self):
        if self.start and self.end and self.end < self.start:
            raise ValueError(_("The end year cannot be before the start year."))
        return self


class Skill(_Entry):
    uri: str = ""
    label: str = ""

    @field_validator("uri", mode="before")
    @classmethod
    def _uri(cls, v, info: ValidationInfo) -> str:
        return _uri(v, "skill", _known(info, "skills"))

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, v) -> str:
        return _text(v, _("skill"))

    @model_validator(mode="after")
    def _named(self):
        if not self.uri and not self.label:
            raise ValueError(_("%(name)s is missing.") % {"name": _("skill")})
        return self


class Education(_Entry):
    level: str = ""
    field: str = ""
    title: str = ""
    year: int | None = None

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, v) -> str:
        if str(v or "") not in EDUCATION_LEVELS:
            raise ValueError(_("Choose an education level (0-9)."))
        return str(v)

    @field_validator("field", mode="before")
    @classmethod
    def _field(cls, v) -> str:
        code = str(v or "")
        if code and code not in EDUCATION_FIELDS:
            raise ValueError(_("Unknown field of education: %(code)s.") % {"code": code})
        return code

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v) -> str:
        return _text(v, _("title"))

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v) -> int | None:
        return _year(v, _("year"))


class Language(_Entry):
    code: str = ""
    level: str = ""

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, v) -> str:
        if v not in LANGUAGE_NAMES:
            raise ValueError(_("Unknown language: %(code)s.") % {"code": v})
        return v

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, v) -> str:
        if v not in LEVEL_NAMES:
            raise ValueError(_("Choose a level from A1 to C2, or native language."))
        return v


ENTRIES: dict[str, type[_Entry]] = {
    "occupations": Occupation,
    "work_history": Work,
    "skills": Skill,
    "education": Education,
    "languages": Language,
}
# Two entries of these are the same entry: the later is dropped (languages: the later wins).
SAME = {
    "occupations": lambda r: r["uri"] or r["title"].lower(),
    "skills": lambda r: r["uri"] or r["label"].lower(),
}


def _message(name: str, err) -> str:
    """The reader's message for the first thing wrong in a list field."""
    if err["type"] in ("value_error", "assertion_error"):
        return str(err["ctx"]["error"])
    if err["type"] == "list_type":
        return _("%(name)s must be a list.") % {"name": name}
    if err["type"] == "too_long":
        return _("%(name)s can have at most %(n)s entries.") % {"name": name, "n": MAX_ITEMS}
    return _("Each entry of %(name)s must be an object.") % {"name": name}


# One validator per list field, built once (building one compiles its schema).
_ADAPTERS = {
    name: TypeAdapter(Annotated[list[model], Field(max_length=MAX_ITEMS)])  # type: ignore[valid-type]
    for name, model in ENTRIES.items()
}


def _entries(name: str, value, known: dict) -> list[dict]:
    try:
        rows = [e.model_dump() for e in _ADAPTERS[name].validate_python(value, context=known)]
    except ValidationError as exc:
        raise ValueError(_message(name, exc.errors()[0])) from None
    if name == "languages":
        return _dedupe(list(reversed(rows)), lambda r: r["code"])[::-1]
    return _dedupe(rows, SAME[name]) if name in SAME else rows


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
    if name in ENTRIES:
        return _entries(name, value, {"occupations": occupations, "skills": skills})
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
