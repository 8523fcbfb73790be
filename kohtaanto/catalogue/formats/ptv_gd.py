"""PTV general descriptions (yleiskuvaukset), the export in ../shared/data/ptv.

Records are PascalCase with localized lists `[{"Lang", "Label"}]`; long texts are Draft.js
JSON. The file repeats many services under one Finnish name (versions, translations), so
records are deduplicated by Finnish name, keeping the most complete one: the most text
over name, summary and description in all languages, and on a tie the first in the file.
This is the rule that produced ../shared/benchmarks/matching-dev/catalog.jsonl, so the ids
agree with that catalogue.
"""

from __future__ import annotations

from typing import Any

from kohtaanto.domain import documents

from . import FormatError
from .draftjs import to_text
from .record import RecordError, normalize_record

SERVICE_TYPES = {"Service": "service", "PermissionAndObligation": "permission_and_obligation"}
CHARGE_TYPES = {"Free": "free", "Charged": "charged", "Other": "other"}
# What a general description holds: re-importing one updates only these on an existing service.
HELD_FIELDS = frozenset(
    {"name", "summary", "description", "eligibility", "price", "service_type", "charge_type", "ptv", "ptv_id"}
)
_CLASSES = {
    "TargetGroup": "target_groups",
    "ServiceClass": "service_classes",
    "LifeEvent": "life_events",
    "OntologyTerm": "ontology_terms",
}


def _localized(items: Any, field: str, rich: bool = False) -> dict[str, str]:
    if items is None:
        return {}
    if not isinstance(items, list):
        raise RecordError(field, "must be a list of {Lang, Label}")
    out: dict[str, str] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("Lang"), str):
            raise RecordError(f"{field}[{i}]", "must be {Lang, Label}")
        label = item.get("Label")
        if label is not None and not isinstance(label, str):
            raise RecordError(f"{field}[{i}].Label", "must be text")
        text = to_text(label) if rich else (label or "").strip()
        if text and item["Lang"] in ("fi", "sv", "en"):
            out.setdefault(item["Lang"], text)
    return out


def convert(gd: Any) -> dict[str, Any]:
    """One general description as a catalogue record (not yet validated)."""
    if not isinstance(gd, dict):
        raise RecordError("(record)", "must be a JSON object")
    description = _localized(gd.get("Description"), "Description", rich=True)
    for lang, text in _localized(gd.get("BackgroundDescription"), "BackgroundDescription", rich=True).items():
        description.setdefault(lang, text)
    ptv = {}
    for source, key in _CLASSES.items():
        items = gd.get(source) or []
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise RecordError(source, "must be a list of {Key, Value}")
        ptv[key] = [{"uri": i.get("Key"), "name": i.get("Value") or ""} for i in items if i.get("Key")]
    service_type = gd.get("ServiceType")
    if service_type not in SERVICE_TYPES:
        raise RecordError("ServiceType", f"unknown value {service_type!r}")
    charge = gd.get("ChargeType")
    return {
        "id": gd.get("Id"),
        "ptv_id": gd.get("Id") or "",
        "name": _localized(gd.get("Name"), "Name"),
        "summary": _localized(gd.get("ShortDescription"), "ShortDescription", rich=True),
        "description": description,
        "eligibility": _localized(gd.get("ServiceRestrictions"), "ServiceRestrictions", rich=True),
        "price": _localized(gd.get("ChargeTypeAdditionalInfo"), "ChargeTypeAdditionalInfo", rich=True),
        "service_type": SERVICE_TYPES[service_type],
        "charge_type": CHARGE_TYPES.get(charge) if charge else None,
        "kind": "other",
        "ptv": ptv,
    }


def _completeness(rec: dict[str, Any]) -> int:
    return sum(len(t) for f in ("name", "summary", "description") for t in rec[f].values())


def parse(text: str) -> list[dict]:
    """All general descriptions, validated, one per Finnish name."""
    try:
        data = documents.loads(text)
    except ValueError as exc:
        raise FormatError(f"not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise FormatError("must be a JSON array of general descriptions")
    best: dict[str, tuple[int, dict]] = {}
    order: list[str] = []
    for number, gd in enumerate(data, start=1):
        try:
            rec = normalize_record(convert(gd))
        except RecordError as exc:
            raise FormatError(exc.message, number=number, field=exc.field, unit="record") from None
        key = rec["name"]["fi"]
        score = _completeness(rec)
        if key not in best:
            order.append(key)
            best[key] = (score, rec)
        elif score > best[key][0]:
            best[key] = (score, rec)
    return [best[k][1] for k in order]
