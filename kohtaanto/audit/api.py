from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema

from . import selectors

router = Router(tags=["audit"])


class SectionOut(Schema):
    """One section of a page read: what was read, for which purpose; `refused` names why
    it was not read (e.g. "consent": the client has not consented)."""

    section: str
    label: str
    purpose: str
    refused: str = ""


class AccessEventOut(Schema):
    time: datetime
    actor_name: str
    actor_role: str
    action: str
    target_type: str
    target_id: str
    purpose: str
    sections: list[SectionOut] = Field(
        default_factory=list, description="for a page read: every section read, each with its purpose"
    )


class WorkerAccessOut(AccessEventOut):
    subject_client_id: int | None
    request_id: str


@router.get("/me", response=list[AccessEventOut], summary="Who processed my data (for the client)")
def my_access_log(request, limit: int = 100):
    return selectors.access_log_for_client_user(actor=request.user, limit=limit)


@router.get(
    "/workers/{int:worker_id}",
    response=list[WorkerAccessOut],
    summary="What a worker accessed (for supervisors)",
)
def access_by_worker(
    request, worker_id: int, start: date | None = None, end: date | None = None, limit: int = 500
):
    try:
        return selectors.access_by_worker(
            actor=request.user,
            worker_id=worker_id,
            start=start,
            end=end,
            limit=limit,
            request_id=request.request_id,
        )
    except ValueError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"start": str(exc)}) from exc
