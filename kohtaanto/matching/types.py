"""Public data types: a service document, a client context, a match result.

Plain dataclasses, no Django: the catalogue app converts its models into these. Every
structured field is optional; a missing value switches the filter that would use it off
(and the explanation says so) rather than excluding the service.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("draft", "ready", "published", "outdated", "archived")
CHANNELS = ("in_person", "online", "phone")
# Ordered language levels: a client at a level meets every requirement at or below it.
LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2", "native")
TEXT_FIELDS = ("name", "summary", "description")


class DocumentError(ValueError):
    """Invalid input record; `field` names the offending field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def level_rank(level: str | None) -> int | None:
    """Position of a CEFR level (or "none"/"native") on the ordered scale."""
    if level is None:
        return None
    norm = level.strip()
    norm = norm.upper() if len(norm) == 2 else norm.lower()
    try:
        return LEVELS.index(norm)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Location:
    """A place where the service is given."""

    lat: float
    lon: float
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ServiceDocument:
    """A catalogue service as the matcher sees it. Texts are {lang: text}."""

    id: str
    name: Mapping[str, str]
    summary: Mapping[str, str] = field(default_factory=dict)
    description: Mapping[str, str] = field(default_factory=dict)
    status: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    municipalities: tuple[str, ...] | None = None
    target_groups: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    required_finnish_level: str | None = None
    required_swedish_level: str | None = None
    available_places: int | None = None
    capacity: int | None = None
    locations: tuple[Location, ...] = ()
    channels: tuple[str, ...] | None = None

    def languages_with_text(self) -> list[str]:
        """Languages in which the service has a name or a description."""
        langs = set(self.name) | set(self.summary) | set(self.description)
        return sorted(lang for lang in langs if self.text(lang).strip())

    def text(self, lang: str) -> str:
        """Name, summary and description in one language, joined."""
        parts = [self.name.get(lang, ""), self.summary.get(lang, ""), self.description.get(lang, "")]
        return "\n".join(p for p in parts if p)

    def text_hash(self) -> str:
        """Hash of the texts only: unchanged texts need no re-analysis or re-encoding."""
        payload = json.dumps(
            {f: dict(sorted(getattr(self, f).items())) for f in TEXT_FIELDS},
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceDocument:
        """Build from a JSON record, raising DocumentError naming the bad field."""
        if not isinstance(data, Mapping):
            raise DocumentError("record must be a JSON object")
        if "id" not in data or data["id"] in (None, ""):
            raise DocumentError("missing field 'id'", "id")
        if not isinstance(data["id"], str | int):
            raise DocumentError("'id' must be a string", "id")
        texts = {}
        for name in TEXT_FIELDS:
            value = data.get(name, {})
            if name == "name" and not value:
                raise DocumentError("missing field 'name'", "name")
            if value is None:
                value = {}
            if isinstance(value, str):
                value = {"fi": value}
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise DocumentError(f"'{name}' must be an object {{lang: text}}", name)
            texts[name] = dict(value)
        status = _opt_str(data, "status")
        if status is not None and status not in STATUSES:
            raise DocumentError(f"'status' must be one of {', '.join(STATUSES)}", "status")
        levels = {}
        for key in ("required_finnish_level", "required_swedish_level"):
            levels[key] = _opt_str(data, key)
            if levels[key] is not None and level_rank(levels[key]) is None:
                raise DocumentError(f"'{key}' must be a CEFR level A1..C2", key)
        channels = _opt_list(data, "channels")
        if channels is not None:
            bad = [c for c in channels if c not in CHANNELS]
            if bad:
                raise DocumentError(f"unknown channel {bad[0]!r} (use {', '.join(CHANNELS)})", "channels")
        return cls(
            id=str(data["id"]),
            name=texts["name"],
            summary=texts["summary"],
            description=texts["description"],
            status=status,
            min_age=_opt_int(data, "min_age"),
            max_age=_opt_int(data, "max_age"),
            municipalities=_opt_list(data, "municipalities"),
            target_groups=_opt_list(data, "target_groups"),
            languages=_opt_list(data, "languages"),
            required_finnish_level=levels["required_finnish_level"],
            required_swedish_level=levels["required_swedish_level"],
            available_places=_opt_int(data, "available_places"),
            capacity=_opt_int(data, "capacity"),
            locations=_locations(data),
            channels=channels,
        )


@dataclass(frozen=True, slots=True)
class ClientContext:
    """What the matcher may know about the client. Unknown = None (filter inactive).

    language_levels maps a language code to a level ("B1", "native", ...);
    target_groups=() means "known to belong to no target group", None means unknown.
    """

    age: int | None = None
    municipality: str | None = None
    language_levels: Mapping[str, str] = field(default_factory=dict)
    target_groups: tuple[str, ...] | None = None
    home: tuple[float, float] | None = None
    preferred_office: tuple[float, float] | None = None
    preferred_channel: str | None = None
    preferred_language: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClientContext:
        """Build from a JSON object, raising DocumentError naming the bad field."""
        levels = data.get("language_levels") or {}
        if not isinstance(levels, Mapping):
            raise DocumentError("'language_levels' must be an object {lang: level}", "language_levels")
        for lang, level in levels.items():
            if level_rank(str(level)) is None:
                raise DocumentError(f"unknown language level {level!r} for {lang!r}", "language_levels")
        return cls(
            age=_opt_int(data, "age"),
            municipality=_opt_str(data, "municipality"),
            language_levels={str(k): str(v) for k, v in levels.items()},
            target_groups=_opt_list(data, "target_groups"),
            home=_opt_point(data, "home"),
            preferred_office=_opt_point(data, "preferred_office"),
            preferred_channel=_opt_str(data, "preferred_channel"),
            preferred_language=_opt_str(data, "preferred_language"),
        )


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One ranked service: its id, final score and a JSON-serialisable explanation."""

    id: str
    score: float
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": round(self.score, 6), "explanation": self.explanation}


def _opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int):
        raise DocumentError(f"'{key}' must be a string", key)
    return str(value)


def _opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise DocumentError(f"'{key}' must be an integer", key)
    return int(value)


def _opt_list(data: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise DocumentError(f"'{key}' must be a list of strings", key)
    if not all(isinstance(v, str | int) for v in value):
        raise DocumentError(f"'{key}' must be a list of strings", key)
    return tuple(str(v) for v in value)


def _coord(value: Any, key: str) -> tuple[float, float]:
    if isinstance(value, Mapping):
        value = (value.get("lat"), value.get("lon"))
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise DocumentError(f"'{key}' must have lat and lon", key)
    try:
        lat, lon = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        raise DocumentError(f"'{key}' must have numeric lat and lon", key) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise DocumentError(f"'{key}' has coordinates out of range", key)
    return lat, lon


def _opt_point(data: Mapping[str, Any], key: str) -> tuple[float, float] | None:
    value = data.get(key)
    return None if value is None else _coord(value, key)


def _locations(data: Mapping[str, Any]) -> tuple[Location, ...]:
    value = data.get("locations")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise DocumentError("'locations' must be a list", "locations")
    out = []
    for i, item in enumerate(value):
        key = f"locations[{i}]"
        if isinstance(item, Mapping) and item.get("lat") is None and item.get("lon") is None:
            continue  # an address without coordinates: no use for distances
        lat, lon = _coord(item, key)
        name = item.get("name") if isinstance(item, Mapping) else None
        out.append(Location(lat=lat, lon=lon, name=str(name) if name is not None else None))
    return tuple(out)
