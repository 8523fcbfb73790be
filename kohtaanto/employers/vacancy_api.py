"""/api/v1/vacancies and the introduction answers (issue 14): the same services and
selectors as the pages, so the same permissions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.clients.selectors import client_get
from kohtaanto.market.api import ProfileData

from . import vacancy_selectors, vacancy_services
from .models import Candidate
from .vacancies import occupation_suggestions
from .vacancy_data import LanguageNeed

router = Router(tags=["vacancies"], auth=role_auth(*(policy.EMPLOYER_READERS | policy.REPRESENTATIVES)))
portal_router = Router(tags=["vacancies"], auth=role_auth(*policy.CLIENTS))
client_router = Router(tags=["vacancies"], auth=role_auth(*policy.TEAM_CASEWORK))
EDITORS = role_auth(*(policy.VACANCY_STAFF | policy.REPRESENTATIVES))
STAFF = role_auth(*policy.VACANCY_STAFF)


class VacancyIn(Schema):
    """Shapes only: the service validates the values and answers per field."""

    title: str = Field(..., max_length=300)
    description: str = Field("", max_length=6000)
    occupation_uri: str = Field("", max_length=300)
    skills: list[str] = Field(default_factory=list, max_length=100)
    municipality: str = Field("", max_length=10)
    postal_code: str = Field("", max_length=10)
    weekly_hours: Decimal | None = None
    working_time: str = Field("full_time", description="full_time, part_time or shift")
    contract: str = Field("permanent", description="permanent or fixed_term")
    languages: list[LanguageNeed] = Field(default_factory=list, max_length=10)
    start_date: date | None = None
    apply_by: date | None = None
    subsidy_interest: bool = False
    positions: int = 1


class VacancyCreate(VacancyIn):
    employer_id: int


class VacancyOut(Schema):
    id: int
    employer_id: int
    employer: str
    area: str
    title: str
    description: str
    occupation_uri: str
    occupation_label: str
    skills: list[str]
    municipality: str
    postal_code: str
    weekly_hours: Decimal | None
    working_time: str
    contract: str
    languages: list[LanguageNeed]
    start_date: date | None
    apply_by: date | None
    subsidy_interest: bool
    positions: int
    stage: str
    stage_since: datetime
    posting_id: int | None


class SuggestionOut(Schema):
    uri: str
    label: str
    score: float


class StageIn(Schema):
    stage: str = Field(..., description="new, searching, proposed, interviews, filled or closed")


class ShortlistIn(Schema):
    top: int = Field(20, ge=1, le=100)


class CandidateOut(Schema):
    """A shortlisted candidate: a pseudonym for this vacancy, never who they are."""

    id: int
    client_ref: str
    score: float
    breakdown: dict[str, float]
    gaps: list[str]
    status: str


class IntroducedOut(Schema):
    id: int
    client_ref: str
    name: str
    email: str
    phone: str
    status: str
    interview_on: date | None
    profile: ProfileData = Field(description="only the profile fields the client's consent covers")


class ProgressIn(Schema):
    status: str = Field(..., description="interview, hired or not_selected")
    interview_on: date | None = None
    start: date | None = None
    end: date | None = None
    weekly_hours: Decimal | None = None


class AnswerIn(Schema):
    accept: bool


class IntroductionOut(Schema):
    id: int
    vacancy_title: str
    employer: str
    description: str
    status: str
    asked_at: datetime | None
    answered_at: datetime | None


def _out(v) -> dict:
    return {
        **{
            f: getattr(v, f)
            for f in VacancyOut.model_fields
            if hasattr(v, f) and f not in ("employer", "area")
        },
        "employer": v.employer.name,
        "area": v.area.code,
    }


def _candidate(c: Candidate) -> dict:
    return {
        "id": c.pk,
        "client_ref": c.ref,
        "score": round(c.score, 4),
        "breakdown": c.breakdown,
        "gaps": c.gaps,
        "status": c.status,
    }


def _introduction(c: Candidate) -> dict:
    return {
        "id": c.pk,
        "vacancy_title": c.vacancy.title,
        "employer": c.vacancy.employer.name,
        "description": c.vacancy.description,
        "status": c.status,
        "asked_at": c.asked_at,
        "answered_at": c.answered_at,
    }


@router.get("", response=list[VacancyOut], summary="Vacancies the caller may see")
def vacancy_list(
    request, stage: str = "", employer_id: int | None = None, mine: bool = False, limit: int = 200
):
    qs = vacancy_selectors.vacancies(request.user, employer_id=employer_id, mine=mine)
    if stage:
        qs = qs.filter(stage=stage)
    return [_out(v) for v in qs[: max(1, min(limit, 1000))]]


@router.post("", response={201: VacancyOut}, auth=EDITORS, summary="Enter a vacancy")
def vacancy_create(request, body: VacancyCreate):
    data = body.model_dump(exclude={"employer_id"})
    data["languages"] = [lang.model_dump() for lang in body.languages]
    v = vacancy_services.vacancy_create(
        actor=request.user, employer_id=body.employer_id, data=data, request_id=request.request_id
    )
    return Status(201, _out(vacancy_selectors.vacancy_get(request.user, v.pk)))


@router.get(
    "/suggestions", response=list[SuggestionOut], auth=EDITORS, summary="ESCO occupations for a title"
)
def suggestions(request, title: str = ""):
    return [s.__dict__ for s in occupation_suggestions(title[:200], lang=request.LANGUAGE_CODE)]


@router.get("/{vacancy_id}", response=VacancyOut, summary="One vacancy")
def vacancy(request, vacancy_id: int):
    return _out(vacancy_selectors.vacancy_get(request.user, vacancy_id))


@router.put("/{vacancy_id}", response=VacancyOut, auth=EDITORS, summary="Change a vacancy")
def vacancy_update(request, vacancy_id: int, body: VacancyIn):
    data = body.model_dump()
    data["languages"] = [lang.model_dump() for lang in body.languages]
    vacancy_services.vacancy_update(
        actor=request.user, vacancy_id=vacancy_id, data=data, request_id=request.request_id
    )
    return _out(vacancy_selectors.vacancy_get(request.user, vacancy_id))


@router.post("/{vacancy_id}/stage", response=VacancyOut, auth=EDITORS, summary="Move a vacancy to a stage")
def vacancy_stage(request, vacancy_id: int, body: StageIn):
    vacancy_services.vacancy_stage(
        actor=request.user, vacancy_id=vacancy_id, stage=body.stage, request_id=request.request_id
    )
    return _out(vacancy_selectors.vacancy_get(request.user, vacancy_id))


@router.post(
    "/{vacancy_id}/shortlist",
    response=list[CandidateOut],
    auth=STAFF,
    summary="Make the pseudonymous shortlist",
)
def shortlist_make(request, vacancy_id: int, body: ShortlistIn):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    rows = vacancy_services.shortlist_make(
        actor=request.user, vacancy_id=vacancy_id, top=body.top, request_id=request.request_id
    )
    return [_candidate(c) for c in rows]


@router.get(
    "/{vacancy_id}/shortlist", response=list[CandidateOut], auth=STAFF, summary="The pseudonymous shortlist"
)
def shortlist(request, vacancy_id: int):
    v = vacancy_selectors.vacancy_get(request.user, vacancy_id)
    return [_candidate(c) for c in vacancy_selectors.shortlist(request.user, v)]


def _on(vacancy_id: int, candidate_id: int) -> int:
    if not Candidate.objects.filter(pk=candidate_id, vacancy_id=vacancy_id).exists():
        raise Http404("candidate not found")
    return candidate_id


@router.post(
    "/{vacancy_id}/candidates/{candidate_id}/ask",
    response=CandidateOut,
    auth=STAFF,
    summary="Ask the job seeker to accept an introduction",
)
def candidate_ask(request, vacancy_id: int, candidate_id: int):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    row = vacancy_services.candidate_ask(
        actor=request.user, candidate_id=_on(vacancy_id, candidate_id), request_id=request.request_id
    )
    return _candidate(row)


@router.get(
    "/{vacancy_id}/candidates", response=list[IntroducedOut], auth=EDITORS, summary="Introduced candidates"
)
def introduced(request, vacancy_id: int):
    v = vacancy_selectors.vacancy_get(request.user, vacancy_id)
    return [
        {
            "id": i.candidate.pk,
            "client_ref": i.candidate.ref,
            "name": i.name,
            "email": i.email,
            "phone": i.phone,
            "status": i.candidate.status,
            "interview_on": i.candidate.interview_on,
            "profile": i.profile,
        }
        for i in vacancy_selectors.introduced(request.user, v, request_id=request.request_id)
    ]


@router.post(
    "/{vacancy_id}/candidates/{candidate_id}/progress",
    response=CandidateOut,
    auth=EDITORS,
    summary="Record an interview or the outcome (a hire becomes the client's employment)",
)
def candidate_progress(request, vacancy_id: int, candidate_id: int, body: ProgressIn):
    vacancy_selectors.vacancy_get(request.user, vacancy_id)
    row = vacancy_services.candidate_progress(
        actor=request.user,
        candidate_id=_on(vacancy_id, candidate_id),
        request_id=request.request_id,
        **body.model_dump(),
    )
    return _candidate(row)


@portal_router.get("/introductions", response=list[IntroductionOut], summary="My introductions to employers")
def portal_introductions(request):
    return [_introduction(c) for c in vacancy_selectors.client_introductions(request.user)]


@portal_router.post("/introductions/{candidate_id}", response=IntroductionOut, summary="Accept or decline")
def portal_answer(request, candidate_id: int, body: AnswerIn):
    if not Candidate.objects.filter(pk=candidate_id, client__user=request.user).exists():
        raise Http404("introduction not found")
    row = vacancy_services.candidate_answer(
        actor=request.user, candidate_id=candidate_id, accept=body.accept, request_id=request.request_id
    )
    return _introduction(row)


@client_router.get(
    "/{client_id}/introductions", response=list[IntroductionOut], summary="A client's introductions"
)
def client_introductions(request, client_id: int):
    client = client_get(
        actor=request.user, client_id=client_id, purpose="employer matching", request_id=request.request_id
    )
    if not policy.can_write_meetings(request.user, client):
        raise Http404("client not found")
    return [
        _introduction(c) for c in vacancy_selectors.client_introductions(request.user, client_id=client.pk)
    ]


@client_router.post(
    "/{client_id}/introductions/{candidate_id}",
    response=IntroductionOut,
    summary="Record the client's answer",
)
def client_answer(request, client_id: int, candidate_id: int, body: AnswerIn):
    if not Candidate.objects.filter(pk=candidate_id, client_id=client_id).exists():
        raise Http404("introduction not found")
    row = vacancy_services.candidate_answer(
        actor=request.user, candidate_id=candidate_id, accept=body.accept, request_id=request.request_id
    )
    return _introduction(row)
