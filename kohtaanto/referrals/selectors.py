"""Reading referrals: the worker's view per client, and the provider's minimal view."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record_many
from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.clients.selectors import client_get

from .models import Referral, ReferralState


def client_referrals(*, actor: User, client_id: int, request_id: str = "") -> list[Referral]:
    client_get(actor=actor, client_id=client_id, purpose="referrals", request_id=request_id)
    return list(Referral.objects.filter(client_id=client_id).select_related("service", "service__provider"))


@dataclass(frozen=True)
class IncomingReferral:
    """What a provider needs to take a client in, and nothing more: no identity code,
    no plan, no other services, no notes beyond the worker's note to the provider."""

    id: int
    service_id: int
    service_name: str
    client_name: str
    client_language: str
    state: str
    note_to_provider: str
    referred_at: object
    start_date: object
    end_date: object
    waiting_days: int | None


def provider_referrals(
    *, actor: User, states: list[str] | None = None, request_id: str = ""
) -> list[IncomingReferral]:
    provider = provider_of(actor)
    if provider is None:
        raise PermissionDenied("only a service provider's users see incoming referrals")
    qs = Referral.objects.filter(service__provider=provider).select_related("service", "client")
    if states:
        qs = qs.filter(state__in=[s for s in states if s in ReferralState.values])
    rows = list(qs.exclude(state=ReferralState.SUGGESTED)[:500])
    audit_record_many(
        actor=actor,
        entries=[AuditEntry("read", "referral.incoming", r.pk, r.client_id) for r in rows],
        purpose="provider: incoming referrals",
        request_id=request_id,
    )
    return [
        IncomingReferral(
            id=r.pk,
            service_id=r.service_id,
            service_name=r.service.name_fi,
            client_name=f"{r.client.first_name} {r.client.last_name}",
            client_language=r.client.mother_tongue,
            state=r.state,
            note_to_provider=r.note_to_provider,
            referred_at=r.referred_at,
            start_date=r.start_date,
            end_date=r.end_date,
            waiting_days=r.waiting_days,
        )
        for r in rows
    ]
