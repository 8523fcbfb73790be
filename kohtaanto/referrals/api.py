"""/api/v1/referrals/: service suggestions, referrals, dismissals and the provider's steps."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import selectors, services
from .matching import refer_from_suggestions, suggest_services
from .models import NEED_MAX_LENGTH
from .schemas import Explanation

router = Router(tags=["referrals"])
WORKER_AUTH = role_auth(*services.REFERRERS)
STEP_AUTH = role_auth(*services.REFERRERS, *policy.PROVIDERS)


class NeedIn(Schema):
    need: str = Field(..., min_length=1, max_length=NEED_MAX_LENGTH)
    top_k: int = Field(10, ge=1, le=50)


class SuggestionOut(Schema):
    rank: int
    service_id: int
    external_id: str
    name: str
    provider: str
    score: float
    dismissed_before: bool
    explanation: Explanation


class ReferIn(Schema):
    service_id: int
    need: str = Field("", max_length=NEED_MAX_LENGTH)
    note: str = Field("", max_length=2000)


class DismissIn(Schema):
    service_id: int
    reason: str = Field(..., max_length=20)
    comment: str = Field("", max_length=500)
    need: str = Field("", max_length=NEED_MAX_LENGTH)
    rank: int | None = None


class ReferralOut(Schema):
    id: int
    service_id: int
    service: str
    state: str
    need_text: str
    rank: int | None
    referred_at: datetime
    start_date: date | None
    end_date: date | None
    waiting_days: int | None
    explanation: Explanation


class StepIn(Schema):
    to: str = Field(..., max_length=12)
    on: date | None = None
    reason: str = Field("", max_length=300)


def _ref(r) -> dict:
    return {
        "id": r.pk,
        "service_id": r.service_id,
        "service": r.service.name_fi,
        "state": r.state,
        "need_text": r.need_text,
        "rank": r.rank,
        "referred_at": r.referred_at,
        "start_date": r.start_date,
        "end_date": r.end_date,
        "waiting_days": r.waiting_days,
        "explanation": r.explanation,
    }


@router.post(
    "/clients/{int:client_id}/suggestions",
    auth=WORKER_AUTH,
    response=list[SuggestionOut],
    summary="Rank services for a need",
)
def suggestions(request, client_id: int, payload: NeedIn):
    rows = suggest_services(
        actor=request.user,
        client_id=client_id,
        need=payload.need,
        top_k=payload.top_k,
        request_id=request.request_id,
    )
    return [
        {
            "rank": s.rank,
            "service_id": s.service.pk,
            "external_id": s.service.external_id,
            "name": s.service.name_fi,
            "provider": s.service.provider.name,
            "score": round(s.score, 6),
            "dismissed_before": s.dismissed,
            "explanation": s.explanation,
        }
        for s in rows
    ]


@router.get(
    "/clients/{int:client_id}", auth=WORKER_AUTH, response=list[ReferralOut], summary="The client's referrals"
)
def client_list(request, client_id: int):
    return [
        _ref(r)
        for r in selectors.client_referrals(
            actor=request.user, client_id=client_id, request_id=request.request_id
        )
    ]


@router.post(
    "/clients/{int:client_id}",
    auth=WORKER_AUTH,
    response={201: ReferralOut},
    summary="Refer the client to a service",
)
def refer(request, client_id: int, payload: ReferIn):
    r = refer_from_suggestions(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, _ref(r))


@router.post(
    "/clients/{int:client_id}/dismissals",
    auth=WORKER_AUTH,
    response={201: dict},
    summary="Set a suggestion aside, with a reason",
)
def dismiss(request, client_id: int, payload: DismissIn):
    d = payload.dict()
    fb = services.suggestion_dismiss(
        actor=request.user, client_id=client_id, need_text=d.pop("need"), request_id=request.request_id, **d
    )
    return Status(201, {"id": fb.pk})


@router.get(
    "/incoming",
    auth=role_auth(*policy.PROVIDERS),
    response=list[dict],
    summary="Referrals to my organisation's services",
)
def incoming(request, state: str = ""):
    rows = selectors.provider_referrals(
        actor=request.user, states=[state] if state else None, request_id=request.request_id
    )
    return [{**r.__dict__, "referred_at": r.referred_at.isoformat()} for r in rows]


@router.post(
    "/{int:referral_id}/step",
    auth=STEP_AUTH,
    response=ReferralOut,
    summary="Accept, decline, start, complete, interrupt or cancel",
)
def step(request, referral_id: int, payload: StepIn):
    return _ref(
        services.referral_step(
            actor=request.user, referral_id=referral_id, request_id=request.request_id, **payload.dict()
        )
    )
