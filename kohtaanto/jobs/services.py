"""Running the schedule: enqueue each due job once and move its next run forward. Several
workers may run; the row lock (PostgreSQL) or SQLite's single writer keeps a job from
being enqueued twice for the same slot."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record

from .models import ScheduledJob
from .tasks import REGISTRY


def schedule_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue the jobs whose time has come; returns their keys. A missed slot (the worker
    was down) runs once, not once per missed slot."""
    now = now or timezone.now()
    started = []
    with transaction.atomic():
        due = ScheduledJob.objects.select_for_update(skip_locked=True).filter(
            enabled=True, next_run_at__lte=now
        )
        for job in due:
            result = REGISTRY[job.job].enqueue()
            nxt = job.next_run_at
            while nxt <= now:
                nxt += job.interval
            job.next_run_at, job.last_enqueued_at, job.last_result_id = nxt, now, str(result.id)
            job.save(update_fields=["next_run_at", "last_enqueued_at", "last_result_id"])
            started.append(job.job)
    return started


def job_enqueue(*, actor: User, job: str, request_id: str = "") -> str:
    """Start a job now (the administrator's button); returns the task result's id."""
    if not policy.is_administrator(actor):
        raise PermissionDenied("only administrators start jobs")
    if job not in REGISTRY:
        raise ValidationError({"job": "unknown job"})
    result = REGISTRY[job].enqueue()
    audit_record(
        actor=actor,
        action="create",
        target_type="jobs.run",
        target_id=job,
        purpose="administration: jobs",
        request_id=request_id,
    )
    return str(result.id)


def schedule_update(
    *, actor: User, job: str, every_minutes: int, enabled: bool, request_id: str = ""
) -> ScheduledJob:
    if not policy.is_administrator(actor):
        raise PermissionDenied("only administrators change the schedule")
    with transaction.atomic():
        row = ScheduledJob.objects.select_for_update().filter(job=job).first()
        if row is None:
            raise ValidationError({"job": "no such scheduled job"})
        row.every_minutes, row.enabled = every_minutes, enabled
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="update",
            target_type="jobs.schedule",
            target_id=job,
            purpose="administration: jobs",
            request_id=request_id,
            detail={"every_minutes": every_minutes, "enabled": enabled},
        )
    return row


def schedule_defaults_install() -> int:
    """The default schedule for jobs not yet scheduled (a fresh database, or a new job)."""
    from .defaults import default_schedule

    made = 0
    for key, (minutes, first) in default_schedule().items():
        _row, created = ScheduledJob.objects.get_or_create(
            job=key, defaults={"every_minutes": minutes, "next_run_at": first}
        )
        made += created
    return made
