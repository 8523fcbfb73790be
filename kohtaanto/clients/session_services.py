"""Network professionals' own sessions with a client (issue 18, defect 1): written by the
professional in the client's active network, audited, and kept apart from the timetable."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_record_network_sessions
from kohtaanto.audit.services import audit_record

from .models import SESSION_SUMMARY_MAX, Channel, NetworkMember, NetworkSession, SessionKind
from .selectors import client_get

# A session is recorded after it took place; a year back covers late entries.
SESSION_BACKDATE_DAYS = 366


def network_session_record(
    *,
    actor: User,
    client_id: int,
    date: date,
    kind: str,
    channel: str = Channel.IN_PERSON,
    summary: str = "",
    request_id: str = "",
) -> NetworkSession:
    """Record a session the actor held with the client; the client's next due date and the
    timetable's meetings are untouched."""
    if not can_record_network_sessions(actor):
        raise PermissionDenied(
            _("Only professionals in the client's network record their own sessions here.")
        )
    errors = {}
    today = timezone.localdate()
    if date > today:
        errors["date"] = _("A session is recorded after it has taken place.")
    elif date < today - timedelta(days=SESSION_BACKDATE_DAYS):
        errors["date"] = _("A session more than a year ago cannot be recorded.")
    if kind not in SessionKind.values:
        errors["kind"] = _("Choose the kind of session.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel.")
    if len(summary) > SESSION_SUMMARY_MAX:
        errors["summary"] = _("The summary can be at most %(n)s characters.") % {"n": SESSION_SUMMARY_MAX}
    with transaction.atomic():
        client = client_get(
            actor=actor, client_id=client_id, purpose="network session", request_id=request_id
        )
        if not NetworkMember.objects.filter(client=client, member=actor, active=True).exists():
            raise PermissionDenied(_("You are not in this client's network."))
        if errors:
            raise ValidationError(errors)
        session = NetworkSession.objects.create(
            client=client,
            professional=actor,
            date=date,
            kind=kind,
            channel=channel,
            summary=summary.strip(),
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="client.network_session",
            target_id=session.pk,
            subject_client_id=client.pk,
            purpose="network session",
            request_id=request_id,
        )
    return session
