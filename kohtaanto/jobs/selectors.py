"""What the administrator sees of background work: the schedule and each recent run with
its state, duration and error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User

from .models import JOB_LABELS, ScheduledJob

RECENT = 50


@dataclass(frozen=True)
class JobRun:
    id: str
    job: str
    label: str
    status: str
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    seconds: float | None
    attempt: int
    error: str
    result: dict | None


def _admin_only(actor: User) -> None:
    if not policy.is_administrator(actor):
        raise PermissionDenied("only administrators see background jobs")


def schedule(*, actor: User) -> list[ScheduledJob]:
    _admin_only(actor)
    return list(ScheduledJob.objects.all())


def recent_runs(*, actor: User, limit: int = RECENT) -> list[JobRun]:
    from django_tasks_db.models import DBTaskResult

    _admin_only(actor)
    runs = []
    for r in DBTaskResult.objects.order_by("-enqueued_at")[: max(1, min(limit, 500))]:
        job = r.task_path.rsplit(".", 1)[-1]
        seconds = (r.finished_at - r.started_at).total_seconds() if r.finished_at and r.started_at else None
        kwargs = (r.args_kwargs or {}).get("kwargs", {}) if isinstance(r.args_kwargs, dict) else {}
        error = r.exception_class_path.rsplit(".", 1)[-1] if r.exception_class_path else ""
        if error and r.traceback:
            error = f"{error}: {r.traceback.strip().splitlines()[-1][:300]}"
        runs.append(
            JobRun(
                id=str(r.id),
                job=job,
                label=str(JOB_LABELS.get(job, job)),
                status=r.status,
                enqueued_at=r.enqueued_at,
                started_at=r.started_at,
                finished_at=r.finished_at,
                seconds=round(seconds, 1) if seconds is not None else None,
                attempt=int(kwargs.get("_attempt", 1)),
                error=error,
                result=r.return_value if isinstance(r.return_value, dict) else None,
            )
        )
    return runs
