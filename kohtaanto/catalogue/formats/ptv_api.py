"""PTV Open API (v11) service JSON, both ways.

Reads a single service, a list of services, or a page `{"itemList": [...]}`; writes a list.
Fields that PTV holds round-trip: names, summary, description, charge type and its extra
info, requirements (our eligibility text), languages, areas (municipalities), service type,
classifications (target groups, service classes, life events, ontology terms), the
responsible organisation's name, publishing status (draft, published, archived) and
service channels (locations with coordinates, online, phone). Kohtaanto's own structured
fields (capacity, age range, benefit effect...) have no PTV field: use JSON Lines for them.
"""

from __future__ import annotations

import json
from typing import Any

from kohtaanto.domain import documents

from . import FormatError, vocab
from .draftjs import to_text
from .record import RecordError, parse_each

TYPES = {"Service": "service", "PermissionAndObligation": "permission_and_obligation"}
TYPES_OUT = {v: k for k, v in TYPES.items()}
CHARGES = {"Free": "free", "Charged": "charged", "Other": "other"}
CHARGES_OUT = {v: k for k, v in CHARGES.items()}
STATUS_IN = {
    "Published": "published",
    "Draft": "draft",
    "Modified": "draft",
    "Deleted": "archived",
    "OldPublished": "archived",
}
STATUS_OUT = {
    "draft": "Draft",
    "ready": "Draft",
    "published": "Published",
    "outdated": "Published",
    "archived": "Deleted",
}
CHANNEL_TYPES = {"ServiceLocation": "in_person", "EChannel": "online", "WebPage": "online", "Phone": "phone"}
DESCRIPTION_TYPES = {
    "Summary": "summary",
    "ShortDescription": "summary",
    "Description": "description",
    "ChargeTypeAdditionalInfo": "price",
}
# What PTV holds: re-importing updates only these (and provider, status) on an existing service.
HELD_FIELDS = frozenset(
    {
        "name",
        "summary",
        "description",
        "price",
        "eligibility",
        "service_type",
        "charge_type",
        "languages",
        "municipalities",
        "channels",
        "locations",
        "ptv",
        "ptv_id",
    }
)
CLASSES = {
    "targetGroups": "target_groups",
    "serviceClasses": "service_classes",
    "lifeEvents": "life_events",
    "ontologyTerms": "ontology_terms",
}


def _items(value: Any, field: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        raise RecordError(field, "must be a list of objects")
    return value


def _lang_items(value: Any, field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, item in enumerate(_items(value, field)):
        lang, text = item.get("language"), item.get("value")
        if not isinstance(lang, str) or (text is not None and not isinstance(text, str)):
            raise RecordError(f"{field}[{i}]", "must be {language, value}")
        if lang in vocab.LANGS and text and text.strip():
            out.setdefault(lang, to_text(text))
    return out


def _fi_name(value: Any) -> str:
    if isinstance(value, str):
        return value
    names = _lang_items(value, "name")
    return names.get("fi") or next(iter(names.values()), "")


def _channels(relations: list[dict]) -> tuple[list[str], list[dict], dict[str, str]]:
    """(channels, locations, contact url and phone) from a service's channel relations."""
    channels: list[str] = []
    locations: list[dict] = []
    contact: dict[str, str] = {}
    for i, rel in enumerate(relations):
        channel = rel.get("serviceChannel") or {}
        details = rel.get("contactDetails") or {}
        if not isinstance(channel, dict) or not isinstance(details, dict):
            raise RecordError(f"serviceChannels[{i}]", "must have serviceChannel and contactDetails objects")
        kind = CHANNEL_TYPES.get(channel.get("serviceChannelType") or "")
        addresses = _items(details.get("addresses"), f"serviceChannels[{i}].contactDetails.addresses")
        for a in addresses:
            street = a.get("streetAddress") or {}
            if street.get("latitude") in (None, "") or street.get("longitude") in (None, ""):
                continue
            try:
                lat, lon = float(street["latitude"]), float(street["longitude"])
            except (TypeError, ValueError):
                raise RecordError(
                    f"serviceChannels[{i}].contactDetails.addresses", "bad coordinates"
                ) from None
            loc = {"name": channel.get("name") or "", "lat": lat, "lon": lon}
            address = " ".join(
                p
                for p in (_lang_items(street.get("street"), "street").get("fi"), street.get("streetNumber"))
                if p
            )
            if address:
                loc["address"] = address
            if street.get("postalCode"):
                loc["postal_code"] = street["postalCode"]
            city = _fi_name((street.get("municipality") or {}).get("name"))
            if city:
                loc["city"] = city
            locations.append(loc)
            kind = kind or "in_person"
        phones = _items(details.get("phoneNumbers"), f"serviceChannels[{i}].contactDetails.phoneNumbers")
        pages = _items(details.get("webPages"), f"serviceChannels[{i}].contactDetails.webPages")
        if phones and isinstance(phones[0].get("number"), str):
            contact.setdefault("phone", phones[0]["number"])
        if pages and isinstance(pages[0].get("url"), str):
            contact.setdefault("url", pages[0]["url"])
        if kind is None and phones:
            kind = "phone"
        if kind is None and pages:
            kind = "online"
        if kind and kind not in channels:
            channels.append(kind)
    return channels, locations, contact


def convert(service: Any) -> dict[str, Any]:
    """One PTV Open API service as a catalogue record (not yet validated)."""
    if not isinstance(service, dict):
        raise RecordError("(record)", "must be a JSON object")
    names = {
        i.get("language"): i.get("value")
        for i in _items(service.get("serviceNames"), "serviceNames")
        if i.get("type", "Name") == "Name" and i.get("language") in vocab.LANGS
    }
    texts: dict[str, dict[str, str]] = {"summary": {}, "description": {}, "price": {}}
    for i, item in enumerate(_items(service.get("serviceDescriptions"), "serviceDescriptions")):
        target = DESCRIPTION_TYPES.get(str(item.get("type")))
        lang, value = item.get("language"), item.get("value")
        if value is not None and not isinstance(value, str):
            raise RecordError(f"serviceDescriptions[{i}].value", "must be text")
        if target and lang in vocab.LANGS and value:
            texts[target].setdefault(lang, to_text(value))
    municipalities = []
    for i, area in enumerate(_items(service.get("areas"), "areas")):
        if area.get("type") == "Municipality" and area.get("code"):
            municipalities.append(str(area["code"]))
        for m in _items(area.get("municipalities"), f"areas[{i}].municipalities"):
            if m.get("code"):
                municipalities.append(str(m["code"]))
    ptv = {}
    for source, key in CLASSES.items():
        ptv[key] = [
            {"uri": i["uri"], "name": _fi_name(i.get("name"))}
            for i in _items(service.get(source), source)
            if i.get("uri")
        ]
    orgs = _items(service.get("organizations"), "organizations")
    responsible = next((o for o in orgs if o.get("roleType") == "Responsible"), orgs[0] if orgs else None)
    provider = None
    if responsible and isinstance(responsible.get("organization"), dict):
        provider = {"name": responsible["organization"].get("name") or ""}
    channels, locations, contact = _channels(_items(service.get("serviceChannels"), "serviceChannels"))
    service_type = service.get("type") or "Service"
    if service_type not in TYPES:
        raise RecordError("type", f"unknown value {service_type!r} (use {', '.join(TYPES)})")
    charge = service.get("serviceChargeType")
    if charge not in (None, *CHARGES):
        raise RecordError("serviceChargeType", f"unknown value {charge!r}")
    status = service.get("publishingStatus")
    if status not in (None, *STATUS_IN):
        raise RecordError("publishingStatus", f"unknown value {status!r}")
    ptv_id = service.get("id") or ""
    return {
        "id": service.get("sourceId") or ptv_id or None,
        "ptv_id": ptv_id,
        "name": names,
        **texts,
        "eligibility": _lang_items(service.get("requirements"), "requirements"),
        "service_type": TYPES[service_type],
        "charge_type": CHARGES.get(charge) if charge else None,
        "languages": service.get("languages") or [],
        "municipalities": municipalities,
        "channels": channels,
        "locations": locations,
        "contact": contact,
        "provider": provider,
        "status": STATUS_IN.get(status) if status else None,
        "reviewed_at": service.get("modified"),
        "ptv": ptv,
    }


def parse(text: str) -> list[dict]:
    """Validated records from a PTV service, list of services or page of services."""
    try:
        data = documents.loads(text)
    except ValueError as exc:
        raise FormatError(f"not valid JSON ({exc})") from None
    if isinstance(data, dict) and "itemList" in data:
        data = data["itemList"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise FormatError("must be a PTV service, a list of services or a page with itemList")
    return parse_each(data, convert, unit="record")


def _lv(texts: dict[str, str], **extra: str) -> list[dict]:
    return [{"language": lang, "value": text, **extra} for lang, text in texts.items()]


def export_service(rec: dict[str, Any]) -> dict[str, Any]:
    """A catalogue record as a PTV Open API v11 service."""
    descriptions = []
    for field, kind in (
        ("summary", "Summary"),
        ("description", "Description"),
        ("price", "ChargeTypeAdditionalInfo"),
    ):
        descriptions += _lv(rec.get(field) or {}, type=kind)
    relations = []
    for loc in rec.get("locations") or []:
        street: dict[str, object] = {"latitude": str(loc["lat"]), "longitude": str(loc["lon"])}
        if loc.get("address"):
            street["street"] = [{"language": "fi", "value": loc["address"]}]
        if loc.get("postal_code"):
            street["postalCode"] = loc["postal_code"]
        if loc.get("city"):
            street["municipality"] = {"name": [{"language": "fi", "value": loc["city"]}]}
        relations.append(
            {
                "serviceChannel": {"name": loc["name"], "serviceChannelType": "ServiceLocation"},
                "contactDetails": {
                    "addresses": [{"type": "Visiting", "subType": "Single", "streetAddress": street}]
                },
            }
        )
    contact = rec.get("contact") or {}
    for channel in rec.get("channels") or []:
        if channel == "online":
            pages = [{"url": contact["url"], "language": "fi"}] if contact.get("url") else []
            relations.append(
                {
                    "serviceChannel": {"name": "Verkkoasiointi", "serviceChannelType": "EChannel"},
                    "contactDetails": {"webPages": pages},
                }
            )
        elif channel == "phone":
            phones = [{"number": contact["phone"], "language": "fi"}] if contact.get("phone") else []
            relations.append(
                {
                    "serviceChannel": {"name": "Puhelinpalvelu", "serviceChannelType": "Phone"},
                    "contactDetails": {"phoneNumbers": phones},
                }
            )
        elif channel == "in_person" and not rec.get("locations"):
            relations.append(
                {"serviceChannel": {"name": "Asiointipiste", "serviceChannelType": "ServiceLocation"}}
            )
    ptv = rec.get("ptv") or {}
    target_groups = (
        ptv.get("target_groups")
        or [
            {"uri": vocab.PTV_TARGET_GROUPS[g][0], "name": vocab.PTV_TARGET_GROUPS[g][1]}
            for g in rec.get("target_groups") or []
            if g in vocab.PTV_TARGET_GROUPS
        ]
        or [{"uri": vocab.PTV_CITIZENS[0], "name": vocab.PTV_CITIZENS[1]}]
    )
    classes = {**ptv, "target_groups": target_groups}
    municipalities = rec.get("municipalities") or []
    provider = rec.get("provider") or {}
    out: dict[str, Any] = {
        "id": rec.get("ptv_id") or None,
        "sourceId": rec["id"],
        "type": TYPES_OUT[rec.get("service_type") or "service"],
        "serviceChargeType": CHARGES_OUT.get(rec.get("charge_type") or ""),
        "serviceNames": _lv(rec["name"], type="Name"),
        "serviceDescriptions": descriptions,
        "languages": rec.get("languages") or [],
        "requirements": _lv(rec.get("eligibility") or {}),
        "areaType": "LimitedType" if municipalities else "WholeCountry",
        "areas": [{"type": "Municipality", "code": code} for code in municipalities],
        "serviceChannels": relations,
        "organizations": (
            [{"roleType": "Responsible", "organization": {"name": provider["name"]}}]
            if provider.get("name")
            else []
        ),
        "publishingStatus": STATUS_OUT.get(rec.get("status") or "draft"),
        "modified": rec.get("reviewed_at"),
    }
    for source, key in CLASSES.items():
        out[source] = [
            {"uri": i["uri"], "name": [{"language": "fi", "value": i["name"]}]} for i in classes.get(key, [])
        ]
    return out


def dump(records: list[dict]) -> str:
    return json.dumps([export_service(r) for r in records], ensure_ascii=False, indent=1) + "\n"
