"""Service model <-> catalogue record (formats.record). The one place that knows both."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .formats.record import BOOL_FIELDS, CHOICE_FIELDS, INFO_FIELDS, INT_FIELDS, LIST_FIELDS, TEXT_LIMITS
from .models import Service

# Stored as "" in the model, None in the record.
_BLANK_CHOICES = tuple(f for f in CHOICE_FIELDS if f not in ("status", "service_type", "kind"))
# Record fields a provider may change on a published service without a new review: the
# operational ones. Anything else sends the service back to "ready" for a moderator.
OPERATIONAL_FIELDS = frozenset({"capacity", "available_places", "start_dates", "waiting_days", "contact"})
CONTENT_FIELDS = (
    *TEXT_LIMITS,
    *INFO_FIELDS,
    *BOOL_FIELDS,
    *INT_FIELDS,
    *LIST_FIELDS,
    "service_type",
    "kind",
    *_BLANK_CHOICES,
    "locations",
    "start_dates",
    "contact",
    "ptv",
)


def service_to_record(service: Service) -> dict[str, Any]:
    """The service as a full catalogue record, as exports and the matcher read it."""
    rec: dict[str, Any] = {"id": service.external_id, "status": service.state}
    for field in CONTENT_FIELDS:
        value = getattr(service, field)
        rec[field] = (value or None) if field in _BLANK_CHOICES else value
    rec["ptv_id"] = service.ptv_id
    provider = service.provider
    rec["provider"] = {
        "name": provider.name,
        **({"business_id": provider.business_id} if provider.business_id else {}),
    }
    rec["reviewed_at"] = service.reviewed_at.isoformat() if service.reviewed_at else None
    return rec


def apply_record(service: Service, rec: dict[str, Any]) -> list[str]:
    """Copy a validated record's content onto the service; returns the fields that changed."""
    changed = []
    for field in CONTENT_FIELDS:
        value = rec.get(field)
        if field in _BLANK_CHOICES:
            value = value or ""
        if getattr(service, field) != value:
            setattr(service, field, value)
            changed.append(field)
    if rec.get("ptv_id") is not None and service.ptv_id != rec["ptv_id"]:
        service.ptv_id = rec["ptv_id"]
        changed.append("ptv_id")
    service.name_fi = service.name.get("fi", "")[:200]
    service.search_text = search_text(service)
    return changed


def search_text(service: Service) -> str:
    """Lower-cased names and summaries in every language, for keyword search on any database."""
    parts = [*service.name.values(), *service.summary.values()]
    if service.provider_id:
        parts.append(service.provider.name)
    return " ".join(parts).lower()


def parse_reviewed_at(rec: dict[str, Any]) -> dt.datetime | None:
    value = rec.get("reviewed_at")
    return dt.datetime.fromisoformat(value) if value else None
