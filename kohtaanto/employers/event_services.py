"""Writes on recruitment events (issue 14): one transaction each, audited.

The employer staff of an area organise its events; a job seeker registers in the portal, or
their own team registers them, for an upcoming event of the client's own area while places
are left; the area's staff mark who attended, from the day of the event on."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic import ValidationError as PydanticError

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.clients.models import Client
from kohtaanto.portal.selectors import own_client

from . import access
from .event_selectors import PURPOSE, client_area, client_for_events, event_scope, organises
from .models import Employer, EventRegistration, RecruitmentEvent
from .vacancy_data import field_errors

MAX_CAPACITY = 10_000


class EventData(BaseModel):
    """An event as the form, the API and the demo enter it, validated once."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: datetime
    place: str = Field("", max_length=200)
    description: str = Field("", max_length=3000)
    capacity: int | None = Field(None, ge=1, le=MAX_CAPACITY)
    employers: list[int] = Field(default_factory=list, max_length=50)

    @field_validator("starts_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        """A time without a zone is local (Finnish) time."""
        return timezone.make_aware(value) if timezone.is_naive(value) else value


def _data(data: dict, actor: User) -> EventData:
    try:
        clean = EventData.model_validate(data)
    except PydanticError as exc:
        raise ValidationError(field_errors(exc)) from exc
    wanted = set(clean.employers)
    if wanted and Employer.objects.filter(access.employer_scope(actor), pk__in=wanted).count() != len(wanted):
        raise ValidationError({"employers": _("Choose employers of your area's register.")})
    return clean


def _organiser(actor: User) -> None:
    if not policy.has_role(actor, policy.EVENT_ORGANISERS):
        raise PermissionDenied("this role does not organise recruitment events")


def _save(event: RecruitmentEvent, clean: EventData) -> None:
    event.title, event.starts_at, event.place = clean.title, clean.starts_at, clean.place
    event.description, event.capacity = clean.description, clean.capacity
    event.save()
    event.employers.set(clean.employers)


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def event_create(*, actor: User, data: dict, request_id: str = "") -> RecruitmentEvent:
    """A new event of the organiser's own area."""
    _organiser(actor)
    area = access.area_of(actor)
    if area is None:
        raise PermissionDenied(_("You work for no employment area, so you cannot organise events."))
    clean = _data(data, actor)
    if clean.starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The event must start in the future.")})
    with transaction.atomic():
        event = RecruitmentEvent(area_id=area, organiser=actor)
        _save(event, clean)
        audit_record(
            actor=actor,
            action="create",
            target_type="employer.event",
            target_id=event.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return event


def event_update(*, actor: User, event_id: int, data: dict, request_id: str = "") -> RecruitmentEvent:
    """Change an event of the actor's area; the places cannot go below those taken."""
    _organiser(actor)
    clean = _data(data, actor)
    with transaction.atomic():
        event = RecruitmentEvent.objects.select_for_update().filter(event_scope(actor), pk=event_id).first()
        if event is None:
            raise Http404("event not found")
        errors = {}
        taken = event.registrations.count()
        if clean.capacity is not None and clean.capacity < taken:
            errors["capacity"] = _("%(n)s people have registered: there must be at least as many places.") % {
                "n": taken
            }
        moved = _minute(clean.starts_at) != _minute(event.starts_at)  # the form has no seconds
        if moved and clean.starts_at <= timezone.now():
            errors["starts_at"] = _("The event must start in the future.")
        if errors:
            raise ValidationError(errors)
        _save(event, clean)
        audit_record(
            actor=actor,
            action="update",
            target_type="employer.event",
            target_id=event.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return event


def _client_of(actor: User, client_id: int | None, request_id: str) -> Client:
    """The client themself in the portal, or a client of the actor's own team."""
    if policy.is_client(actor):
        client = own_client(actor)
        if client_id is not None and client_id != client.pk:
            raise Http404("client not found")
        return client
    if client_id is None:
        raise PermissionDenied(_("Only the client's own team registers them for events."))
    return client_for_events(actor, client_id, request_id=request_id)


def _locked_event(event_id: int) -> RecruitmentEvent:
    event = RecruitmentEvent.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise Http404("event not found")
    return event


def registration_add(
    *, actor: User, event_id: int, client_id: int | None = None, request_id: str = ""
) -> EventRegistration:
    """Register the client (the actor, or `client_id` of the actor's team) for an upcoming
    event of the client's area while places are left."""
    client = _client_of(actor, client_id, request_id)
    with transaction.atomic():
        event = _locked_event(event_id)  # the lock keeps two last registrations from both fitting
        if event.area_id != client_area(client):
            raise ValidationError({"event": _("The event is in another employment area than the client's.")})
        if event.starts_at <= timezone.now():
            raise ValidationError({"event": _("The event has already begun: registration is closed.")})
        taken = event.registrations.count()
        if event.registrations.filter(client=client).exists():
            raise ValidationError({"event": _("Already registered for this event.")})
        if event.capacity is not None and taken >= event.capacity:
            raise ValidationError(
                {"event": _("The event is full: all %(n)s places are taken.") % {"n": event.capacity}}
            )
        try:
            with transaction.atomic():
                row = EventRegistration.objects.create(event=event, client=client, registered_by=actor)
        except IntegrityError as exc:  # registered at the same moment elsewhere
            raise ValidationError({"event": _("Already registered for this event.")}) from exc
        audit_record(
            actor=actor,
            action="create",
            target_type="employer.event_registration",
            target_id=row.pk,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"event": event.pk},
        )
    return row


def registration_cancel(
    *, actor: User, event_id: int, client_id: int | None = None, request_id: str = ""
) -> None:
    """Cancel the client's registration before the event begins; the place is freed."""
    client = _client_of(actor, client_id, request_id)
    with transaction.atomic():
        event = _locked_event(event_id)
        row = event.registrations.filter(client=client).first()
        if row is None:
            raise ValidationError({"event": _("Not registered for this event.")})
        if event.starts_at <= timezone.now():
            raise ValidationError({"event": _("The event has already begun: the registration stays.")})
        row_id = row.pk
        row.delete()
        audit_record(
            actor=actor,
            action="delete",
            target_type="employer.event_registration",
            target_id=row_id,
            subject_client_id=client.pk,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"event": event.pk},
        )


def attendance_mark(
    *, actor: User, event_id: int, marks: dict[int, bool | None], request_id: str = ""
) -> list[EventRegistration]:
    """Record who attended (True), who did not (False) or not known (None), by registration,
    for the staff of the event's area from the event's day on. Returns the changed rows."""
    if not policy.has_role(actor, policy.EVENT_PARTICIPANT_READERS):
        raise PermissionDenied(_("Only the employer staff of the event's area mark attendance."))
    with transaction.atomic():
        event = RecruitmentEvent.objects.select_for_update().filter(event_scope(actor), pk=event_id).first()
        if event is None or not organises(actor, event):
            raise Http404("event not found")
        if timezone.localdate(event.starts_at) > timezone.localdate():
            raise ValidationError({"attended": _("Attendance is marked from the day of the event on.")})
        rows = {r.pk: r for r in event.registrations.filter(pk__in=list(marks))}
        unknown = sorted(set(marks) - set(rows))
        if unknown:
            raise ValidationError(
                {
                    "registrations": _("Not registrations of this event: %(ids)s.")
                    % {"ids": ", ".join(map(str, unknown[:10]))}
                }
            )
        changed = [r for pk, r in rows.items() if r.attended is not marks[pk]]
        for row in changed:
            row.attended = marks[row.pk]
        EventRegistration.objects.bulk_update(changed, ["attended"])
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    "update",
                    "employer.event_registration",
                    r.pk,
                    r.client_id,
                    {"event": event.pk, "attended": r.attended},
                )
                for r in changed
            ],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return changed
