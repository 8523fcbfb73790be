from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from kohtaanto.audit.models import Action

from . import selectors

router = Router(tags=["audit"])


class AccessGroupOut(Schema):
    """One line of the access log: one person, day, action and purpose; `count` times
    between `first` and `last`. Codes come with their label in the request's language."""

    day: date
    first: datetime
    last: datetime
    count: int
    actor_name: str
    actor_role: str
    role_label: str
    action: str
    action_label: str
    purpose: str
    purpose_label: str
    what: list[str]
    purposes: list[str]


class AccessLogPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[AccessGroupOut]


class WorkerAccessOut(Schema):
    time: datetime
    action: str
    action_label: str
    target_type: str
    target_id: str
    what: list[str]
    subject_client_id: int | None
    client_name: str
    client_number: str
    purpose: str
    purpose_label: str
    refused: bool
    request_id: str


class WorkerAccessPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[WorkerAccessOut]


@router.get("/me", response=AccessLogPageOut, summary="Who processed my data (for the client)")
def my_access_log(request, page: int = 1):
    return selectors.access_log_for_client_user(actor=request.user, page=page)


@router.get(
    "/workers/{int:worker_id}",
    response=WorkerAccessPageOut,
    summary="What a worker accessed, refused attempts included (for supervisors)",
)
def access_by_worker(
    request,
    worker_id: int,
    start: date | None = None,
    end: date | None = None,
    action: str = "",
    purpose: str = "",
    outcome: Literal["", "refused", "allowed"] = "",
    page: int = 1,
):
    if action and action not in Action.values:
        raise ValidationError({"action": f"unknown action; one of {', '.join(Action.values)}"})
    try:
        return selectors.access_by_worker(
            actor=request.user,
            worker_id=worker_id,
            start=start,
            end=end,
            action=action,
            purpose=purpose,
            outcome=outcome,
            page=page,
            request_id=request.request_id,
        )
    except ValueError as exc:
        raise ValidationError({"start": str(exc)}) from exc
