"""/api/v1/casework/: employment plan, network, shared notes and reassignment."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import selectors, services

router = Router(tags=["casework"])


class TaskIn(Schema):
    title: str = Field(..., max_length=300)
    assignee: str = Field("client", max_length=10)
    due_date: date | None = None
    done: bool = False


class AgreedService(Schema):
    service_id: int | None = Field(None, description="the catalogue service, if any")
    name: str = Field(..., max_length=200)


class PlanIn(Schema):
    goals: str = Field("", max_length=5000)
    job_search_obligation: int = Field(4, ge=0, le=4)
    tasks: list[TaskIn] = Field(default_factory=list, max_length=30)
    agreed_services: list[AgreedService] | None = None


class PlanOut(Schema):
    id: int
    version: int
    goals: str
    job_search_obligation: int
    agreed_services: list[AgreedService]


class NetworkIn(Schema):
    member_id: int
    consent_given: date


class NoteIn(Schema):
    text: str = Field(..., max_length=5000)
    visible_to: list[str] = Field(default_factory=list, max_length=10)


class NoteOut(Schema):
    id: int
    text: str
    author: str
    visible_to: list[str]
    created_at: datetime


class ReassignIn(Schema):
    client_ids: list[int] = Field(..., max_length=5000)
    to_worker_id: int
    note: str = Field(..., max_length=5000)


class OffboardIn(Schema):
    worker_id: int
    note: str = Field(..., max_length=5000)


class CountOut(Schema):
    reassigned: int


EDITOR_AUTH = role_auth(*services.PLAN_EDITORS)
NOTE_AUTH = role_auth(*services.NOTE_ROLES)
SUPERVISOR_AUTH = role_auth(*policy.SUPERVISORS)


@router.put(
    "/clients/{int:client_id}/plan", auth=EDITOR_AUTH, response=PlanOut, summary="Save a new plan version"
)
def plan_put(request, client_id: int, payload: PlanIn):
    data = payload.dict()
    tasks = data.pop("tasks")
    return services.plan_save(
        actor=request.user, client_id=client_id, tasks=tasks, request_id=request.request_id, **data
    )


@router.post(
    "/clients/{int:client_id}/network",
    auth=EDITOR_AUTH,
    response={201: dict},
    summary="Add a professional to the network",
)
def network_post(request, client_id: int, payload: NetworkIn):
    nm = services.network_add(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(201, {"member_id": nm.member_id, "consent_given": nm.consent_given.isoformat()})


@router.delete(
    "/clients/{int:client_id}/network/{int:member_id}",
    auth=EDITOR_AUTH,
    response={204: None},
    summary="Remove a professional",
)
def network_delete(request, client_id: int, member_id: int):
    services.network_remove(
        actor=request.user, client_id=client_id, member_id=member_id, request_id=request.request_id
    )
    return Status(204, None)


@router.get(
    "/clients/{int:client_id}/notes",
    auth=NOTE_AUTH,
    response=list[NoteOut],
    summary="Shared notes visible to my role",
)
def notes_get(request, client_id: int):
    d = selectors.client_detail(actor=request.user, client_id=client_id, request_id=request.request_id)
    return [
        {
            "id": n.pk,
            "text": n.text,
            "author": n.author.display_name if n.author else "",
            "visible_to": n.visible_to,
            "created_at": n.created_at,
        }
        for n in d.notes
    ]


@router.post(
    "/clients/{int:client_id}/notes", auth=NOTE_AUTH, response={201: NoteOut}, summary="Share a note"
)
def notes_post(request, client_id: int, payload: NoteIn):
    n = services.note_share(
        actor=request.user, client_id=client_id, request_id=request.request_id, **payload.dict()
    )
    return Status(
        201,
        {
            "id": n.pk,
            "text": n.text,
            "author": request.user.display_name,
            "visible_to": n.visible_to,
            "created_at": n.created_at,
        },
    )


@router.post(
    "/reassign",
    auth=SUPERVISOR_AUTH,
    response=CountOut,
    summary="Move clients to another worker with a handover note",
)
def reassign(request, payload: ReassignIn):
    return {
        "reassigned": services.clients_reassign(
            actor=request.user, request_id=request.request_id, **payload.dict()
        )
    }


@router.post(
    "/offboard",
    auth=SUPERVISOR_AUTH,
    response=CountOut,
    summary="A worker leaves: spread their clients over the team",
)
def offboard(request, payload: OffboardIn):
    return {
        "reassigned": services.worker_offboard(
            actor=request.user, request_id=request.request_id, **payload.dict()
        )
    }
