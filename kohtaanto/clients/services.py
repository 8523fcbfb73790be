"""Writes to client data: one transaction each, audit event written explicitly."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.permissions import can_record_meetings
from kohtaanto.audit.services import audit_record

from . import schedule
from .models import Channel, ClientEvent, EventKind, Meeting, MeetingKind, MeetingStatus
from .selectors import client_get


def meeting_record(
    *,
    actor: User,
    client_id: int,
    kind: str,
    status: str,
    channel: str,
    planned_date: date | None = None,
    held_date: date | None = None,
    notes: str = "",
    meeting_id: int | None = None,
    request_id: str = "",
) -> Meeting:
    """Record a meeting (new, or the outcome of a planned one) and move the worklist deadline."""
    if not can_record_meetings(actor):
        raise PermissionDenied(_("Your role cannot record meetings."))
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Unknown meeting kind.")
    if status not in MeetingStatus.values:
        errors["status"] = _("Unknown meeting status.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if status == MeetingStatus.HELD and held_date is None:
        errors["held_date"] = _("A held meeting needs the date it was held.")
    if held_date and held_date > date.today():
        errors["held_date"] = _("A meeting cannot be held in the future.")
    if status == MeetingStatus.PLANNED and planned_date is None:
        errors["planned_date"] = _("A planned meeting needs a date.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="record meeting", request_id=request_id)
        if held_date and held_date < client.registration_date:
            raise ValidationError({"held_date": _("A meeting cannot be held before registration.")})
        if meeting_id is not None:
            meeting = Meeting.objects.select_for_update().filter(pk=meeting_id, client=client).first()
            if meeting is None:
                raise ValidationError({"meeting_id": _("No such meeting for this client.")})
        else:
            meeting = Meeting(client=client)
        meeting.kind = kind
        meeting.status = status
        meeting.channel = channel
        meeting.planned_date = planned_date or meeting.planned_date or held_date
        meeting.held_date = held_date if status == MeetingStatus.HELD else None
        meeting.notes = notes[:5000]
        meeting.staff = actor
        if meeting.due_date is None:
            meeting.due_date = schedule.due_for_new_meeting(client, kind)
        meeting.save()
        if status == MeetingStatus.HELD:
            ClientEvent.objects.create(client=client, date=held_date, kind=EventKind.MEETING, reason=kind)
        schedule.refresh_next_due(client)
        audit_record(
            actor=actor,
            action="update" if meeting_id else "create",
            target_type="meeting",
            target_id=meeting.pk,
            subject_client_id=client.pk,
            purpose="record meeting",
            request_id=request_id,
            detail={"kind": kind, "status": status},
        )
    return meeting
