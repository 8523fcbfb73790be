"""Catalogue endpoints of /api/v1/catalogue/: thin adapters over selectors and services.

Bodies use the catalogue record's field names (docs/catalogue-format.md); validation is the
record's, so a bad value answers 422 naming the field (e.g. `name.fi`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema, Status

from kohtaanto.accounts import policy

from . import formats, permissions, selectors, services
from .models import Service
from .records import service_to_record

router = Router(tags=["catalogue"])

LangText = dict[str, str]


class Location(Schema):
    name: str
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    lat: float
    lon: float


class Contact(Schema):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


class RecordFields(Schema):
    name: LangText | None = None
    summary: LangText | None = None
    description: LangText | None = None
    service_type: str | None = None
    kind: str | None = None
    target_groups: list[str] | None = None
    min_age: int | None = None
    max_age: int | None = None
    life_situations: list[str] | None = None
    languages: list[str] | None = None
    required_finnish_level: str | None = None
    required_swedish_level: str | None = None
    locations: list[Location] | None = None
    channels: list[str] | None = None
    charge_type: str | None = None
    price: LangText | None = None
    accessibility: LangText | None = None
    eligibility: LangText | None = None
    municipalities: list[str] | None = None
    attendance_obligatory: bool | None = None
    benefit_effect: str | None = None
    benefit_effect_info: LangText | None = None
    replaces_job_search_conversation: bool | None = None
    referral_steps: LangText | None = None
    client_register_entry: LangText | None = None
    consent_required: bool | None = None
    capacity: int | None = None
    available_places: int | None = None
    start_dates: list[str] | None = None
    waiting_days: int | None = None
    contact: Contact | None = None


class ServiceIn(RecordFields):
    provider_id: int | None = Field(None, description="moderators: the provider; providers: omit")


class ServiceOut(RecordFields):
    id: int
    catalogue_id: str
    ptv_id: str
    provider_id: int
    provider: str
    state: str
    reviewed_at: dt.datetime | None
    allowed_transitions: list[str]
    can_edit: bool


class ServiceItem(Schema):
    id: int
    catalogue_id: str
    name: LangText
    provider: str
    kind: str
    state: str
    capacity: int | None
    available_places: int | None
    reviewed_at: dt.datetime | None


class ServicePageOut(Schema):
    total: int
    page: int
    pages: int
    items: list[ServiceItem]


class TransitionIn(Schema):
    to: str = Field(..., max_length=20)


class ImportIn(Schema):
    format: str = Field(..., description="jsonl, ptv-gd or ptv")
    content: str = Field(..., max_length=20_000_000)
    state: str | None = None
    provider: str | None = Field(None, max_length=200)


class ImportOut(Schema):
    created: int
    updated: int


def _out(request, service: Service) -> dict[str, Any]:
    rec = service_to_record(service)
    for drop in ("id", "status", "provider", "reviewed_at", "ptv"):
        rec.pop(drop, None)
    return {
        **rec,
        "id": service.pk,
        "catalogue_id": service.external_id,
        "provider_id": service.provider_id,
        "provider": service.provider.name,
        "state": service.state,
        "reviewed_at": service.reviewed_at,
        "allowed_transitions": permissions.allowed_targets(request.user, service),
        "can_edit": permissions.can_edit(request.user, service),
    }


def _item(s: Service) -> dict[str, Any]:
    return {
        "id": s.pk,
        "catalogue_id": s.external_id,
        "name": s.name,
        "provider": s.provider.name,
        "kind": s.kind,
        "state": s.state,
        "capacity": s.capacity,
        "available_places": s.available_places,
        "reviewed_at": s.reviewed_at,
    }


def _data(payload: RecordFields) -> dict[str, Any]:
    return payload.dict(exclude_unset=True, exclude={"provider_id"})


@router.get("/services", response=ServicePageOut, summary="Search the catalogue")
def service_list(
    request,
    q: str = "",
    kind: str = "",
    state: str = "",
    # Bounded: an id beyond the database's integer range made the filter fail with a 500.
    provider_id: int | None = Query(None, ge=1, le=2**63 - 1),
    page: int = 1,
):
    p = selectors.service_list(
        actor=request.user,
        page=page,
        query=q[:100],
        kind=kind[:30],
        state=state[:10],
        provider_id=provider_id,
    )
    return {"total": p.total, "page": p.page, "pages": p.pages, "items": [_item(s) for s in p.rows]}


@router.get("/mine", response=list[ServiceItem], summary="My organisation's services (providers)")
def my_services(request):
    return [_item(s) for s in selectors.provider_services(actor=request.user)]


@router.get("/services/{int:service_id}", response=ServiceOut, summary="One service with every field")
def service_detail(request, service_id: int):
    return _out(request, selectors.service_get(actor=request.user, service_id=service_id))


@router.post("/services", response={201: ServiceOut}, summary="Add a service (as a draft)")
def service_create(request, payload: ServiceIn):
    service = services.service_create(
        actor=request.user,
        data=_data(payload),
        provider_id=payload.provider_id,
        request_id=request.request_id,
    )
    return Status(201, _out(request, service))


@router.put("/services/{int:service_id}", response=ServiceOut, summary="Replace a service's content")
def service_replace(request, service_id: int, payload: RecordFields):
    service = services.service_update(
        actor=request.user, service_id=service_id, data=_data(payload), request_id=request.request_id
    )
    return _out(request, service)


@router.patch("/services/{int:service_id}", response=ServiceOut, summary="Change some fields of a service")
def service_patch(request, service_id: int, payload: RecordFields):
    service = services.service_update(
        actor=request.user,
        service_id=service_id,
        data=_data(payload),
        partial=True,
        request_id=request.request_id,
    )
    return _out(request, service)


@router.post("/services/{int:service_id}/transition", response=ServiceOut, summary="Moderation step")
def service_transition(request, service_id: int, payload: TransitionIn):
    service = services.service_transition(
        actor=request.user, service_id=service_id, to=payload.to, request_id=request.request_id
    )
    return _out(request, service)


@router.post("/services/{int:service_id}/review", response=ServiceOut, summary="Mark reviewed: still current")
def service_review(request, service_id: int):
    service = services.service_mark_reviewed(
        actor=request.user, service_id=service_id, request_id=request.request_id
    )
    return _out(request, service)


@router.post("/import", response=ImportOut, summary="Import services, all or nothing (administrators)")
def catalogue_import(request, payload: ImportIn):
    if not (permissions.is_moderator(request.user) and policy.is_administrator(request.user)):
        raise PermissionDenied("only administrators import services")
    try:
        records = formats.parse(payload.format, payload.content)
    except formats.FormatError as exc:
        raise ValidationError({"content": [str(exc)]}) from None
    result = services.catalogue_import(
        actor=request.user,
        records=records,
        state=payload.state,
        provider_name=payload.provider,
        source=f"api:{payload.format}",
        only_fields=formats.held_fields(payload.format),
        request_id=request.request_id,
    )
    return {"created": result.created, "updated": result.updated}
