"""Keeps each client's next Nordic-model deadline current, so the worklist is one indexed
query. The rules themselves live in the pure `kohtaanto.domain.nordic`."""

from __future__ import annotations

from datetime import date

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
