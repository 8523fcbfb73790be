"""Reading the audit log: the data subject's view and the supervisor's view."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from kohtaanto.accounts.models import Role, User

from .models import AuditEvent
from .services import audit_record

PAGE = 100


def access_log_for_client_user(*, actor: User, limit: int = PAGE) -> list[AuditEvent]:
    """Who processed my data and when: for the client themself, staff reads and writes only."""
    if actor.role != Role.CLIENT:
        raise PermissionDenied("only a client sees their own access log")
    record = getattr(actor, "client_record", None)
    if record is None:
        return []
    return list(
        AuditEvent.objects.filter(subject_client_id=record.pk)
        .exclude(actor_id=actor.pk)
        .order_by("-id")[: max(1, min(limit, 1000))]
    )


def _window(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    end = end or timezone.localdate()
    start = start or end - timedelta(days=30)
    if start > end:
        raise ValueError("start is after end")
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def supervisable_workers(actor: User) -> QuerySet[User]:
    if actor.role == Role.TEAM_LEADER and actor.team_id:
        return User.objects.filter(team_id=actor.team_id).exclude(pk=actor.pk)
    if actor.role == Role.SERVICE_MANAGER and actor.unit_id:
        return User.objects.filter(unit_id=actor.unit_id).exclude(pk=actor.pk)
    if actor.role == Role.ADMINISTRATOR:
        return User.objects.exclude(role=Role.CLIENT)
    raise PermissionDenied("only supervisors query access by worker")


def access_by_worker(
    *,
    actor: User,
    worker_id: int,
    start: date | None = None,
    end: date | None = None,
    request_id: str = "",
    limit: int = 500,
) -> list[AuditEvent]:
    """A supervisor's check of what one worker accessed; the check itself is logged too."""
    worker = supervisable_workers(actor).filter(pk=worker_id).first()
    if worker is None:
        raise Http404("worker not found")
    lo, hi = _window(start, end)
    events = list(
        AuditEvent.objects.filter(actor_id=worker.pk, time__gte=lo, time__lt=hi).order_by("-id")[
            : max(1, min(limit, 5000))
        ]
    )
    audit_record(
        actor=actor,
        action="read",
        target_type="audit.access_by_worker",
        target_id=worker.pk,
        purpose="access supervision",
        request_id=request_id,
        detail={"start": lo.date().isoformat(), "end": (hi.date() - timedelta(days=1)).isoformat()},
    )
    return events
