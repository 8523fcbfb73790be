"""/api/v1/intake/: registration, batch import and segmentation rules."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.domain import documents
from kohtaanto.domain.segmentation import Rule
from kohtaanto.web.api_errors import ErrorCode, error_body

from . import intake
from .batch import parse_batch

router = Router(tags=["intake"])
REGISTRAR_AUTH = role_auth(*intake.REGISTRARS)
ADMIN_AUTH = role_auth(*policy.ADMINISTRATORS)


class RegistrationIn(Schema):
    hetu: str = Field(..., max_length=11)
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    mother_tongue: str = Field(..., max_length=3)
    education_level: str = Field(..., max_length=20)
    finnish_level: str = Field("native", max_length=6)
    swedish_level: str = Field("none", max_length=6)
    needs_multiprofessional: bool = False
    arrival_date: date | None = None
    postal_code: str = Field("", max_length=5)
    municipality: str = Field("091", max_length=3)
    preferred_office: str = Field("", max_length=100)
    registration_date: date | None = None


class RegisteredOut(Schema):
    id: int
    external_id: str
    unit: str
    team: str
    responsible_worker_id: int | None
    next_due_date: date | None


class Rejected(Schema):
    row: int
    field: str
    message: str


class RejectedOut(Schema):
    code: str = "rows_rejected"
    detail: str
    rejected: list[Rejected]


class ImportOut(Schema):
    created: int


class RulesIn(Schema):
    rules: list[Rule] = Field(
        ..., min_length=1, description="in order; the first whose conditions hold gives the segment"
    )
    note: str = Field("", max_length=300)


class PreviewOut(Schema):
    active: int
    moving: int
    moves: list[tuple[str, str, int]]


def _out(c) -> dict:
    return {
        "id": c.pk,
        "external_id": c.external_id,
        "unit": c.unit.code,
        "team": c.team.code,
        "responsible_worker_id": c.responsible_worker_id,
        "next_due_date": c.next_due_date,
    }


@router.post(
    "/clients",
    auth=REGISTRAR_AUTH,
    response={201: RegisteredOut, 422: RejectedOut},
    summary="Register a client",
)
def register(request, payload: RegistrationIn):
    try:
        (client,) = intake.clients_register(
            actor=request.user,
            registrations=[intake.Registration(**payload.dict())],
            request_id=request.request_id,
        )
    except intake.ImportRejected as exc:
        return Status(422, error_body(ErrorCode.ROWS_REJECTED, "invalid registration", rejected=exc.rejected))
    return Status(201, _out(client))


@router.post(
    "/import",
    auth=REGISTRAR_AUTH,
    response={201: ImportOut, 422: RejectedOut},
    summary="Import transferred clients (all or nothing)",
)
def batch_import(request, file: File[UploadedFile]):
    # Over the size or nesting limit: documents.DocumentRejected, a 400 (kohtaanto/api.py).
    documents.check_size(file.size, max_bytes=settings.UPLOAD_MAX_BYTES)
    try:
        regs = parse_batch(file.read(), file.name or "", max_bytes=settings.UPLOAD_MAX_BYTES)
        created = intake.clients_register(
            actor=request.user, registrations=regs, request_id=request.request_id
        )
    except intake.ImportRejected as exc:
        return Status(
            422,
            error_body(ErrorCode.ROWS_REJECTED, "rows rejected; nothing was imported", rejected=exc.rejected),
        )
    return Status(201, {"created": len(created)})


def _rules(payload: RulesIn) -> list[dict]:
    return [r.model_dump(by_alias=True, exclude_none=True) for r in payload.rules]


@router.get(
    "/rules",
    auth=ADMIN_AUTH,
    response=list[Rule],
    by_alias=True,
    exclude_none=True,
    summary="Current segmentation rules",
)
def rules_get(request):
    return intake.current_rules()


@router.post(
    "/rules/preview",
    auth=ADMIN_AUTH,
    response=PreviewOut,
    summary="Dry run: how many clients new rules would move",
)
def rules_preview(request, payload: RulesIn):
    p = intake.rules_preview(actor=request.user, rules=_rules(payload))
    return {"active": p.active, "moving": p.moving, "moves": p.moves}


@router.put(
    "/rules",
    auth=ADMIN_AUTH,
    response=list[Rule],
    by_alias=True,
    exclude_none=True,
    summary="Save new segmentation rules",
)
def rules_put(request, payload: RulesIn):
    return intake.rules_save(
        actor=request.user, rules=_rules(payload), note=payload.note, request_id=request.request_id
    ).rules
