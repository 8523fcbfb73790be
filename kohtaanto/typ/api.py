"""/api/v1/clients/{id}/typ...: the TYP case; /api/v1/typ/indicators: the register's
indicators. The same services and selectors as the pages; refusals become {code, detail}."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import services
from .models import ExitOutcome, Party
from .selectors import typ_for, typ_indicators

router = Router(tags=["TYP joint service"])
indicators_router = Router(tags=["TYP joint service"], auth=role_auth(*policy.TYP_INDICATOR_READERS))
WRITERS = role_auth(*policy.TYP_WRITERS)
READERS = role_auth(*policy.TYP_READERS)


class EligibilityOut(Schema):
    eligible: bool
    basis: str
    age: int
    unemployed_months: int
    months_required: int
    support_days: int | None
    support_days_required: int
    rule_version: str


class MemberOut(Schema):
    professional_id: int
    name: str
    party: str


class SignatureOut(Schema):
    party: str
    signer_id: int
    signed_on: date


class PlanOut(Schema):
    goals: str
    services: str
    consent_date: date
    signatures: list[SignatureOut]


class CaseOut(Schema):
    id: int
    status: str
    basis: str
    mapping_start: date
    mapping_latest_end: date
    plan_date: date | None
    ended_on: date | None
    exit_outcome: str


class TypOut(Schema):
    eligibility: EligibilityOut
    case: CaseOut | None
    team: list[MemberOut]
    plan: PlanOut | None
    fully_signed: bool


class StartIn(Schema):
    mapping_start: date
    support_days: int | None = Field(None, ge=0, le=5000)


class MemberIn(Schema):
    professional_id: int
    party: Party


class PlanIn(Schema):
    goals: str = Field(..., max_length=4000)
    services: str = Field(..., max_length=4000)
    client_consent: bool
    plan_date: date


class SignIn(Schema):
    party: Party
    signer_id: int
    signed_on: date


class EndIn(Schema):
    ended_on: date
    outcome: ExitOutcome


def _out(view) -> dict:
    case, plan = view.case, view.plan
    team = list(case.team.all()) if case else []
    return {
        "eligibility": view.eligibility.model_dump(),
        "case": case,
        "team": [
            {"professional_id": m.professional_id, "name": m.professional.get_full_name(), "party": m.party}
            for m in team
        ],
        "plan": None
        if plan is None
        else {
            "goals": plan.goals,
            "services": plan.services,
            "consent_date": plan.consent_date,
            "signatures": [
                {"party": s.party, "signer_id": s.signer_id, "signed_on": s.signed_on}
                for s in plan.signatures.all()
            ],
        },
        "fully_signed": view.fully_signed,
    }


@router.get("/{int:client_id}/typ", response=TypOut, auth=READERS, summary="The client's TYP case")
def typ_get(request, client_id: int, reason: str = ""):
    view = typ_for(actor=request.user, client_id=client_id, reason=reason, request_id=request.request_id)
    return _out(view)


@router.post(
    "/{int:client_id}/typ", response={201: CaseOut}, auth=WRITERS, summary="Start the mapping period"
)
def typ_start(request, client_id: int, payload: StartIn):
    case = services.case_start(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, case)


@router.post(
    "/{int:client_id}/typ/team", response={201: MemberOut}, auth=WRITERS, summary="Name a team member"
)
def typ_team(request, client_id: int, payload: MemberIn):
    member = services.team_member_add(
        actor=request.user,
        client_id=client_id,
        professional_id=payload.professional_id,
        party=payload.party,
        request_id=request.request_id,
    )
    name = member.professional.get_full_name()
    return Status(201, {"professional_id": member.professional_id, "name": name, "party": member.party})


@router.post(
    "/{int:client_id}/typ/plan", response={201: CaseOut}, auth=WRITERS, summary="Agree the joint plan"
)
def typ_plan(request, client_id: int, payload: PlanIn):
    plan = services.plan_agree(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, plan.case)


@router.post(
    "/{int:client_id}/typ/signatures",
    response={201: SignatureOut},
    auth=READERS,
    summary="Record a party's signature",
)
def typ_sign(request, client_id: int, payload: SignIn):
    signature = services.plan_sign(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, signature)


@router.post("/{int:client_id}/typ/end", response=CaseOut, auth=WRITERS, summary="End the TYP case")
def typ_end(request, client_id: int, payload: EndIn):
    return services.case_end(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )


class ProfessionalRow(Schema):
    professional: str
    clients: int | None


class OutcomeRow(Schema):
    outcome: str
    clients: int | None


class ServiceRow(Schema):
    service: str
    clients: int | None


class DurationOut(Schema):
    cases: int | None
    median_days: float | None


class IndicatorsOut(Schema):
    cases: int | None
    per_professional: list[ProfessionalRow]
    outcomes: list[OutcomeRow]
    services: list[ServiceRow]
    duration: DurationOut


@indicators_router.get("/indicators", response=IndicatorsOut, summary="TYP register indicators (suppressed)")
def indicators(request):
    found = typ_indicators(actor=request.user, request_id=request.request_id)
    return {
        "cases": found.cases,
        "per_professional": found.per_professional,
        "outcomes": found.outcomes,
        "services": found.services,
        "duration": found.duration,
    }
