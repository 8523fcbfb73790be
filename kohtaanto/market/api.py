"""/api/v1/market/: the profile, consents and receipts, ESCO suggestions, job and education
matching, and the market view. `role_auth` refuses other roles with 403 before the body is
parsed; a missing consent is 403 with code "consent_required" and the purpose and fields."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime

from django.utils import translation
from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import STAFF_ROLES

from . import overview, selectors, services
from .engine import Explanation
from .models import PROFILE_FIELDS

router = Router(tags=["market"])
CLIENT = role_auth(*policy.CLIENTS)
STAFF = role_auth(*selectors.MARKET_STAFF)
USERS = role_auth(*selectors.MARKET_USERS)
VIEWERS = role_auth(*STAFF_ROLES)


class Problem(Schema):
    detail: str
    code: str = ""
    purpose: str = ""
    fields: list[str] = []
    errors: dict[str, str] = Field(default_factory=dict, description="field: what is wrong with it")


class OccupationItem(Schema):
    uri: str = Field("", description="ESCO occupation URI; empty for free text")
    title: str = ""


class WorkItem(Schema):
    uri: str = Field("", description="ESCO occupation URI; empty for free text")
    title: str = ""
    employer: str = ""
    start: int | str | None = Field(None, description="year")
    end: int | str | None = Field(None, description="year")


class SkillItem(Schema):
    uri: str = Field("", description="ESCO skill URI; empty for free text")
    label: str = ""


class EducationItem(Schema):
    level: str = Field("", description='"0"-"9" (koulutusaste 2016)')
    field: str = Field("", description='"00"-"99" (koulutusala 2016)')
    title: str = ""
    year: int | str | None = None


class LanguageItem(Schema):
    code: str = Field("", description='"fi", "sv", "en", ...')
    level: str = Field("", description='"A1".."C2" or "native"')


class Preferences(Schema):
    areas: list[str] = Field(default_factory=list, description='municipality codes, "091"')
    working_time: list[str] = Field(default_factory=list, description="full_time, part_time, shift")
    remote: str = Field("accept", description="no, accept or only")


class ProfileData(Schema):
    """The fields the reader may see; the others are absent (the routes leave unset
    fields out)."""

    occupations: list[OccupationItem] | None = None
    work_history: list[WorkItem] | None = None
    skills: list[SkillItem] | None = None
    education: list[EducationItem] | None = None
    languages: list[LanguageItem] | None = None
    driving_licences: list[str] | None = Field(None, description='["B", "C", ...]')
    preferences: Preferences | None = None


class ProfileIn(ProfileData):
    """Fields present are replaced; absent fields are kept. The values are checked against
    ESCO and the code lists by the service (422 with a reason per field)."""


class ProfileOut(Schema):
    client_id: int
    fields: list[str] = Field(
        ..., description="the fields you may see (a worker: those the client's consent covers)"
    )
    profile: ProfileData
    consent: str | None = Field(None, description="receipt id of the sharing consent a worker reads under")


class ConsentIn(Schema):
    purpose: str = Field(
        ..., description="job_matching, education_matching, profile_sharing_with_worker, market_statistics"
    )
    fields: list[str] = Field(..., description=f"profile fields covered: {', '.join(PROFILE_FIELDS)}")
    months: int | None = Field(None, description="1, 3, 6 or 12; or give expires_at")
    expires_at: datetime | None = None
    language: str = Field("", max_length=2, description="receipt language fi/sv/en; default: the request's")


class ConsentOut(Schema):
    receipt_id: uuid.UUID
    purpose: str
    fields: list[str]
    granted_at: datetime
    expires_at: datetime
    withdrawn_at: datetime | None
    status: str
    active: bool


class SuggestionOut(Schema):
    uri: str
    label: str
    score: float


class MatchesOut(Schema):
    purpose: str
    consent: str
    fields_used: list[str]
    fields_not_used: list[str]
    candidates: int
    empty_reason: str
    results: list[Explanation] = Field(
        ..., description="ranked results with factors, gaps and paths (as on the pages)"
    )


class RowOut(Schema):
    code: str
    label: str
    postings: int
    seekers: int | None = Field(
        ..., description="null: hidden (fewer than 5 persons, or protecting such a cell)"
    )
    ratio: float | None
    status: str


class OverviewOut(Schema):
    group: str
    area: str
    as_of: date
    postings: int
    seekers: int | None
    threshold: int
    rows: list[RowOut]
    areas: list[RowOut]


def _profile(view) -> dict:
    return {
        "client_id": view.client.pk,
        "fields": list(view.fields),
        "profile": view.data,
        "consent": str(view.consent.receipt_id) if view.consent else None,
    }


def _consent(c) -> dict:
    return {
        **{
            k: getattr(c, k)
            for k in ("receipt_id", "purpose", "fields", "granted_at", "expires_at", "withdrawn_at", "status")
        },
        "active": c.is_active(),
    }


def _matches(m) -> dict:
    return {
        "purpose": str(m.purpose),
        "consent": str(m.consent.receipt_id),
        "fields_used": list(m.fields),
        "fields_not_used": m.unused_fields,
        "candidates": m.candidates,
        "empty_reason": m.empty_reason,
        "results": m.results,
    }


def _changes(body: ProfileIn) -> dict:
    return {k: v for k, v in body.dict().items() if v is not None}


@router.get("/profile", auth=CLIENT, response={200: ProfileOut, 403: Problem}, exclude_unset=True)
def my_profile(request):
    return _profile(selectors.profile_get(actor=request.user, request_id=request.request_id))


@router.put(
    "/profile", auth=CLIENT, response={200: ProfileOut, 403: Problem, 422: Problem}, exclude_unset=True
)
def my_profile_put(request, body: ProfileIn):
    services.profile_update(actor=request.user, changes=_changes(body), request_id=request.request_id)
    return _profile(selectors.profile_get(actor=request.user, request_id=request.request_id))


@router.get(
    "/clients/{client_id}/profile", auth=STAFF, response={200: ProfileOut, 403: Problem}, exclude_unset=True
)
def client_profile(request, client_id: int):
    return _profile(
        selectors.profile_get(actor=request.user, client_id=client_id, request_id=request.request_id)
    )


@router.put(
    "/clients/{client_id}/profile",
    auth=STAFF,
    response={200: ProfileOut, 403: Problem, 422: Problem},
    exclude_unset=True,
)
def client_profile_put(request, client_id: int, body: ProfileIn):
    services.profile_update(
        actor=request.user, client_id=client_id, changes=_changes(body), request_id=request.request_id
    )
    return _profile(
        selectors.profile_get(actor=request.user, client_id=client_id, request_id=request.request_id)
    )


@router.get("/clients/{client_id}/consents", auth=STAFF, response=list[ConsentOut])
def client_consents(request, client_id: int):
    rows = selectors.consents_list(actor=request.user, client_id=client_id, request_id=request.request_id)
    return [_consent(c) for c in rows]


@router.get("/consents", auth=CLIENT, response=list[ConsentOut])
def my_consents(request):
    return [_consent(c) for c in selectors.consents_list(actor=request.user, request_id=request.request_id)]


@router.post("/consents", auth=CLIENT, response={201: ConsentOut, 422: Problem})
def consent_grant(request, body: ConsentIn):
    consent = services.consent_grant(
        actor=request.user,
        purpose=body.purpose,
        fields=body.fields,
        months=body.months,
        expires_at=body.expires_at,
        language=body.language or (translation.get_language() or "fi")[:2],
        collection_method="Kohtaanto API",
        request_id=request.request_id,
    )
    return Status(201, _consent(consent))


@router.post("/consents/{receipt_id}/withdraw", auth=CLIENT, response=ConsentOut)
def consent_withdraw(request, receipt_id: uuid.UUID):
    return _consent(
        services.consent_withdraw(actor=request.user, receipt_id=receipt_id, request_id=request.request_id)
    )


@router.get("/consents/{receipt_id}/receipt", auth=CLIENT, response=dict)
def consent_receipt(request, receipt_id: uuid.UUID):
    """The Kantara Consent Receipt v1.1 JSON of one of your consents."""
    return selectors.consent_receipt(actor=request.user, receipt_id=receipt_id, request_id=request.request_id)


@router.get("/suggestions", auth=USERS, response=list[SuggestionOut])
def suggestions(request, q: str = "", kind: str = "occupation", top: int = 6):
    if kind not in ("occupation", "skill"):
        return []
    lang = (translation.get_language() or "fi")[:2]
    return overview.suggestions(kind=kind, text=q, lang=lang, top_k=max(1, min(top, 20)))


@router.get("/matches/jobs", auth=CLIENT, response={200: MatchesOut, 403: Problem})
def my_job_matches(request):
    return _matches(selectors.match_jobs(actor=request.user, request_id=request.request_id))


@router.get("/matches/education", auth=CLIENT, response={200: MatchesOut, 403: Problem})
def my_education_matches(request):
    return _matches(selectors.match_education(actor=request.user, request_id=request.request_id))


@router.get("/clients/{client_id}/matches/jobs", auth=STAFF, response={200: MatchesOut, 403: Problem})
def client_job_matches(request, client_id: int):
    return _matches(
        selectors.match_jobs(actor=request.user, client_id=client_id, request_id=request.request_id)
    )


@router.get("/clients/{client_id}/matches/education", auth=STAFF, response={200: MatchesOut, 403: Problem})
def client_education_matches(request, client_id: int):
    return _matches(
        selectors.match_education(actor=request.user, client_id=client_id, request_id=request.request_id)
    )


@router.get("/overview", auth=VIEWERS, response=OverviewOut)
def market_overview(request, group: str = "isco2", area: str = ""):
    """Demand (postings) against job seekers by occupation group and area, small cells hidden."""
    v = overview.market_overview(actor=request.user, group=group, area=area, request_id=request.request_id)
    return {**asdict(v), "as_of": v.as_of}
