"""/api/v1/events, /api/v1/portal/events and /api/v1/clients/{id}/events: recruitment events
(issue 14) with the same services and selectors as the pages, so the same permissions."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import event_selectors, event_services
from .models import EventRegistration, RecruitmentEvent

router = Router(tags=["recruitment events"], auth=role_auth(*policy.EVENT_ORGANISERS))
portal_router = Router(tags=["recruitment events"], auth=role_auth(*policy.CLIENTS))
client_router = Router(tags=["recruitment events"], auth=role_auth(*policy.TEAM_CASEWORK))
AREA_STAFF = role_auth(*policy.EVENT_PARTICIPANT_READERS)


class EventIn(Schema):
    """Shapes only: the service validates the values and answers per field."""

    title: str = Field(..., max_length=300)
    starts_at: datetime = Field(..., description="ISO 8601; without a zone, Finnish time")
    place: str = Field("", max_length=300)
    description: str = Field("", max_length=6000)
    capacity: int | None = Field(None, description="places; null for no limit")
    employers: list[int] = Field(default_factory=list, max_length=100, description="employer ids")


class EmployerRef(Schema):
    id: int
    name: str


class EventOut(Schema):
    id: int
    area: str
    title: str
    starts_at: datetime
    place: str
    description: str
    capacity: int | None
    registered: int
    employers: list[EmployerRef]


class ParticipantOut(Schema):
    registration_id: int
    client_id: int
    name: str
    registered_at: datetime
    by_staff: bool
    attended: bool | None


class Mark(Schema):
    registration_id: int
    attended: bool | None


class AttendanceIn(Schema):
    marks: list[Mark] = Field(..., max_length=2000)


class AttendanceOut(Schema):
    changed: int


class OpenEventOut(Schema):
    id: int
    title: str
    starts_at: datetime
    place: str
    description: str
    employers: list[str]
    registered: bool
    places_left: int | None


class RegistrationOut(Schema):
    id: int
    event_id: int
    registered_at: datetime


def _out(e: RecruitmentEvent) -> dict:
    return {
        "id": e.pk,
        "area": e.area.code,
        "title": e.title,
        "starts_at": e.starts_at,
        "place": e.place,
        "description": e.description,
        "capacity": e.capacity,
        "registered": e.n_registered,  # type: ignore[attr-defined]  # annotated by the selector
        "employers": [{"id": x.pk, "name": x.name} for x in e.employers.all()],
    }


def _open(r: event_selectors.OpenEvent) -> dict:
    e = r.event
    return {
        "id": e.pk,
        "title": e.title,
        "starts_at": e.starts_at,
        "place": e.place,
        "description": e.description,
        "employers": [x.name for x in e.employers.all()],
        "registered": r.registered,
        "places_left": r.places_left,
    }


def _registration(row: EventRegistration) -> dict:
    return {"id": row.pk, "event_id": row.event_id, "registered_at": row.registered_at}


@router.get("", response=list[EventOut], summary="Recruitment events of the caller's area")
def event_list(request, upcoming: bool = False, limit: int = 200):
    qs = event_selectors.events(request.user)
    if upcoming:
        qs = qs.filter(starts_at__gte=event_selectors.start_of_today())
    return [_out(e) for e in qs[: max(1, min(limit, 1000))]]


@router.post("", response={201: EventOut}, summary="Organise a recruitment event in one's own area")
def event_create(request, body: EventIn):
    event = event_services.event_create(
        actor=request.user, data=body.model_dump(), request_id=request.request_id
    )
    return Status(201, _out(event_selectors.event_get(request.user, event.pk)))


@router.get("/{event_id}", response=EventOut, summary="One recruitment event")
def event(request, event_id: int):
    return _out(event_selectors.event_get(request.user, event_id))


@router.put("/{event_id}", response=EventOut, summary="Change a recruitment event")
def event_update(request, event_id: int, body: EventIn):
    event_services.event_update(
        actor=request.user, event_id=event_id, data=body.model_dump(), request_id=request.request_id
    )
    return _out(event_selectors.event_get(request.user, event_id))


@router.get(
    "/{event_id}/participants",
    response=list[ParticipantOut],
    auth=AREA_STAFF,
    summary="Who registered (each name read is logged for the client)",
)
def participants(request, event_id: int):
    event = event_selectors.event_get(request.user, event_id)
    return [
        {
            "registration_id": p.registration.pk,
            "client_id": p.registration.client_id,
            "name": p.name,
            "registered_at": p.registration.registered_at,
            "by_staff": p.by_staff,
            "attended": p.registration.attended,
        }
        for p in event_selectors.participants(request.user, event, request_id=request.request_id)
    ]


@router.post("/{event_id}/attendance", response=AttendanceOut, auth=AREA_STAFF, summary="Mark attendance")
def attendance(request, event_id: int, body: AttendanceIn):
    event_selectors.event_get(request.user, event_id)
    changed = event_services.attendance_mark(
        actor=request.user,
        event_id=event_id,
        marks={m.registration_id: m.attended for m in body.marks},
        request_id=request.request_id,
    )
    return {"changed": len(changed)}


@portal_router.get("/events", response=list[OpenEventOut], summary="Upcoming recruitment events of my area")
def portal_events(request):
    return [_open(r) for r in event_selectors.portal_events(request.user, request_id=request.request_id)]


@portal_router.post(
    "/events/{event_id}/registration", response={201: RegistrationOut}, summary="Register for an event"
)
def portal_register(request, event_id: int):
    row = event_services.registration_add(
        actor=request.user, event_id=event_id, request_id=request.request_id
    )
    return Status(201, _registration(row))


@portal_router.delete(
    "/events/{event_id}/registration", response={204: None}, summary="Cancel my registration"
)
def portal_cancel(request, event_id: int):
    event_services.registration_cancel(actor=request.user, event_id=event_id, request_id=request.request_id)
    return Status(204, None)


@client_router.get(
    "/{client_id}/events", response=list[OpenEventOut], summary="Upcoming events of a client's area"
)
def client_events(request, client_id: int):
    _, rows = event_selectors.client_events(request.user, client_id, request_id=request.request_id)
    return [_open(r) for r in rows]


@client_router.post(
    "/{client_id}/events/{event_id}/registration",
    response={201: RegistrationOut},
    summary="Register the client for an event",
)
def client_register(request, client_id: int, event_id: int):
    row = event_services.registration_add(
        actor=request.user, event_id=event_id, client_id=client_id, request_id=request.request_id
    )
    return Status(201, _registration(row))


@client_router.delete(
    "/{client_id}/events/{event_id}/registration",
    response={204: None},
    summary="Cancel the client's registration",
)
def client_cancel(request, client_id: int, event_id: int):
    event_services.registration_cancel(
        actor=request.user, event_id=event_id, client_id=client_id, request_id=request.request_id
    )
    return Status(204, None)
