"""Reads of client data: scoped by the actor's permissions and written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import (
    NETWORK_ROLES,
    can_see_identity_code,
    can_view_caseloads,
    client_scope,
    has_caseload,
    is_staff_reader,
    needs_reason,
)
from kohtaanto.audit.services import AuditEntry, Reads, audit_reads, audit_record, audit_record_many
from kohtaanto.web.errors import ReasonRequired

from . import identity
from .models import (
    AccessGrant,
    Client,
    ClientEvent,
    EmploymentPlan,
    JobSearchStatus,
    Meeting,
    MeetingNoteVersion,
)

WORKLIST_PAGE = 50


@dataclass
class WorklistPage:
    rows: list[Client]
    total: int
    page: int
    pages: int


def client_worklist(*, actor: User, page: int = 1, query: str = "", request_id: str = "") -> WorklistPage:
    """The actor's own active caseload, most urgent Nordic-model deadline first."""
    if not has_caseload(actor):
        raise PermissionDenied("only case workers have a worklist")
    qs = (
        Client.objects.filter(client_scope(actor))
        .filter(responsible_worker=actor, job_search_status=JobSearchStatus.ACTIVE)
        .select_related("team", "office")
    )
    query = "".join(ch for ch in query if ch.isprintable()).strip()[:100]
    if query:
        qs = qs.filter(
            Q(last_name__icontains=query) | Q(first_name__icontains=query) | Q(external_id__iexact=query)
        )
    total = qs.count()
    pages = max(1, -(-total // WORKLIST_PAGE))
    page = min(max(1, page), pages)
    rows = list(
        qs.order_by(F("next_due_date").asc(nulls_last=True), "registration_date", "id")[
            (page - 1) * WORKLIST_PAGE : page * WORKLIST_PAGE
        ]
    )
    audit_record_many(
        actor=actor,
        entries=[AuditEntry("read", "client.worklist", c.pk, c.pk) for c in rows],
        purpose="worklist",
        request_id=request_id,
    )
    return WorklistPage(rows, total, page, pages)


@dataclass
class ClientDetail:
    client: Client
    identity_code: str | None
    plan: EmploymentPlan | None
    meetings: list[Meeting]
    events: list[ClientEvent]
    network: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    handover: object | None = None
    show_meeting_notes: bool = True


def _client_in_scope(*, actor: User, client_id: int, purpose: str, reason: str) -> tuple[Client, str]:
    """The client if the actor may see it, with the purpose to log; nothing is audited here."""
    if needs_reason(actor):
        if not reason.strip():
            raise PermissionDenied("an administrator must give a reason to open client data")
        qs = Client.objects.all()
        purpose = f"administration: {reason.strip()}"
    else:
        qs = Client.objects.filter(client_scope(actor))
    client = (
        qs.select_related("team", "unit", "office", "responsible_worker", "municipality")
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        if Client.objects.filter(pk=client_id).exists():
            # An existing client outside the actor's scope: a refused attempt, for supervisors.
            audit_record(
                actor=actor,
                action="denied",
                target_type="client",
                target_id=client_id,
                subject_client_id=client_id,
                purpose="refused access",
            )
        raise Http404("client not found")
    if policy.needs_stated_reason(actor, client, timezone.localdate(), settings.ENDED_ACCESS_DAYS):
        grant = (
            AccessGrant.objects.filter(user=actor, client=client, expires_at__gt=timezone.now())
            .order_by("-expires_at")
            .first()
        )
        if grant is None:
            raise ReasonRequired(client.pk, {k: str(v) for k, v in policy.ACCESS_REASONS.items()})
        purpose = f"need to know: {grant.reason}"
    return client, purpose


def client_get(
    *,
    actor: User,
    client_id: int,
    purpose: str = "case work",
    reason: str = "",
    request_id: str = "",
    reads: Reads | None = None,
) -> Client:
    """One client the actor may see, or 404 (not 403, so existence does not leak). The read
    is audited, or added to `reads` when the caller writes one event for a whole page."""
    client, purpose = _client_in_scope(actor=actor, client_id=client_id, purpose=purpose, reason=reason)
    if reads is not None:
        reads.add("client", purpose=purpose)
        return client
    audit_record(
        actor=actor,
        action="read",
        target_type="client",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
    )
    return client


def client_detail(
    *,
    actor: User,
    client_id: int,
    reason: str = "",
    request_id: str = "",
    reads: Reads | None = None,
) -> ClientDetail:
    """The staff view of a client record (clients see theirs through the portal). Audited as
    one read listing what was read (the identity code only when it was decrypted), or added
    to `reads` as the "client" section when the caller writes one event for a whole page."""
    if not is_staff_reader(actor):
        raise PermissionDenied("this role does not open staff client records")
    client, purpose = _client_in_scope(actor=actor, client_id=client_id, purpose="case work", reason=reason)
    plan = client.plans.prefetch_related("tasks").first()
    # Network professionals see what their role needs: not the worker's meeting notes.
    show_notes = actor.role not in NETWORK_ROLES
    meeting_rows = client.meetings.select_related("staff").order_by("-planned_date", "-id")
    if show_notes:
        meeting_rows = meeting_rows.prefetch_related("note_versions__created_by")
    meetings = list(meeting_rows[:100])
    events = list(client.events.order_by("-date", "-id")[:200])
    # Masked until the reader asks to see it (identity_code_reveal, audited on its own).
    hetu = (
        identity.mask(identity.decrypt(client.hetu_encrypted))
        if can_see_identity_code(actor) and not client.anonymised_at
        else None
    )
    network = list(client.network.filter(active=True).select_related("member"))
    notes = [
        n
        for n in client.shared_notes.select_related("author")[:100]
        if actor.role in n.visible_to or n.author_id == actor.pk
    ]
    handover = client.handovers.select_related("from_worker", "created_by").first()
    parts = ["record", "plan", "meetings", "events", "network", "notes", "handover"]
    if show_notes:
        parts.insert(3, "meeting_notes")
    if hetu is not None:
        parts.insert(1, "identity_code_masked")
    if reads is None:
        own = Reads()
        own.add("client", purpose=purpose, parts=parts)
        audit_client_reads(actor=actor, reads=own, client=client, purpose=purpose, request_id=request_id)
    else:
        reads.add("client", purpose=purpose, parts=parts)
    return ClientDetail(client, hetu, plan, meetings, events, network, notes, handover, show_notes)


def identity_code_reveal(*, actor: User, client_id: int, reason: str = "", request_id: str = "") -> str:
    """The whole identity code, for a reader who asks to see it; the request is audited."""
    if not is_staff_reader(actor) or not can_see_identity_code(actor):
        raise PermissionDenied("this role does not see identity codes")
    client, purpose = _client_in_scope(actor=actor, client_id=client_id, purpose="case work", reason=reason)
    if client.anonymised_at or not client.hetu_encrypted:
        raise Http404("no identity code")
    audit_record(
        actor=actor,
        action="read",
        target_type="client.hetu",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
    )
    return identity.decrypt(client.hetu_encrypted)


def meeting_note_versions(
    *, actor: User, client_id: int, meeting_id: int, request_id: str = ""
) -> list[MeetingNoteVersion]:
    """Every version of one meeting's notes, for the staff who read meeting notes (not the
    network professionals); the read is audited with the client."""
    if not is_staff_reader(actor) or actor.role in NETWORK_ROLES:
        raise PermissionDenied("this role does not read meeting notes")
    client, purpose = _client_in_scope(actor=actor, client_id=client_id, purpose="meeting notes", reason="")
    meeting = client.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("meeting not found")
    versions = list(meeting.note_versions.select_related("created_by"))
    audit_record(
        actor=actor,
        action="read",
        target_type="meeting.notes",
        target_id=meeting.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
    )
    return versions


def audit_client_reads(*, actor: User, reads: Reads, client: Client, purpose: str, request_id: str) -> None:
    """Write what a request read about one client, section by section, as one event."""
    audit_reads(
        actor=actor,
        reads=reads,
        target_type="client",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
    )


@dataclass
class CaseloadRow:
    worker: User
    active: int
    overdue: int
    over_norm: bool


def team_caseloads(*, actor: User, norm: int, today: date) -> list[CaseloadRow]:
    """Caseload per worker in the leader's team (or unit for a service manager)."""
    if not can_view_caseloads(actor):
        raise PermissionDenied("only team leaders and service managers see caseloads")
    if policy.is_team_leader(actor):
        workers = User.objects.filter(team=actor.team)
    else:
        workers = User.objects.filter(unit_id=actor.unit_id)
    workers = workers.filter(role__in=policy.CASE_WORKERS, is_active=True).annotate(
        active=Count("caseload", filter=Q(caseload__job_search_status=JobSearchStatus.ACTIVE)),
        overdue=Count(
            "caseload",
            filter=Q(caseload__job_search_status=JobSearchStatus.ACTIVE, caseload__next_due_date__lt=today),
        ),
    )
    return [
        CaseloadRow(w, w.active, w.overdue, w.active > norm) for w in workers.order_by("-active", "last_name")
    ]


def client_find_by_hetu(*, actor: User, hetu: str, request_id: str = "") -> Client | None:
    """Look a client up by identity code through the keyed hash, within the actor's scope."""
    found = Client.objects.filter(client_scope(actor)).filter(hetu_hash=identity.lookup_hash(hetu)).first()
    audit_record(
        actor=actor,
        action="search",
        target_type="client.hetu",
        target_id=found.pk if found else "",
        subject_client_id=found.pk if found else None,
        request_id=request_id,
    )
    return found


def network_candidates(*, actor: User) -> list[User]:
    """Professionals who can be added to a client's network (no client data involved)."""
    if not is_staff_reader(actor):
        raise PermissionDenied("this role does not manage networks")
    return list(
        User.objects.filter(role__in=NETWORK_ROLES, is_active=True).order_by("role", "last_name")[:500]
    )
