"""Reads of recruitment events (issue 14): an area's events for its employer staff, the
upcoming events of a client's own area for the client and their team, and who registered,
which only the staff of the event's area see, each name read logged for that client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, Reads, audit_record, audit_record_many
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.organisation.models import ServiceUnit
from kohtaanto.portal.selectors import own_client

from . import access
from .models import EventRegistration, RecruitmentEvent

PURPOSE = "recruitment events"
NOTHING = Q(pk__in=[])


def event_scope(actor: User) -> Q:
    """Events `actor` may read as staff: administrators every area's, organisers their own's."""
    if not policy.has_role(actor, policy.EVENT_ORGANISERS):
        return NOTHING
    if policy.is_administrator(actor):
        return Q()
    area = access.area_of(actor)
    return Q(area_id=area) if area else NOTHING


def organises(actor: User, event: RecruitmentEvent) -> bool:
    """Employer staff of the event's area: they see who registered and mark attendance."""
    if not policy.has_role(actor, policy.EVENT_PARTICIPANT_READERS):
        return False
    area = access.area_of(actor)
    return area is not None and area == event.area_id


def can_organise(actor: User) -> bool:
    """Whether `actor` may add events: an organiser who works for an area."""
    return policy.has_role(actor, policy.EVENT_ORGANISERS) and access.area_of(actor) is not None


def _staff(actor: User) -> None:
    if not policy.has_role(actor, policy.EVENT_ORGANISERS):
        raise PermissionDenied("this role does not organise recruitment events")


def start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def events(actor: User) -> QuerySet[RecruitmentEvent]:
    """The events `actor` organises or oversees, with the number registered."""
    _staff(actor)
    return (
        RecruitmentEvent.objects.filter(event_scope(actor))
        .select_related("area", "organiser")
        .prefetch_related("employers")
        .annotate(n_registered=Count("registrations"))
        .order_by("starts_at", "id")
    )


def event_get(actor: User, event_id: int) -> RecruitmentEvent:
    """One event of the actor's area (404 otherwise, so other areas' events do not show)."""
    event = events(actor).filter(pk=event_id).first()
    if event is None:
        raise Http404("event not found")
    return event


@dataclass(frozen=True)
class Participant:
    registration: EventRegistration
    name: str
    by_staff: bool  # registered by the client's worker, not by the client


def participants(actor: User, event: RecruitmentEvent, *, request_id: str = "") -> list[Participant]:
    """Who registered, by name, for the staff of the event's area; every name shown is a
    read of that client's data and is logged for them."""
    if not organises(actor, event):
        raise PermissionDenied(_("Only the employer staff of the event's area see who registered."))
    rows = list(
        event.registrations.select_related("client", "registered_by").order_by(
            "client__last_name", "client__first_name", "id"
        )
    )
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry("read", "employer.event_registration", r.pk, r.client_id, {"event": event.pk})
            for r in rows
        ],
        purpose=PURPOSE,
        request_id=request_id,
    )
    return [
        Participant(
            r,
            f"{r.client.first_name} {r.client.last_name}".strip(),
            r.registered_by_id is not None and r.registered_by_id != r.client.user_id,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class OpenEvent:
    """An upcoming event as a job seeker sees it."""

    event: RecruitmentEvent
    registered: bool
    places_left: int | None  # None: no limit

    @property
    def full(self) -> bool:
        return self.places_left is not None and self.places_left <= 0


def client_area(client: Client) -> int:
    """The employment area that serves the client: their service unit's municipality."""
    return ServiceUnit.objects.values_list("municipality_id", flat=True).get(pk=client.unit_id)


def _open_events(client: Client) -> list[OpenEvent]:
    """Events from today on in the client's area, and any others the client registered for."""
    mine = set(EventRegistration.objects.filter(client=client).values_list("event_id", flat=True))
    qs = (
        RecruitmentEvent.objects.filter(starts_at__gte=start_of_today())
        .filter(Q(area_id=client_area(client)) | Q(pk__in=mine))
        .prefetch_related("employers")
        .annotate(n_registered=Count("registrations"))
        .order_by("starts_at", "id")
    )
    return [
        OpenEvent(
            e,
            e.pk in mine,
            None if e.capacity is None else max(0, e.capacity - e.n_registered),
        )
        for e in qs[:200]
    ]


def portal_events(actor: User, *, request_id: str = "") -> list[OpenEvent]:
    """The client's own view: upcoming events of their area and their registrations."""
    client = own_client(actor)
    audit_record(
        actor=actor,
        action="read",
        target_type="employer.event_registrations",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose="client portal",
        request_id=request_id,
    )
    return _open_events(client)


def client_for_events(
    actor: User, client_id: int, *, request_id: str = "", reads: Reads | None = None
) -> Client:
    """The client whose registrations `actor` handles: their own team only (as for meetings);
    other roles are refused before anything is read."""
    if not policy.can_record_meetings(actor):
        raise PermissionDenied(_("Only the client's own team registers them for events."))
    client = client_get(actor=actor, client_id=client_id, purpose=PURPOSE, request_id=request_id, reads=reads)
    if not policy.can_write_meetings(actor, client):
        raise PermissionDenied(_("Only the client's own team registers them for events."))
    return client


def client_events(actor: User, client_id: int, *, request_id: str = "") -> tuple[Client, list[OpenEvent]]:
    """A client's upcoming events and registrations, for their own team (the client read is
    logged with this purpose by `client_get`)."""
    client = client_for_events(actor, client_id, request_id=request_id)
    return client, _open_events(client)
