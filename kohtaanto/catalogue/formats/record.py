"""The catalogue record: one service as a plain dict, validated field by field.

Every format converts to and from this record, and the UI, the API and the importers all
validate through `normalize_record`, so a rule lives in one place. The field names match
what the matcher reads (`kohtaanto.matching.types.ServiceDocument.from_dict`), so an export
is a valid `--catalog` for `kohtaanto match rank`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from . import vocab

TEXT_LIMITS = {"name": 200, "summary": 1000, "description": 20000}
INFO_FIELDS = (  # free text per language beside the three main texts
    "price",
    "accessibility",
    "eligibility",
    "benefit_effect_info",
    "referral_steps",
    "client_register_entry",
)
INFO_LIMIT = 5000
BOOL_FIELDS = ("attendance_obligatory", "replaces_job_search_conversation", "consent_required")
INT_FIELDS = {
    "min_age": 120,
    "max_age": 120,
    "capacity": 1_000_000,
    "available_places": 1_000_000,
    "waiting_days": 3650,
}
LIST_FIELDS: dict[str, tuple[str, ...] | None] = {
    "target_groups": vocab.TARGET_GROUPS,
    "life_situations": vocab.LIFE_SITUATIONS,
    "languages": None,  # any two- or three-letter language code
    "channels": vocab.CHANNELS,
    "municipalities": None,  # Statistics Finland municipality codes, "091"
}
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "status": vocab.STATES,
    "service_type": vocab.SERVICE_TYPES,
    "kind": vocab.KINDS,
    "charge_type": vocab.CHARGE_TYPES,
    "benefit_effect": vocab.BENEFIT_EFFECTS,
    "required_finnish_level": vocab.LEVELS,
    "required_swedish_level": vocab.LEVELS,
}
CONTACT_KEYS = ("name", "email", "phone", "url")
PTV_KEYS = ("target_groups", "service_classes", "life_events", "ontology_terms")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_MUNICIPALITY = re.compile(r"^\d{3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RecordError(ValueError):
    """A field of one record is invalid; `field` is a dotted path such as name.fi."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"field {field}: {message}")
        self.field = field
        self.message = message


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise RecordError(field, "must be text")
    value = value.replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise RecordError(field, f"longer than {limit} characters")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise RecordError(field, "contains control characters")
    return value


def lang_map(value: Any, field: str, limit: int, required: tuple[str, ...] = ()) -> dict[str, str]:
    """{lang: text} in fi, sv, en; empty texts dropped; `required` languages must be there."""
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise RecordError(field, "must be an object {lang: text}")
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in vocab.LANGS:
            raise RecordError(f"{field}.{lang}", f"unsupported language (use {', '.join(vocab.LANGS)})")
        if text is None:
            continue
        text = _text(text, f"{field}.{lang}", limit)
        if text:
            out[lang] = text
    for lang in required:
        if lang not in out:
            raise RecordError(f"{field}.{lang}", "missing")
    return {lang: out[lang] for lang in vocab.LANGS if lang in out}


def _int(value: Any, field: str, limit: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise RecordError(field, "must be a whole number")
    if not 0 <= value <= limit:
        raise RecordError(field, f"must be between 0 and {limit}")
    return int(value)


def _bool(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise RecordError(field, "must be true, false or null")


def _codes(value: Any, field: str, allowed: tuple[str, ...] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise RecordError(field, "must be a list")
    out: list[str] = []
    for i, code in enumerate(value):
        if not isinstance(code, str):
            raise RecordError(f"{field}[{i}]", "must be text")
        ok = code in allowed if allowed is not None else None
        if allowed is None and field == "languages":
            ok = bool(_LANG.match(code))
        if allowed is None and field == "municipalities":
            ok = bool(_MUNICIPALITY.match(code))
        if not ok:
            hint = f" (use {', '.join(allowed)})" if allowed else ""
            raise RecordError(f"{field}[{i}]", f"unknown value {code!r}{hint}")
        if code not in out:
            out.append(code)
    return out


def _choice(value: Any, field: str, allowed: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise RecordError(field, f"unknown value {value!r} (use {', '.join(allowed)})")
    return value


def _coordinate(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise RecordError(field, "must be a number")
    if not low <= value <= high:
        raise RecordError(field, f"must be between {low} and {high}")
    return round(float(value), 6)


def _locations(value: Any) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError("locations", "must be a list")
    out = []
    for i, loc in enumerate(value):
        f = f"locations[{i}]"
        if not isinstance(loc, Mapping):
            raise RecordError(f, "must be an object")
        unknown = set(loc) - {"name", "address", "postal_code", "city", "lat", "lon"}
        if unknown:
            raise RecordError(f"{f}.{sorted(unknown)[0]}", "unknown field")
        name = _text(loc.get("name") or "", f"{f}.name", 200)
        if not name:
            raise RecordError(f"{f}.name", "missing")
        item: dict[str, str | float] = {"name": name}
        for key, limit in (("address", 200), ("postal_code", 10), ("city", 100)):
            text = _text(loc.get(key) or "", f"{f}.{key}", limit)
            if text:
                item[key] = text
        if loc.get("lat") is None or loc.get("lon") is None:
            raise RecordError(f"{f}.lat", "coordinates missing")
        item["lat"] = _coordinate(loc["lat"], f"{f}.lat", -90, 90)
        item["lon"] = _coordinate(loc["lon"], f"{f}.lon", -180, 180)
        out.append(item)
    return out


def _dates(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list):
        raise RecordError("start_dates", "must be a list of dates YYYY-MM-DD")
    out = []
    for i, item in enumerate(value):
        try:
            out.append(dt.date.fromisoformat(item).isoformat())
        except (TypeError, ValueError):
            raise RecordError(f"start_dates[{i}]", "must be a date YYYY-MM-DD") from None
    return sorted(set(out))


def _contact(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError("contact", "must be an object")
    out = {}
    for key, text in value.items():
        if key not in CONTACT_KEYS:
            raise RecordError(f"contact.{key}", f"unknown field (use {', '.join(CONTACT_KEYS)})")
        text = _text(text or "", f"contact.{key}", 300)
        if key == "email" and text and not _EMAIL.match(text):
            raise RecordError("contact.email", "not an email address")
        if key == "url" and text and not text.startswith(("https://", "http://")):
            raise RecordError("contact.url", "must start with https://")
        if text:
            out[key] = text
    return out


def _provider(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise RecordError("provider", "must be an object {name, business_id}")
    name = _text(value.get("name") or "", "provider.name", 200)
    if not name:
        raise RecordError("provider.name", "missing")
    out = {"name": name}
    business_id = _text(value.get("business_id") or "", "provider.business_id", 9)
    if business_id:
        if not valid_business_id(business_id):
            raise RecordError("provider.business_id", "not a valid business id (1234567-8)")
        out["business_id"] = business_id
    return out


def _ptv(value: Any) -> dict[str, list[dict]]:
    """PTV classification items kept as they are, for a faithful export back to PTV."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError("ptv", "must be an object")
    out = {}
    for key, items in value.items():
        if key not in PTV_KEYS:
            raise RecordError(f"ptv.{key}", f"unknown field (use {', '.join(PTV_KEYS)})")
        if not isinstance(items, list) or not all(isinstance(i, Mapping) and i.get("uri") for i in items):
            raise RecordError(f"ptv.{key}", "must be a list of {uri, name}")
        if items:
            out[key] = [{"uri": str(i["uri"])[:300], "name": str(i.get("name") or "")[:300]} for i in items]
    return out


def valid_business_id(value: str) -> bool:
    """Finnish business id (Y-tunnus) 1234567-8 with its check digit."""
    if not re.fullmatch(r"\d{7}-\d", value):
        return False
    digits = [int(c) for c in value[:7]]
    rest = sum(d * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if rest == 1:
        return False
    return int(value[-1]) == (0 if rest == 0 else 11 - rest)


def _reviewed_at(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RecordError("reviewed_at", "must be a date and time in ISO 8601") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.isoformat()


KNOWN_FIELDS = frozenset(
    {"id", "ptv_id", "provider", "reviewed_at", "locations", "start_dates", "contact", "ptv"}
    | set(TEXT_LIMITS)
    | set(INFO_FIELDS)
    | set(BOOL_FIELDS)
    | set(INT_FIELDS)
    | set(LIST_FIELDS)
    | set(CHOICE_FIELDS)
)


def normalize_record(obj: Any, *, require_id: bool = True) -> dict[str, Any]:
    """Validate one record and return it in canonical form; raises RecordError."""
    if not isinstance(obj, Mapping):
        raise RecordError("(record)", "must be a JSON object")
    unknown = sorted(set(obj) - KNOWN_FIELDS)
    if unknown:
        raise RecordError(unknown[0], "unknown field")
    rec: dict[str, Any] = {}
    raw_id = obj.get("id")
    if raw_id in (None, ""):
        if require_id:
            raise RecordError("id", "missing")
    elif not isinstance(raw_id, str | int) or isinstance(raw_id, bool) or not _ID.match(str(raw_id)):
        raise RecordError("id", "must be letters, digits, '.', '_', ':' or '-' (at most 100)")
    else:
        rec["id"] = str(raw_id)
    for field, limit in TEXT_LIMITS.items():
        rec[field] = lang_map(obj.get(field), field, limit, required=("fi",) if field == "name" else ())
    for field in INFO_FIELDS:
        rec[field] = lang_map(obj.get(field), field, INFO_LIMIT)
    for field, allowed in CHOICE_FIELDS.items():
        rec[field] = _choice(obj.get(field), field, allowed)
    rec["status"] = rec["status"] or None
    rec["service_type"] = rec["service_type"] or "service"
    rec["kind"] = rec["kind"] or "other"
    for field, vocabulary in LIST_FIELDS.items():
        rec[field] = _codes(obj.get(field), field, vocabulary)
    for field, limit in INT_FIELDS.items():
        rec[field] = _int(obj.get(field), field, limit)
    for field in BOOL_FIELDS:
        rec[field] = _bool(obj.get(field), field)
    if rec["min_age"] is not None and rec["max_age"] is not None and rec["min_age"] > rec["max_age"]:
        raise RecordError("max_age", "is below min_age")
    if rec["available_places"] is not None and rec["capacity"] is not None:
        if rec["available_places"] > rec["capacity"]:
            raise RecordError("available_places", "exceeds capacity")
    rec["locations"] = _locations(obj.get("locations"))
    rec["start_dates"] = _dates(obj.get("start_dates"))
    rec["contact"] = _contact(obj.get("contact"))
    rec["provider"] = _provider(obj.get("provider"))
    rec["ptv_id"] = _text(obj.get("ptv_id") or "", "ptv_id", 64)
    rec["ptv"] = _ptv(obj.get("ptv"))
    rec["reviewed_at"] = _reviewed_at(obj.get("reviewed_at"))
    return rec


def compact(rec: Mapping[str, Any]) -> dict[str, Any]:
    """The record without empty values: what the JSON Lines export writes."""
    return {k: v for k, v in rec.items() if v not in (None, "", [], {})}


def parse_each(
    items: list[Any], convert: Callable[[Any], Mapping[str, Any]], unit: str = "record"
) -> list[dict[str, Any]]:
    """Convert and validate every item; the first failure raises FormatError naming it."""
    from . import FormatError

    out: list = []
    seen: dict = {}
    for number, item in enumerate(items, start=1):
        try:
            rec = normalize_record(convert(item))
        except RecordError as exc:
            raise FormatError(exc.message, number=number, field=exc.field, unit=unit) from None
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            # A converter met a shape it does not know: still an error in the file, not ours.
            raise FormatError(
                f"malformed record ({exc})", number=number, field="(record)", unit=unit
            ) from None
        if rec["id"] in seen:
            raise FormatError(
                f"duplicate id (also on {unit} {seen[rec['id']]})", number=number, field="id", unit=unit
            )
        seen[rec["id"]] = number
        out.append(rec)
    return out
