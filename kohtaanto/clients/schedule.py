"""Keeps each client's next Nordic-model deadline current, so the worklist is one indexed
query. The rules themselves live in the pure `kohtaanto.domain.nordic`."""

from __future__ import annotations

from datetime import date, timedelta

from kohtaanto.domain import nordic

from .models import Client, JobSearchStatus, MeetingStatus


def _held(client: Client) -> list[tuple[str, date]]:
    return list(
        client.meetings.filter(status=MeetingStatus.HELD, held_date__isnull=False)
        .order_by("held_date")
        .values_list("kind", "held_date")
    )


def compute_next_due(client: Client, held: list[tuple[str, date]], today: date | None = None):
    if client.job_search_status != JobSearchStatus.ACTIVE:
        return None
    return nordic.next_due(client.registration_date, held, today or date.today())


def refresh_next_due(client: Client, today: date | None = None) -> None:
    due = compute_next_due(client, _held(client), today)
    client.next_due_date = due.due_date if due else None
    client.next_due_kind = due.kind if due else ""
    Client.objects.filter(pk=client.pk).update(
        next_due_date=client.next_due_date, next_due_kind=client.next_due_kind
    )


def due_for_new_meeting(client: Client, kind: str) -> date | None:
    """The deadline a new meeting of this kind fulfils: the client's current one if it matches."""
    due = compute_next_due(client, _held(client))
    return due.due_date if due and due.kind == kind else None


def plan_next_meeting(client: Client, today: date | None = None):
    """Put the next Nordic-model meeting in the calendar unless one is already planned.

    It is planned on its due date, or on the next working day when that has passed (after a
    no-show, say); the worker moves it to a time that suits the client.
    """
    from kohtaanto.domain.workdays import next_working_day

    from .models import Meeting, MeetingStatus

    today = today or date.today()
    if client.meetings.filter(status=MeetingStatus.PLANNED, planned_date__gte=today).exists():
        return None
    due = compute_next_due(client, _held(client), today)
    if due is None:
        return None
    when = due.due_date if due.due_date > today else next_working_day(today + timedelta(days=1))
    return Meeting.objects.create(
        client=client,
        staff=client.responsible_worker,
        kind=due.kind,
        due_date=due.due_date,
        planned_date=when,
        status=MeetingStatus.PLANNED,
    )
