"""/api/v1/jobs: the schedule and the runs of background jobs (administrators)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from pydantic import JsonValue

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import selectors, services

router = Router(tags=["jobs"])
ADMIN = role_auth(*policy.ADMINISTRATORS)


class ScheduleOut(Schema):
    job: str
    every_minutes: int
    enabled: bool
    next_run_at: datetime
    last_enqueued_at: datetime | None


class ScheduleIn(Schema):
    every_minutes: int = Field(..., ge=5, le=60 * 24 * 92)
    enabled: bool = True


class RunOut(Schema):
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
    result: dict[str, JsonValue] | None = Field(..., description="what the job reports, by job")


class EnqueuedOut(Schema):
    id: str


@router.get("/schedule", response=list[ScheduleOut], auth=ADMIN, summary="The schedule of periodic jobs")
def schedule_get(request):
    return selectors.schedule(actor=request.user)


@router.put("/schedule/{job}", response=ScheduleOut, auth=ADMIN, summary="Change how often a job runs")
def schedule_put(request, job: str, payload: ScheduleIn):
    return services.schedule_update(
        actor=request.user,
        job=job,
        every_minutes=payload.every_minutes,
        enabled=payload.enabled,
        request_id=request.request_id,
    )


@router.get("/runs", response=list[RunOut], auth=ADMIN, summary="Recent runs: state, duration, error")
def runs_get(request, limit: int = 50):
    return selectors.recent_runs(actor=request.user, limit=limit)


@router.post("/run/{job}", response={202: EnqueuedOut}, auth=ADMIN, summary="Start a job now")
def run_post(request, job: str):
    return Status(
        202, {"id": services.job_enqueue(actor=request.user, job=job, request_id=request.request_id)}
    )
