"""/api/v1/subsidies: the same services and selectors as the pages, so the same permissions.
Representatives see their mandated employers' applications, a client their own start-up
grant, subsidy experts all of them; only experts decide, ask for information and read the
batches and the budget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import application_services, decision_services, payment_services, selectors
from .models import Decision, SubsidyApplication

APPLICANTS = role_auth(*(policy.REPRESENTATIVES | policy.CLIENTS))
READERS = role_auth(*(policy.SUBSIDY_EXPERTS | policy.REPRESENTATIVES | policy.CLIENTS))
EXPERTS = role_auth(*policy.SUBSIDY_EXPERTS)
router = Router(tags=["subsidies"])


class StartUpIn(Schema):
    full_time: bool
    skills: bool
    tax_arrears: bool = False
    started_before_decision: bool = False


class CaseIn(Schema):
    """The calculator's case fields the applicant gives; the service checks the values."""

    ground: str | None = Field(None, max_length=40)
    employer_kind: str | None = Field(None, max_length=40)
    aid_basis: str | None = Field(None, max_length=40)
    monthly_pay: Decimal | None = Field(None, ge=0, le=1000000)
    side_costs_monthly: Decimal | None = Field(None, ge=0, le=1000000)
    holiday_pay_monthly: Decimal | None = Field(None, ge=0, le=1000000)
    working_time_percent: Decimal | None = Field(None, gt=0, le=100)
    weekly_hours: Decimal | None = Field(None, gt=0, le=80)
    startup: StartUpIn | None = None


class DeclaredAidIn(Schema):
    granted_on: dt.date
    amount: Decimal = Field(..., ge=0, le=10000000)
    grantor: str = Field("", max_length=200)


class ApplicationIn(Schema):
    benefit: str = Field(..., max_length=20)
    start_date: dt.date
    planned_months: int = Field(..., ge=1, le=36)
    employer_id: int | None = None
    client_hetu: str = Field("", max_length=11, description="the employee's identity code (representatives)")
    case: CaseIn
    declared_aid: list[DeclaredAidIn] = Field(default_factory=list, max_length=50)
    description: str = Field("", max_length=5000)


class ApplicationOut(Schema):
    id: int
    benefit: str
    state: str
    employer_id: int | None
    start_date: dt.date
    planned_months: int
    submitted_at: dt.datetime | None


class DecisionOut(Schema):
    id: int
    kind: str
    outcome: str
    rule_version: str
    start: dt.date
    end: dt.date
    total: Decimal
    monthly_amounts: list[str]
    lines: list[str]
    legal_basis: str
    in_force: bool
    needs_second_approval: bool


class ApplicationDetailOut(ApplicationOut):
    decisions: list[DecisionOut]


class DecisionIn(Schema):
    grant: bool
    justification: str = Field(..., max_length=10000)
    months: int | None = Field(None, ge=1, le=36)
    kind: Literal["first", "amendment", "continuation"] = "first"
    start: dt.date | None = Field(None, description="an amendment's or continuation's start")
    reduced_work_capacity: bool = False
    basic_education_only: bool = False
    immigrant: bool = False
    helsinki_resident: bool = False
    helsinki_need_assessed: bool = False
    helsinki_card: bool = False


class QuestionIn(Schema):
    question: str = Field(..., min_length=1, max_length=10000)


class QuestionOut(Schema):
    id: int
    question: str


class BudgetOut(Schema):
    benefit: str
    committed: Decimal
    paid: Decimal
    forecast: Decimal


class BatchOut(Schema):
    id: int
    created_at: dt.datetime
    count: int
    total: Decimal
    sha256: str


def _app(a: SubsidyApplication) -> dict:
    return {
        "id": a.pk,
        "benefit": a.benefit,
        "state": a.state,
        "employer_id": a.employer_id,
        "start_date": a.start_date,
        "planned_months": a.planned_months,
        "submitted_at": a.submitted_at,
    }


def _decision(d: Decision) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "outcome": d.outcome,
        "rule_version": d.rule_version,
        "start": d.start,
        "end": d.end,
        "total": d.total,
        "monthly_amounts": list(d.monthly_amounts),
        "lines": list(d.lines),
        "legal_basis": d.legal_basis,
        "in_force": d.in_force,
        "needs_second_approval": d.needs_second_approval,
    }


@router.get(
    "/applications", response=list[ApplicationOut], auth=READERS, summary="Applications the caller may see"
)
def application_list(request, state: str = "", benefit: str = "", limit: int = 200):
    return [
        _app(a)
        for a in selectors.applications_list(actor=request.user, state=state, benefit=benefit, limit=limit)
    ]


@router.post(
    "/applications", response={201: ApplicationOut}, auth=APPLICANTS, summary="Start an application (a draft)"
)
def application_create(request, body: ApplicationIn):
    app = application_services.application_create(
        actor=request.user,
        benefit=body.benefit,
        start_date=body.start_date,
        planned_months=body.planned_months,
        employer_id=body.employer_id,
        client_hetu=body.client_hetu,
        case=body.case.model_dump(exclude_none=True),
        declared_aid=[d.model_dump() for d in body.declared_aid],
        description=body.description,
        request_id=request.request_id,
    )
    return Status(201, _app(app))


@router.get(
    "/applications/{application_id}", response=ApplicationDetailOut, auth=READERS, summary="One application"
)
def application(request, application_id: int):
    app = selectors.application_get(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    return {**_app(app), "decisions": [_decision(d) for d in selectors.decisions_of(app)]}


@router.post(
    "/applications/{application_id}/decision", response={201: DecisionOut}, auth=EXPERTS, summary="Decide"
)
def decide(request, application_id: int, body: DecisionIn):
    facts = body.model_dump(include=set(decision_services.CLIENT_FLAGS))
    decision = decision_services.decision_make(
        actor=request.user,
        application_id=application_id,
        grant=body.grant,
        justification=body.justification,
        months=body.months,
        client_facts={k: v for k, v in facts.items() if v},
        kind=body.kind,
        start=body.start,
        request_id=request.request_id,
    )
    return Status(201, _decision(decision))


@router.post(
    "/applications/{application_id}/info-requests",
    response={201: QuestionOut},
    auth=EXPERTS,
    summary="Ask the applicant for more information",
)
def ask(request, application_id: int, body: QuestionIn):
    info = decision_services.info_request(
        actor=request.user,
        application_id=application_id,
        question=body.question,
        request_id=request.request_id,
    )
    return Status(201, {"id": info.pk, "question": info.question})


@router.get("/budget", response=list[BudgetOut], auth=EXPERTS, summary="Budget follow-up per benefit")
def budget(request, year: int | None = None):
    today = dt.date.today()
    rows = selectors.budget(actor=request.user, year=year or today.year, today=today)
    return [r.__dict__ for r in rows]


@router.get("/batches", response=list[BatchOut], auth=EXPERTS, summary="Payment batches")
def batches(request):
    return [
        {"id": b.pk, "created_at": b.created_at, "count": b.count, "total": b.total, "sha256": b.sha256}
        for b in selectors.batches_list(actor=request.user)
    ]


@router.post(
    "/batches", response={201: BatchOut}, auth=EXPERTS, summary="Send every approved payment in one batch"
)
def batch_create(request):
    b = payment_services.batch_create(actor=request.user, request_id=request.request_id)
    return Status(
        201, {"id": b.pk, "created_at": b.created_at, "count": b.count, "total": b.total, "sha256": b.sha256}
    )
