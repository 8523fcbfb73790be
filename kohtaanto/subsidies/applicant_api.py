"""The applicant side of the subsidy API: employers' representatives and start-up grant
applicants. The same services and selectors as the pages (applicant_views), so the same
permissions: another employer's application is 404, other roles 403, bad input 422."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.portal.documents import read_limit

from . import application_services, payment_services, selectors
from .access import application_for
from .api import APPLICANTS, ApplicationOut, _app
from .decision_services import GRANTED_OUTCOMES

CLIENTS = role_auth(*policy.CLIENTS)
router = Router(tags=["subsidies"])


class AttachmentOut(Schema):
    id: int
    kind: str
    filename: str
    content_type: str
    size: int
    created_at: dt.datetime


class InfoRequestOut(Schema):
    id: int
    question: str
    asked_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None


class PaymentOut(Schema):
    id: int
    decision_id: int
    period_start: dt.date
    period_end: dt.date
    months: int
    claimed: Decimal
    accepted: Decimal
    payable: Decimal
    state: str
    reason: str
    deadline: dt.date
    filed_on: dt.date


class StatusOut(ApplicationOut):
    missing_attachments: list[str]
    attachments: list[AttachmentOut]
    info_requests: list[InfoRequestOut]
    payments: list[PaymentOut]


class AnswerIn(Schema):
    request: int = Field(..., description="the request for information answered")
    answer: str = Field(..., min_length=1, max_length=10000)


class PayLineIn(Schema):
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$")
    pay: Decimal = Field(Decimal(0), ge=0, le=1000000)
    side_costs: Decimal = Field(Decimal(0), ge=0, le=1000000)
    holiday_pay: Decimal = Field(Decimal(0), ge=0, le=1000000)
    paid: bool


class PaymentIn(Schema):
    period_start: dt.date
    months: int = Field(..., ge=1, le=12)
    lines: list[PayLineIn] = Field(..., min_length=1, max_length=12)
    claimed: Decimal = Field(..., ge=0, le=10000000)


class ContinuationIn(Schema):
    planned_months: int = Field(..., ge=1, le=6)
    description: str = Field(..., min_length=1, max_length=5000)


def _payment(p) -> dict:
    return {
        "id": p.pk,
        "decision_id": p.decision_id,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "months": p.months,
        "claimed": p.claimed,
        "accepted": p.accepted,
        "payable": p.payable,
        "state": p.state,
        "reason": p.reason,
        "deadline": p.deadline,
        "filed_on": p.filed_on,
    }


@router.get(
    "/applications/{application_id}/status",
    response=StatusOut,
    auth=APPLICANTS,
    summary="The applicant's view: state, attachments, requests for information, payments",
)
def application_status(request, application_id: int):
    view = selectors.applicant_view(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    app = view.application
    have = {a.kind for a in view.attachments}
    expected = application_services.EXPECTED_ATTACHMENTS.get(app.benefit, ())
    return {
        **_app(app),
        "missing_attachments": [k.value for k in expected if k not in have],
        "attachments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "created_at": a.created_at,
            }
            for a in view.attachments
        ],
        "info_requests": [
            {
                "id": r.pk,
                "question": r.question,
                "asked_at": r.asked_at,
                "answer": r.answer,
                "answered_at": r.answered_at,
            }
            for r in view.info_requests
        ],
        "payments": [_payment(p) for p in view.payments],
    }


@router.post(
    "/applications/{application_id}/attachments",
    response={201: AttachmentOut},
    auth=APPLICANTS,
    summary="Add an attachment (PDF, PNG, JPEG, DOCX or ODT) to a draft or an application asked for more",
)
def attachment_add(
    request,
    application_id: int,
    kind: Form[str] = "",
    file: File[UploadedFile | None] = None,
):
    """`kind` is one of contract, pay, de_minimis, business_plan, calculations, advisory, other."""
    if file is None:  # optional in the schema so that the scope is checked first (404)
        application_for(request.user, application_id)
        raise ValidationError({"file": _("Choose a file.")})
    att = application_services.attachment_add(
        actor=request.user,
        application_id=application_id,
        kind=kind,
        filename=file.name or "",
        data=file.read(read_limit()),
        request_id=request.request_id,
    )
    return Status(
        201,
        {
            "id": att.pk,
            "kind": att.kind,
            "filename": att.filename,
            "content_type": att.content_type,
            "size": att.size,
            "created_at": att.created_at,
        },
    )


@router.post(
    "/applications/{application_id}/submit",
    response=ApplicationOut,
    auth=APPLICANTS,
    summary="Send a draft to the experts",
)
def application_submit(request, application_id: int):
    app = application_services.application_submit(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    return _app(app)


@router.post(
    "/applications/{application_id}/answers",
    response=InfoRequestOut,
    auth=APPLICANTS,
    summary="Answer a request for more information",
)
def answer(request, application_id: int, body: AnswerIn):
    info = application_services.info_answer(
        actor=request.user,
        application_id=application_id,
        request_pk=body.request,
        answer=body.answer,
        request_id=request.request_id,
    )
    return {
        "id": info.pk,
        "question": info.question,
        "asked_at": info.asked_at,
        "answer": info.answer,
        "answered_at": info.answered_at,
    }


@router.post(
    "/applications/{application_id}/payments",
    response={201: PaymentOut},
    auth=APPLICANTS,
    summary="Apply for payment for a period of the decision in force (a late one is kept as lapsed)",
)
def payment_file(request, application_id: int, body: PaymentIn):
    view = selectors.applicant_view(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    decision = next((d for d in reversed(view.decisions) if d.outcome in GRANTED_OUTCOMES), None)
    payment = payment_services.payment_file(
        actor=request.user,
        decision_id=decision.pk if decision else 0,
        period_start=body.period_start,
        months=body.months,
        lines=[
            {**line.model_dump(), **{k: str(getattr(line, k)) for k in ("pay", "side_costs", "holiday_pay")}}
            for line in body.lines
        ],
        claimed=body.claimed,
        request_id=request.request_id,
    )
    return Status(201, _payment(payment))


@router.post(
    "/applications/{application_id}/continuation",
    response={201: ApplicationOut},
    auth=CLIENTS,
    summary="Apply to continue a granted start-up grant (a new draft from the day after it ends)",
)
def continuation(request, application_id: int, body: ContinuationIn):
    app = application_services.startup_continuation(
        actor=request.user,
        application_id=application_id,
        planned_months=body.planned_months,
        description=body.description,
        request_id=request.request_id,
    )
    return Status(201, _app(app))
