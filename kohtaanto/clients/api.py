"""Client endpoints of /api/v1/: thin adapters over selectors and services."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from kohtaanto.organisation.models import Office

from . import selectors, services

router = Router(tags=["clients"])


class MeetingOut(Schema):
    id: int
    kind: str
    status: str
    channel: str
    due_date: date | None
    planned_date: date | None
    held_date: date | None
    start_time: time | None = None
    duration_minutes: int = 45
    office_id: int | None = None
    video_link: str = ""
    notes: str | None = Field(None, description="Omitted for roles that do not read meeting notes")


class NoteVersionOut(Schema):
    version: int
    text: str
    created_at: datetime
    created_by: str | None


class EventOut(Schema):
    date: date
    kind: str
    service_code: str
    reason: str


class PlanOut(Schema):
    version: int
    goals: str
    job_search_obligation: int
    acknowledged: bool


class ClientOut(Schema):
    id: int
    external_id: str
    first_name: str
    last_name: str
    identity_code: str | None
    birth_date: date
    gender: str
    mother_tongue: str
    finnish_level: str
    education_level: str
    registration_date: date
    job_search_status: str
    unit: str
    team: str
    responsible_worker: str | None
    next_due_date: date | None
    next_due_kind: str
    plan: PlanOut | None
    meetings: list[MeetingOut]
    events: list[EventOut]


class MeetingIn(Schema):
    kind: str = Field(..., max_length=30)
    status: str = Field(..., max_length=10)
    channel: str = Field("in_person", max_length=10)
    planned_date: date | None = None
    held_date: date | None = None
    start_time: time | None = None
    duration_minutes: int | None = Field(None, ge=5, le=480)
    office_id: int | None = Field(None, description="An office of the organisation; omit to keep")
    video_link: str | None = Field(None, max_length=500, description="https link; omit to keep")
    notes: str | None = Field(None, max_length=5000, description="Omit to keep the meeting's notes")
    reason: str = Field(
        "", max_length=300, description="Required when the client has another responsible worker"
    )


def _meeting_args(payload: MeetingIn) -> dict:
    """The payload as the service takes it: an office id becomes the office (unknown: 422)."""
    args = payload.dict()
    office_id = args.pop("office_id")
    if office_id is not None:
        office = Office.objects.filter(pk=office_id).first()
        if office is None:
            raise ValidationError({"office_id": "no such office"})
        args["office"] = office
    return args


class CaseloadOut(Schema):
    worker_id: int
    worker: str
    active: int
    overdue: int
    over_norm: bool


@router.get("/caseloads", response=list[CaseloadOut], summary="Caseloads of the leader's team")
def caseloads(request):
    rows = selectors.team_caseloads(actor=request.user, norm=settings.CASELOAD_NORM, today=date.today())
    return [
        {
            "worker_id": r.worker.pk,
            "worker": r.worker.display_name,
            "active": r.active,
            "overdue": r.overdue,
            "over_norm": r.over_norm,
        }
        for r in rows
    ]


@router.get("/{int:client_id}", response=ClientOut, summary="One client's record")
def client_detail(request, client_id: int, reason: str = ""):
    d = selectors.client_detail(
        actor=request.user, client_id=client_id, reason=reason[:300], request_id=request.request_id
    )
    c = d.client
    return {
        "id": c.pk,
        "external_id": c.external_id,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "identity_code": d.identity_code,
        "birth_date": c.birth_date,
        "gender": c.gender,
        "mother_tongue": c.mother_tongue,
        "finnish_level": c.finnish_level,
        "education_level": c.education_level,
        "registration_date": c.registration_date,
        "job_search_status": c.job_search_status,
        "unit": c.unit.code,
        "team": c.team.code,
        "responsible_worker": c.responsible_worker.display_name if c.responsible_worker else None,
        "next_due_date": c.next_due_date,
        "next_due_kind": c.next_due_kind,
        "plan": (
            {
                "version": d.plan.version,
                "goals": d.plan.goals,
                "job_search_obligation": d.plan.job_search_obligation,
                "acknowledged": d.plan.acknowledged_at is not None,
            }
            if d.plan
            else None
        ),
        "meetings": [_meeting_out(m, d.show_meeting_notes) for m in d.meetings],
        "events": d.events,
    }


def _meeting_out(m, with_notes: bool = True) -> dict:
    out = {f: getattr(m, f) for f in ("id", "kind", "status", "channel", "due_date", "planned_date")}
    return {**out, "held_date": m.held_date, "notes": m.notes if with_notes else None}


@router.get(
    "/{int:client_id}/meetings/{int:meeting_id}/notes",
    response=list[NoteVersionOut],
    summary="Every saved version of a meeting's notes, newest first",
)
def meeting_notes(request, client_id: int, meeting_id: int):
    versions = selectors.meeting_note_versions(
        actor=request.user, client_id=client_id, meeting_id=meeting_id, request_id=request.request_id
    )
    return [
        {
            "version": v.version,
            "text": v.text,
            "created_at": v.created_at,
            "created_by": v.created_by.display_name if v.created_by else None,
        }
        for v in versions
    ]


@router.put(
    "/{int:client_id}/meetings/{int:meeting_id}",
    response=MeetingOut,
    summary="Record the outcome of a planned meeting, or move it",
)
def meeting_update(request, client_id: int, meeting_id: int, payload: MeetingIn):
    return services.meeting_record(
        actor=request.user,
        client_id=client_id,
        meeting_id=meeting_id,
        request_id=request.request_id,
        **_meeting_args(payload),
    )


@router.post("/{int:client_id}/meetings", response={201: MeetingOut}, summary="Record a meeting")
def meeting_create(request, client_id: int, payload: MeetingIn):
    m = services.meeting_record(
        actor=request.user, client_id=client_id, request_id=request.request_id, **_meeting_args(payload)
    )
    return Status(201, m)
