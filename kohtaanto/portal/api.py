"""/api/v1/portal/ (the client's own data) and /api/v1/clients/{id}/messages (the worker's
side of the thread). `role_auth` refuses other roles with 403 before the body is parsed."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import TEAM_CASEWORK
from kohtaanto.clients.contact import client_contact_update
from kohtaanto.clients.contact_api import ContactIn, ContactOut, contact_out
from kohtaanto.web.api_errors import ErrorCode, error_body

from . import reschedule, selectors, services
from .models import FEEDBACK_TEXT_MAX, MESSAGE_MAX, RESCHEDULE_REASON_MAX

router = Router(tags=["portal"], auth=role_auth(*policy.CLIENTS))
staff_router = Router(tags=["messages"], auth=role_auth(*selectors.MESSAGE_STAFF_ROLES))


class TaskOut(Schema):
    title: str
    assignee: str
    due_date: date | None
    done: bool


class PlanOut(Schema):
    version: int
    created_at: datetime
    goals: str
    job_search_obligation: int
    tasks: list[TaskOut]
    agreed_services: list[str]
    acknowledged_at: datetime | None


class PlanEnvelope(Schema):
    plan: PlanOut | None


class AcknowledgeIn(Schema):
    version: int | None = Field(None, description="the version the client read; refused if a newer exists")


class MeetingOut(Schema):
    id: int
    kind: str
    status: str
    channel: str
    planned_date: date | None
    held_date: date | None
    feedback_given: bool
    reschedule_requested: bool = False


class MeetingsOut(Schema):
    upcoming: list[MeetingOut]
    held: list[MeetingOut]


class ReferralOut(Schema):
    id: int
    ref: str = Field(..., description='"referral:<id>": the service_ref for feedback on this service')
    service_name: str
    provider: str
    state: str
    state_label: str
    referred_at: datetime
    start_date: date | None
    end_date: date | None
    can_give_feedback: bool
    feedback_given: bool


class MessageOut(Schema):
    id: int
    side: str
    sender: str
    body: str
    created_at: datetime
    read_at: datetime | None


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=MESSAGE_MAX)


class FeedbackIn(Schema):
    meeting_id: int | None = None
    service_ref: str = Field("", max_length=64)
    score: int = Field(..., ge=1, le=5, strict=True, description="1 (very poor) to 5 (very good)")
    text: str = Field("", max_length=FEEDBACK_TEXT_MAX)
    language: str = Field("", max_length=2, description="fi, sv or en; default: the request's language")


class FeedbackOut(Schema):
    id: int
    meeting_id: int | None
    service_ref: str
    score: int
    text: str
    language: str
    created_at: datetime


class ConsentOut(Schema):
    id: int
    name: str
    role: str
    consent_given: date
    active: bool


class Problem(Schema):
    code: str
    detail: str
    errors: dict[str, list[str]] = {}


def _plan(view) -> dict | None:
    if view is None:
        return None
    p = view.plan
    return {
        "version": p.version,
        "created_at": p.created_at,
        "goals": p.goals,
        "job_search_obligation": p.job_search_obligation,
        "tasks": view.tasks,
        "agreed_services": view.agreed_services,
        "acknowledged_at": p.acknowledged_at,
    }


def _meeting(m, given: set[int], asked: frozenset[int] = frozenset()) -> dict:
    return {
        "reschedule_requested": m.pk in asked,
        "id": m.pk,
        "kind": m.kind,
        "status": m.status,
        "channel": m.channel,
        "planned_date": m.planned_date,
        "held_date": m.held_date,
        "feedback_given": m.pk in given,
    }


def _message(m) -> dict:
    return {
        "id": m.pk,
        "side": m.side,
        "sender": m.sender.display_name if m.sender else "",
        "body": m.body,
        "created_at": m.created_at,
        "read_at": m.read_at,
    }


def _consent(r) -> dict:
    return {
        "id": r.pk,
        "name": r.member.display_name,
        "role": r.member.role,
        "consent_given": r.consent_given,
        "active": r.active,
    }


@router.get("/plan", response=PlanEnvelope, summary="My current employment plan (null if none yet)")
def plan(request):
    return {"plan": _plan(selectors.portal_plan(actor=request.user, request_id=request.request_id))}


@router.post("/plan/acknowledge", response=PlanOut, summary="I have read and accept the plan")
def plan_acknowledge(request, payload: AcknowledgeIn):
    services.plan_acknowledge(actor=request.user, version=payload.version, request_id=request.request_id)
    return _plan(selectors.portal_plan(actor=request.user, request_id=request.request_id))


@router.get("/meetings", response=MeetingsOut, summary="My upcoming and held meetings")
def meetings(request):
    v = selectors.portal_meetings(actor=request.user, request_id=request.request_id)
    given = v.feedback_meeting_ids
    return {
        "upcoming": [_meeting(m, given, frozenset(v.reschedule_meeting_ids)) for m in v.upcoming],
        "held": [_meeting(m, given) for m in v.held],
    }


@router.get("/referrals", response=list[ReferralOut], summary="My referrals to services")
def referrals(request):
    return selectors.portal_referrals(actor=request.user, request_id=request.request_id)


@router.get("/messages", response=list[MessageOut], summary="My messages with my worker (marks them read)")
def messages_list(request):
    thread = services.message_thread_open(actor=request.user, request_id=request.request_id)
    return [_message(m) for m in thread.messages]


@router.post("/messages", response={201: MessageOut}, summary="Send a message to my worker")
def message_post(request, payload: MessageIn):
    m = services.message_send(actor=request.user, body=payload.body, request_id=request.request_id)
    return Status(201, _message(m))


@router.post(
    "/feedback",
    response={201: FeedbackOut, 409: Problem},
    summary="Feedback on one of my held meetings (or, later, services): score 1-5 and text",
)
def feedback_post(request, payload: FeedbackIn):
    try:
        f = services.feedback_give(actor=request.user, request_id=request.request_id, **payload.dict())
    except services.FeedbackExists as exc:
        return Status(409, error_body(ErrorCode.CONFLICT, "feedback already given", errors=exc.message_dict))
    return Status(201, f)


@router.get("/consents", response=list[ConsentOut], summary="Professionals in my network")
def consents(request):
    return [_consent(r) for r in selectors.portal_network(actor=request.user, request_id=request.request_id)]


@router.post(
    "/consents/{int:consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw a professional's access (takes effect at once)",
)
def consent_withdraw(request, consent_id: int):
    r = services.network_consent_withdraw(
        actor=request.user, consent_id=consent_id, request_id=request.request_id
    )
    return _consent(r)


@staff_router.get(
    "/{int:client_id}/messages", response=list[MessageOut], summary="The client's message thread"
)
def staff_thread(request, client_id: int):
    thread = services.message_thread_open(
        actor=request.user, client_id=client_id, request_id=request.request_id
    )
    return [_message(m) for m in thread.messages]


@staff_router.post(
    "/{int:client_id}/messages", response={201: MessageOut}, summary="Send a message to the client"
)
def staff_message_post(request, client_id: int, payload: MessageIn):
    m = services.message_send(
        actor=request.user, client_id=client_id, body=payload.body, request_id=request.request_id
    )
    return Status(201, _message(m))


class RescheduleIn(Schema):
    reason: str = Field(..., max_length=RESCHEDULE_REASON_MAX, description="why the time does not suit")
    preferred: str = Field("", max_length=200, description="times that would suit (free text)")


class RescheduleOut(Schema):
    id: int
    meeting_id: int
    planned_date: date
    reason: str
    preferred: str
    created_at: datetime
    handled_at: datetime | None


@router.post(
    "/meetings/{int:meeting_id}/reschedule",
    response={201: RescheduleOut, 409: Problem},
    summary="Ask my worker to move one of my upcoming meetings (the worker books the new time)",
)
def meeting_reschedule(request, meeting_id: int, payload: RescheduleIn):
    try:
        r = reschedule.reschedule_request(
            actor=request.user, meeting_id=meeting_id, request_id=request.request_id, **payload.dict()
        )
    except reschedule.RequestExists as exc:
        return Status(409, error_body(ErrorCode.CONFLICT, "already asked", errors=exc.message_dict))
    return Status(201, r)


meetings_staff_router = Router(tags=["meetings"], auth=role_auth(*TEAM_CASEWORK))


@meetings_staff_router.get(
    "/{int:client_id}/reschedule-requests",
    response=list[RescheduleOut],
    summary="The client's open requests to move a meeting",
)
def reschedule_requests(request, client_id: int):
    return reschedule.reschedule_requests_read(
        actor=request.user, client_id=client_id, request_id=request.request_id
    )


@meetings_staff_router.post(
    "/{int:client_id}/reschedule-requests/{int:request_pk}/handled",
    response=RescheduleOut,
    summary="Mark a request to move a meeting handled (after moving it or answering the client)",
)
def reschedule_handled(request, client_id: int, request_pk: int):
    return reschedule.reschedule_handle(
        actor=request.user, client_id=client_id, request_pk=request_pk, request_id=request.request_id
    )


@router.get("/contact", response=ContactOut, summary="My contact data")
def my_contact(request):
    return contact_out(selectors.portal_contact(actor=request.user, request_id=request.request_id))


@router.put("/contact", response=ContactOut, summary="Change my contact data")
def my_contact_put(request, body: ContactIn):
    client = selectors.own_client(request.user)
    saved = client_contact_update(
        actor=request.user, client=client, data=body.model_dump(), request_id=request.request_id
    )
    return contact_out(saved)
