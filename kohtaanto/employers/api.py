"""/api/v1/employers: the employer register (issue 14): list, read, create, update,
interactions, import and export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.domain import documents
from kohtaanto.web.api_errors import ErrorCode, RejectedRow, error_body

from . import selectors, services
from .records import Contact, Location, dump

router = Router(tags=["employers"], auth=role_auth(*policy.EMPLOYER_READERS))
WRITERS = role_auth(*policy.EMPLOYER_WRITERS)


class EmployerIn(Schema):
    """Shapes only: services validate the values (business ID check digit, codes) per field."""

    business_id: str = Field(..., max_length=20)
    name: str = Field(..., max_length=200)
    industry: str = Field("", max_length=5, description="TOL 2008 code")
    size_class: str = Field("unknown", description="micro, small, medium, large or unknown")
    contact_consent: str = Field("unknown", description="yes, no or unknown")
    coordinator: str = Field("", max_length=150, description="the coordinator's username")
    locations: list[Location] = Field(default_factory=list, max_length=50)
    contacts: list[Contact] = Field(default_factory=list, max_length=50)


class EmployerOut(Schema):
    id: int
    area: str | None = Field(None, description="the area (municipality code) that keeps this record")
    business_id: str
    name: str
    industry: str
    size_class: str
    contact_consent: str
    coordinator: str | None
    last_contact: date | None
    next_action: str | None
    next_action_date: date | None


class EmployerDetail(EmployerOut):
    locations: list[Location]
    contacts: list[Contact]


class EmployersOut(Schema):
    employers: list[EmployerOut]
    total: int
    page: int
    pages: int


class InteractionIn(Schema):
    kind: str = Field(..., description="visit, call, email, event or agreement")
    date: date
    note: str = Field("", max_length=2000)
    next_action: str = Field("", max_length=300)
    next_action_date: date | None = None


class InteractionOut(Schema):
    id: int
    kind: str
    date: date
    note: str
    next_action: str
    next_action_date: date | None
    created_at: datetime


class ImportOut(Schema):
    created: int
    updated: int


class ImportProblem(Schema):
    code: str
    detail: str
    rejected: list[RejectedRow]


def _out(e) -> dict:
    return {
        "id": e.pk,
        "area": e.area.code if e.area_id else None,
        "business_id": e.business_id,
        "name": e.name,
        "industry": e.industry,
        "size_class": e.size_class,
        "contact_consent": e.contact_consent,
        "coordinator": e.coordinator.username if e.coordinator else None,
        "last_contact": getattr(e, "last_contact", None),
        "next_action": getattr(e, "next_action", None),
        "next_action_date": getattr(e, "next_action_date", None),
    }


def _detail(e) -> dict:
    return {
        **_out(e),
        "locations": e.locations,
        "contacts": list(e.contacts.values("name", "title", "phone", "email")),
    }


@router.get("", response=EmployersOut, summary="Employers by name or business ID")
def employers(request, q: str = "", mine: bool = False, page: int = 1):
    found = selectors.employer_list(actor=request.user, query=q[:100], mine=mine, page=page)
    return {
        "employers": [_out(e) for e in found.rows],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
    }


@router.post("", response={201: EmployerDetail}, auth=WRITERS, summary="Add an employer")
def employer_create(request, body: EmployerIn):
    e = services.employer_save(actor=request.user, data=body.model_dump(), request_id=request.request_id)
    return Status(201, _detail(selectors.employer_get(actor=request.user, employer_id=e.pk)))


@router.get("/export", auth=WRITERS, summary="Every employer as CSV or JSON Lines", response={200: None})
def employers_export(request, format: Literal["csv", "jsonl"] = "jsonl"):
    text = dump(selectors.employers_export(actor=request.user), format)
    kind = "text/csv" if format == "csv" else "application/x-ndjson"
    response = HttpResponse(text, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="employers.{format}"'
    return response


@router.post(
    "/import",
    response={200: ImportOut, 422: ImportProblem},
    auth=WRITERS,
    summary="Add or update employers from CSV or JSON Lines, all or nothing",
)
def employers_import(
    request,
    file: File[UploadedFile],
    format: Literal["csv", "jsonl"] | None = None,
    area: str = Query("", max_length=3, description="the area that keeps them; default: your own"),
):
    fmt = format or ("jsonl" if (file.name or "").lower().endswith((".jsonl", ".json")) else "csv")
    documents.check_size(file.size or 0, max_bytes=settings.UPLOAD_MAX_BYTES)  # before reading it
    try:
        created, updated = services.employers_import(
            actor=request.user, content=file.read(), fmt=fmt, area_code=area, request_id=request.request_id
        )
    except services.ImportRejected as exc:
        rows = [{"row": e.line, "field": e.field, "message": e.message} for e in exc.errors]
        return Status(422, error_body(ErrorCode.ROWS_REJECTED, str(exc), rejected=rows))
    return {"created": created, "updated": updated}


@router.get("/{employer_id}", response=EmployerDetail, summary="One employer")
def employer(request, employer_id: int):
    return _detail(selectors.employer_get(actor=request.user, employer_id=employer_id))


@router.put("/{employer_id}", response=EmployerDetail, auth=WRITERS, summary="Change an employer")
def employer_update(request, employer_id: int, body: EmployerIn):
    services.employer_save(
        actor=request.user, data=body.model_dump(), employer_id=employer_id, request_id=request.request_id
    )
    return _detail(selectors.employer_get(actor=request.user, employer_id=employer_id))


@router.get(
    "/{employer_id}/interactions", response=list[InteractionOut], summary="The employer's contact history"
)
def interactions(request, employer_id: int):
    return list(selectors.employer_get(actor=request.user, employer_id=employer_id).interactions.all()[:200])


@router.post(
    "/{employer_id}/interactions", response={201: InteractionOut}, auth=WRITERS, summary="Record a contact"
)
def interaction_create(request, employer_id: int, body: InteractionIn):
    row = services.interaction_record(
        actor=request.user,
        employer_id=employer_id,
        kind=body.kind,
        on=body.date,
        note=body.note,
        next_action=body.next_action,
        next_action_date=body.next_action_date,
        request_id=request.request_id,
    )
    return Status(201, row)
