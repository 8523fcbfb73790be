"""Referral writes: refer, dismiss a suggestion, and the provider's and worker's state steps."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TEAM_CASEWORK
from kohtaanto.audit.services import audit_record
from kohtaanto.catalogue.models import Service, State
from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.clients.models import ClientEvent, EventKind
from kohtaanto.clients.selectors import client_get

from .models import DismissReason, MatchFeedback, Referral, ReferralState

REFERRERS = TEAM_CASEWORK  # accounts.policy
S = ReferralState
# Who may take which step: the provider decides and records the service period; the worker
# may cancel a referral that has not started.
PROVIDER_STEPS: dict[str, set[str]] = {
    S.REFERRED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.STARTED, S.DECLINED},
    S.STARTED: {S.COMPLETED, S.INTERRUPTED},
}
WORKER_STEPS: dict[str, set[str]] = {S.REFERRED: {S.CANCELLED}, S.ACCEPTED: {S.CANCELLED}}


def _referable(service_id: int) -> Service:
    service = Service.objects.filter(pk=service_id).first()
    if service is None or service.state != State.PUBLISHED:
        raise ValidationError({"service_id": _("Only published services can be referred to.")})
    return service


def referral_create(
    *,
    actor: User,
    client_id: int,
    service_id: int,
    need_text: str = "",
    ranking: list[dict] | None = None,
    explanation: dict | None = None,
    rank: int | None = None,
    score: float | None = None,
    note_to_provider: str = "",
    request_id: str = "",
) -> Referral:
    """Refer the client: one action, keeping the need, the ranking and the explanation."""
    if actor.role not in REFERRERS:
        raise PermissionDenied(_("Your role cannot refer clients."))
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="referral", request_id=request_id)
        service = _referable(service_id)
        if Referral.objects.filter(
            client=client, service=service, state__in=[S.REFERRED, S.ACCEPTED, S.STARTED]
        ).exists():
            raise ValidationError(
                {"service_id": _("The client already has an open referral to this service.")}
            )
        referral = Referral.objects.create(
            client=client,
            service=service,
            state=S.REFERRED,
            need_text=need_text[:5000],
            note_to_provider=note_to_provider[:2000],
            ranking=(ranking or [])[:50],
            explanation=explanation or {},
            rank=rank,
            score=score,
            created_by=actor,
        )
        MatchFeedback.objects.create(
            client=client,
            service=service,
            action=MatchFeedback.Action.REFERRED,
            need_text=need_text[:5000],
            rank=rank,
            score=score,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="referral",
            target_id=referral.pk,
            subject_client_id=client.pk,
            purpose="referral",
            request_id=request_id,
            detail={"service": service.pk},
        )
    return referral


def suggestion_dismiss(
    *,
    actor: User,
    client_id: int,
    service_id: int,
    reason: str,
    comment: str = "",
    need_text: str = "",
    rank: int | None = None,
    score: float | None = None,
    request_id: str = "",
) -> MatchFeedback:
    """The worker sets a suggestion aside, with a reason: feedback for learning."""
    if actor.role not in REFERRERS:
        raise PermissionDenied(_("Your role cannot refer clients."))
    with transaction.atomic():
        client = client_get(
            actor=actor, client_id=client_id, purpose="service matching", request_id=request_id
        )
        if reason not in DismissReason.values:
            raise ValidationError({"reason": _("Choose why the suggestion does not fit.")})
        service = Service.objects.filter(pk=service_id).first()
        if service is None or service.state == State.ARCHIVED:  # deleted from the catalogue
            raise ValidationError(
                {
                    "service_id": _(
                        "The service is no longer in the catalogue; feedback on it cannot be recorded."
                    )
                }
            )
        fb = MatchFeedback.objects.create(
            client=client,
            service=service,
            action=MatchFeedback.Action.DISMISSED,
            reason=reason,
            comment=comment[:500],
            need_text=need_text[:5000],
            rank=rank,
            score=score,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="match_feedback",
            target_id=fb.pk,
            subject_client_id=client.pk,
            purpose="service matching",
            request_id=request_id,
        )
    return fb


def referral_step(
    *, actor: User, referral_id: int, to: str, on: date | None = None, reason: str = "", request_id: str = ""
) -> Referral:
    """Move a referral along its lifecycle; the provider records start and end dates."""
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .select_related("service", "client")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None:
            raise ValidationError({"referral": _("No such referral.")})
        provider = provider_of(actor)
        if provider is not None and referral.service.provider_id == provider.pk:
            steps = PROVIDER_STEPS
        elif actor.role in REFERRERS:
            client_get(actor=actor, client_id=referral.client_id, purpose="referral", request_id=request_id)
            steps = WORKER_STEPS
        else:
            from django.http import Http404

            raise Http404("referral not found")
        if to not in steps.get(referral.state, set()):
            raise ValidationError(
                {"to": _("A referral cannot move from %(a)s to %(b)s.") % {"a": referral.state, "b": to}}
            )
        today = timezone.localdate()
        on = on or today
        if on > today:
            raise ValidationError({"on": _("The date cannot be in the future.")})
        if to in (S.DECLINED, S.INTERRUPTED, S.CANCELLED) and not reason.strip():
            raise ValidationError({"reason": _("Give a reason.")})
        referral.state = to
        referral.reason = reason[:300] or referral.reason
        if to in (S.ACCEPTED, S.DECLINED):
            referral.decided_at = timezone.now()
        if to == S.STARTED:
            if on < timezone.localdate(referral.referred_at):
                raise ValidationError({"on": _("A service cannot start before the referral.")})
            referral.start_date = on
            ClientEvent.objects.create(
                client=referral.client,
                date=on,
                kind=EventKind.SERVICE_START,
                service_code=str(referral.service_id),
            )
        if to in (S.COMPLETED, S.INTERRUPTED):
            if referral.start_date and on < referral.start_date:
                raise ValidationError({"on": _("A service cannot end before it started.")})
            referral.end_date = on
            ClientEvent.objects.create(
                client=referral.client,
                date=on,
                kind=EventKind.SERVICE_END,
                service_code=str(referral.service_id),
                reason=to,
            )
        referral.save()
        audit_record(
            actor=actor,
            action="update",
            target_type="referral",
            target_id=referral.pk,
            subject_client_id=referral.client_id,
            purpose="referral",
            request_id=request_id,
            detail={"to": to},
        )
    return referral
