"""Reads for the client portal, and for the staff side of the message thread.

The portal starts from `client_scope(actor)` like every selector: for a client user that is
their own record only, so no portal read can reach another person's data. The client's own
reads are audited too (their access log leaves them out, as it lists others' processing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TEAM_CASEWORK, client_scope
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import (
    Client,
    EmploymentPlan,
    Meeting,
    MeetingStatus,
    NetworkMember,
    PlanTask,
)
from kohtaanto.clients.selectors import client_get
from kohtaanto.referrals.models import Referral, ReferralState

from .models import Feedback, Message, RescheduleRequest

# Who answers the client's messages: the responsible worker, their team mates covering for
# them, and the team leader. Network professionals and managers do not read the thread.
MESSAGE_STAFF_ROLES = TEAM_CASEWORK


def own_client(actor: User) -> Client:
    """The client record linked to this client user: 403 for other roles, 404 if unlinked."""
    if not policy.is_client(actor):
        raise PermissionDenied(_("The client portal is for clients."))
    client = (
        Client.objects.filter(client_scope(actor), anonymised_at__isnull=True)
        .select_related("responsible_worker")
        .first()
    )
    if client is None:
        raise Http404("no client record is linked to this account")
    return client


def audit_portal_read(actor: User, client: Client, target: str, request_id: str) -> None:
    audit_record(
        actor=actor,
        action="read",
        target_type=target,
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose="client portal",
        request_id=request_id,
    )


@dataclass
class PortalReferral:
    """What the client sees of one referral; `ref` is what service feedback points to."""

    id: int
    ref: str
    service_name: str
    provider: str
    state: str
    state_label: str
    referred_at: datetime
    start_date: date | None = None
    end_date: date | None = None
    can_give_feedback: bool = False
    feedback_given: bool = False


# The client has taken part in the service once it started: then feedback makes sense.
FEEDBACK_STATES = frozenset({ReferralState.STARTED, ReferralState.COMPLETED, ReferralState.INTERRUPTED})


def _in_language(values: dict | None) -> str:
    values = values or {}
    for lang in ((translation.get_language() or "fi")[:2], "fi", "sv", "en"):
        if values.get(lang):
            return values[lang]
    return ""


def referral_ref(referral_id: int) -> str:
    return f"referral:{referral_id}"


def referrals_for(client: Client) -> list[PortalReferral]:
    """The client's referrals to services, newest first. Suggestions the worker has not
    acted on are the worker's working material, not yet the client's (as for providers)."""
    rows = (
        Referral.objects.filter(client=client)
        .exclude(state=ReferralState.SUGGESTED)
        .select_related("service__provider")
        .order_by("-referred_at", "-id")[:100]
    )
    given = set(
        Feedback.objects.filter(client=client).exclude(service_ref="").values_list("service_ref", flat=True)
    )
    return [
        PortalReferral(
            id=r.pk,
            ref=referral_ref(r.pk),
            service_name=_in_language(r.service.name) or r.service.name_fi,
            provider=r.service.provider.name,
            state=r.state,
            state_label=r.get_state_display(),
            referred_at=r.referred_at,
            start_date=r.start_date,
            end_date=r.end_date,
            can_give_feedback=r.state in FEEDBACK_STATES,
            feedback_given=referral_ref(r.pk) in given,
        )
        for r in rows
    ]


@dataclass
class PlanView:
    plan: EmploymentPlan
    tasks: list[PlanTask]
    agreed_services: list[str]

    @property
    def acknowledged(self) -> bool:
        return self.plan.acknowledged_at is not None


def _service_names(plan: EmploymentPlan) -> list[str]:
    names = []
    for item in getattr(plan, "agreed_services", None) or []:
        name = item.get("name") if isinstance(item, dict) else item
        if name:
            names.append(str(name))
    return names


def plan_current(client: Client) -> PlanView | None:
    """The newest plan version: the one the client is asked to read and accept."""
    plan = client.plans.order_by("-version").first()
    if plan is None:
        return None
    tasks = list(plan.tasks.order_by(F("due_date").asc(nulls_last=True), "id"))
    return PlanView(plan, tasks, _service_names(plan))


@dataclass
class MeetingsView:
    upcoming: list[Meeting]
    held: list[Meeting]
    feedback_meeting_ids: set[int] = field(default_factory=set)
    reschedule_meeting_ids: set[int] = field(default_factory=set)  # the client asked to move these


def meetings_of(client: Client, today: date | None = None) -> MeetingsView:
    today = today or timezone.localdate()
    upcoming = list(
        client.meetings.filter(status=MeetingStatus.PLANNED, planned_date__gte=today)
        .select_related("office")
        .order_by("planned_date", "start_time", "id")[:20]
    )
    held = list(client.meetings.filter(status=MeetingStatus.HELD).order_by("-held_date", "-id")[:20])
    given = set(
        Feedback.objects.filter(client=client, meeting__isnull=False).values_list("meeting_id", flat=True)
    )
    asked = set(RescheduleRequest.objects.open().filter(client=client).values_list("meeting_id", flat=True))
    return MeetingsView(upcoming, held, given, asked)


def network_of(client: Client) -> list[NetworkMember]:
    """Everyone in the client's network, active first: whom they have let see their data."""
    return list(client.network.select_related("member").order_by("-active", "-consent_given", "id"))


@dataclass
class PortalOverview:
    client: Client
    plan: PlanView | None
    meetings: MeetingsView
    referrals: list[PortalReferral]
    network: list[NetworkMember]
    unread_messages: int

    @property
    def active_consents(self) -> int:
        return sum(1 for row in self.network if row.active)


def portal_overview(*, actor: User, request_id: str = "") -> PortalOverview:
    """The client's home page: plan, meetings, referrals, consents and unread messages."""
    client = own_client(actor)
    overview = PortalOverview(
        client=client,
        plan=plan_current(client),
        meetings=meetings_of(client),
        referrals=referrals_for(client),
        network=network_of(client),
        unread_messages=client.messages.filter(side=Message.Side.WORKER, read_at__isnull=True).count(),
    )
    audit_portal_read(actor, client, "portal.overview", request_id)
    return overview


def portal_contact(*, actor: User, request_id: str = "") -> Client:
    """The client's own record, for their contact details page."""
    client = own_client(actor)
    audit_portal_read(actor, client, "client.contact", request_id)
    return client


def portal_plan(*, actor: User, request_id: str = "") -> PlanView | None:
    client = own_client(actor)
    view = plan_current(client)
    audit_portal_read(actor, client, "employment_plan", request_id)
    return view


def portal_meetings(*, actor: User, request_id: str = "") -> MeetingsView:
    client = own_client(actor)
    view = meetings_of(client)
    audit_portal_read(actor, client, "meeting.list", request_id)
    return view


@dataclass
class MeetingFeedbackView:
    meeting: Meeting
    feedback: Feedback | None


def portal_meeting(*, actor: User, meeting_id: int, request_id: str = "") -> MeetingFeedbackView:
    """One of the client's own meetings with their feedback on it, or 404."""
    client = own_client(actor)
    meeting = client.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("meeting not found")
    audit_portal_read(actor, client, "meeting", request_id)
    return MeetingFeedbackView(meeting, Feedback.objects.filter(client=client, meeting=meeting).first())


def portal_referrals(*, actor: User, request_id: str = "") -> list[PortalReferral]:
    client = own_client(actor)
    rows = referrals_for(client)
    audit_portal_read(actor, client, "referral.list", request_id)
    return rows


@dataclass
class ReferralFeedbackView:
    referral: PortalReferral
    feedback: Feedback | None


def portal_referral(*, actor: User, referral_id: int, request_id: str = "") -> ReferralFeedbackView:
    """One of the client's own referrals with their feedback on the service, or 404."""
    client = own_client(actor)
    ref = referral_ref(referral_id)
    found = next((r for r in referrals_for(client) if r.ref == ref), None)
    if found is None:
        raise Http404("referral not found")
    audit_portal_read(actor, client, "referral", request_id)
    return ReferralFeedbackView(found, Feedback.objects.filter(client=client, service_ref=ref).first())


def portal_network(*, actor: User, request_id: str = "") -> list[NetworkMember]:
    client = own_client(actor)
    rows = network_of(client)
    audit_portal_read(actor, client, "network", request_id)
    return rows


def message_client(*, actor: User, client_id: int | None = None, request_id: str = "") -> Client:
    """The client whose thread `actor` may use: their own for a client; for staff a client
    in their scope (404 outside it, as on the client page)."""
    if policy.is_client(actor):
        return own_client(actor)
    if getattr(actor, "role", None) not in MESSAGE_STAFF_ROLES:
        raise PermissionDenied(_("Your role does not take part in client messages."))
    if client_id is None:
        raise Http404("client not found")
    return client_get(actor=actor, client_id=client_id, purpose="messages", request_id=request_id)


@dataclass
class Thread:
    client: Client
    messages: list[Message]


def message_thread(*, actor: User, client_id: int | None = None, request_id: str = "") -> Thread:
    """The whole thread, oldest first (the newest 500). Staff reads are audited by
    `client_get`; the client's own read is audited here."""
    client = message_client(actor=actor, client_id=client_id, request_id=request_id)
    rows = list(client.messages.select_related("sender").order_by("-created_at", "-id")[:500])
    rows.reverse()
    if policy.is_client(actor):
        audit_portal_read(actor, client, "message.thread", request_id)
    return Thread(client, rows)
