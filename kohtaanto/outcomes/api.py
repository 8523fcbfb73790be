"""/api/v1/clients/{id}/periods, /employments, /education: job-search outcomes (issue 12)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import RECORD_READERS, TEAM_CASEWORK
from kohtaanto.audit.services import Reads, audit_reads
from kohtaanto.clients.models import EndReason
from kohtaanto.clients.selectors import client_get

from . import services
from .models import Employment
from .selectors import outcomes_for

router = Router(tags=["outcomes"])
WRITERS = role_auth(*TEAM_CASEWORK)
READERS = role_auth(*RECORD_READERS)


class PeriodOut(Schema):
    id: int
    start: date
    end: date | None
    end_reason: str


class EmploymentIn(Schema):
    employer_name: str = Field(..., max_length=200)
    business_id: str = Field("", max_length=12)
    start: date
    end: date | None = None
    weekly_hours: Decimal = Field(..., gt=0, le=80, decimal_places=1)
    working_time: Employment.WorkingTime = Employment.WorkingTime.FULL_TIME
    contract: Employment.Contract = Employment.Contract.PERMANENT
    subsidised: bool = False
    occupation_uri: str = Field("", max_length=200)
    occupation_label: str = Field("", max_length=300)


class EmploymentOut(Schema):
    id: int
    employer_name: str
    business_id: str
    start: date
    end: date | None
    weekly_hours: Decimal
    working_time: str
    contract: str
    subsidised: bool
    occupation_uri: str
    occupation_label: str


class EducationIn(Schema):
    institution: str = Field(..., max_length=200)
    programme: str = Field(..., max_length=300)
    start: date


class EducationOut(Schema):
    id: int
    institution: str
    programme: str
    start: date


class HistoryOut(Schema):
    periods: list[PeriodOut]
    employments: list[EmploymentOut]
    education: list[EducationOut]


class PeriodEndIn(Schema):
    end: date
    reason: EndReason


class PeriodOpenIn(Schema):
    start: date


@router.get(
    "/{int:client_id}/periods", response=HistoryOut, auth=READERS, summary="Job-search periods and outcomes"
)
def history(request, client_id: int, reason: str = ""):
    reads = Reads()
    client = client_get(
        actor=request.user, client_id=client_id, reason=reason, reads=reads, request_id=request.request_id
    )
    purpose = reads.sections[0]["purpose"]
    found = outcomes_for(actor=request.user, client=client, reads=reads, purpose=purpose)
    audit_reads(
        actor=request.user,
        reads=reads,
        target_type="client",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request.request_id,
    )
    return {"periods": found.periods, "employments": found.employments, "education": found.education}


@router.post(
    "/{int:client_id}/periods/end", response=PeriodOut, auth=WRITERS, summary="End the job-search period"
)
def period_end(request, client_id: int, payload: PeriodEndIn):
    return services.period_end(
        actor=request.user,
        client_id=client_id,
        end=payload.end,
        reason=payload.reason,
        request_id=request.request_id,
    )


@router.post(
    "/{int:client_id}/periods", response={201: PeriodOut}, auth=WRITERS, summary="Re-register: a new period"
)
def period_open(request, client_id: int, payload: PeriodOpenIn):
    period = services.period_open(
        actor=request.user, client_id=client_id, start=payload.start, request_id=request.request_id
    )
    return Status(201, period)


@router.post(
    "/{int:client_id}/employments", response={201: EmploymentOut}, auth=WRITERS, summary="Record employment"
)
def employment_post(request, client_id: int, payload: EmploymentIn):
    row = services.employment_record(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, row)


@router.post(
    "/{int:client_id}/education",
    response={201: EducationOut},
    auth=WRITERS,
    summary="Record an education start",
)
def education_post(request, client_id: int, payload: EducationIn):
    row = services.education_start_record(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, row)
