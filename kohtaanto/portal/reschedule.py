"""The client's request to move a booked meeting, and the worker's side of it (issue 12).

The client asks in the portal or the API; the request shows on the worker's worklist and
client page until the worker moves the meeting or marks the request handled. Nothing moves
automatically: the worker decides and books the new time.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_record_meetings, can_write_meetings
from kohtaanto.audit.services import Reads, audit_record
from kohtaanto.clients.models import Client, Meeting, MeetingStatus
from kohtaanto.clients.selectors import client_get

from .models import RESCHEDULE_REASON_MAX, RescheduleRequest
from .selectors import own_client
from .services import clean_text, tell_worker


class RequestExists(ValidationError):
    """This meeting already has an open request (the API answers 409)."""


def reschedule_request(
    *, actor: User, meeting_id: int, reason: str, preferred: str = "", request_id: str = ""
) -> RescheduleRequest:
    """The client asks to move one of their own upcoming meetings."""
    client = own_client(actor)
    reason, preferred = clean_text(reason), clean_text(preferred)
    errors = {}
    if not reason:
        errors["reason"] = _("Tell your worker why the time does not suit you.")
    elif len(reason) > RESCHEDULE_REASON_MAX:
        errors["reason"] = _("The reason can be at most %(n)s characters.") % {"n": RESCHEDULE_REASON_MAX}
    if len(preferred) > 200:
        errors["preferred"] = _("Suitable times can be at most %(n)s characters.") % {"n": 200}
    meeting = client.meetings.filter(
        pk=meeting_id, status=MeetingStatus.PLANNED, planned_date__gte=timezone.localdate()
    ).first()
    if meeting is None:
        errors["meeting_id"] = _("You can ask to move only your own meetings that are still ahead.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if RescheduleRequest.objects.open().filter(meeting=meeting).exists():
            raise RequestExists({"meeting_id": _("You have already asked to move this meeting.")})
        RescheduleRequest.objects.filter(meeting=meeting, handled_at__isnull=True).update(
            handled_at=timezone.now()  # an earlier request the worker answered by moving it
        )
        try:
            with transaction.atomic():
                req = RescheduleRequest.objects.create(
                    client=client,
                    meeting=meeting,
                    reason=reason,
                    preferred=preferred,
                    planned_date=meeting.planned_date,
                    start_time=meeting.start_time,
                )
        except IntegrityError as exc:
            raise RequestExists({"meeting_id": _("You have already asked to move this meeting.")}) from exc
        audit_record(
            actor=actor,
            action="create",
            target_type="meeting.reschedule_request",
            target_id=req.pk,
            subject_client_id=client.pk,
            purpose="client portal",
            request_id=request_id,
        )
    _notify_worker(req)  # after the commit: a mail failure never undoes the request
    return req


def _notify_worker(req: RescheduleRequest) -> None:
    tell_worker(
        req.client,
        subject=gettext_lazy("A client asks to move a meeting"),
        body=gettext_lazy(
            "Hello,\n\na client asks to move a meeting in Kohtaanto. See the request here:\n%(link)s\n"
        ),
        kind="meeting.reschedule_request",
        key=f"reschedule:{req.pk}",
    )


def reschedule_handle(
    *, actor: User, client_id: int, request_pk: int, request_id: str = ""
) -> RescheduleRequest:
    """The worker marks a request handled (after moving the meeting or answering the client)."""
    return request_mark_handled(
        actor=actor,
        client_id=client_id,
        rows=RescheduleRequest.objects.all(),
        request_pk=request_pk,
        target_type="meeting.reschedule_request",
        request_id=request_id,
    )


def request_mark_handled(
    *, actor: User, client_id: int, rows, request_pk: int, target_type: str, request_id: str
):
    """A client's request (to move a meeting, for a referral) marked handled by their team:
    403 for other roles before any read, 404 outside the scope, audited once."""
    if not can_record_meetings(actor):  # a role that never handles clients' requests
        raise PermissionDenied
    client = client_get(actor=actor, client_id=client_id, reads=Reads())  # 404 outside the scope
    if not can_write_meetings(actor, client):
        raise PermissionDenied
    with transaction.atomic():
        req = rows.select_for_update().filter(pk=request_pk, client=client).first()
        if req is None:
            raise Http404
        if req.handled_at is None:
            req.handled_at, req.handled_by = timezone.now(), actor
            req.save(update_fields=["handled_at", "handled_by"])
            audit_record(
                actor=actor,
                action="update",
                target_type=target_type,
                target_id=req.pk,
                subject_client_id=client.pk,
                purpose="case work",
                request_id=request_id,
            )
    return req


def reschedule_requests_read(*, actor: User, client_id: int, request_id: str = "") -> list[RescheduleRequest]:
    """A client's open requests for the API: the client read is scope-checked and audited."""
    client = client_get(actor=actor, client_id=client_id, request_id=request_id)
    return open_requests(client=client)


def open_requests(*, client: Client) -> list[RescheduleRequest]:
    """A client's open requests, for the client page (read with it, under its audit event)."""
    return list(RescheduleRequest.objects.open().filter(client=client).select_related("meeting"))


def clients_asking(*, client_ids: list[int]) -> set[int]:
    """Of these clients, those with an open request: one query for a worklist page."""
    return set(
        RescheduleRequest.objects.open().filter(client_id__in=client_ids).values_list("client_id", flat=True)
    )


def meeting_of(*, actor: User, meeting_id: int) -> Meeting:
    """The client's own upcoming meeting, for the request form (404 otherwise)."""
    client = own_client(actor)
    meeting = (
        client.meetings.filter(pk=meeting_id, status=MeetingStatus.PLANNED).select_related("office").first()
    )
    if meeting is None:
        raise Http404
    return meeting
