"""Who may see and change catalogue entries.

Moderators (administrators and service managers) see every service and take every allowed
step; a service provider sees and edits only its own provider's services; other staff see
what is published (and what is published but marked outdated). Clients and anonymous
users see nothing here yet.
"""

from __future__ import annotations

from django.db.models import Q

from kohtaanto.accounts import policy
from kohtaanto.accounts.policy import MODERATORS, STAFF_ROLES

from .models import TRANSITIONS, Provider, State

MODERATOR_ROLES = MODERATORS
NOTHING = Q(pk__in=[])
# Steps a provider may take on its own services; moderators may take every allowed step.
PROVIDER_STEPS = frozenset(
    {
        (State.DRAFT, State.READY),
        (State.READY, State.DRAFT),
        (State.PUBLISHED, State.OUTDATED),
        (State.OUTDATED, State.READY),
    }
)


def _active(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def is_moderator(actor) -> bool:
    return _active(actor) and actor.role in MODERATOR_ROLES


def provider_of(actor) -> Provider | None:
    """The provider a service_provider user belongs to, if any."""
    if not _active(actor) or not policy.is_provider(actor):
        return None
    membership = getattr(actor, "provider_membership", None)
    return membership.provider if membership else None


def can_browse(actor) -> bool:
    return _active(actor) and (actor.role in STAFF_ROLES or policy.is_provider(actor))


def service_scope(actor) -> Q:
    """A filter on Service for what `actor` may see."""
    if not can_browse(actor):
        return NOTHING
    if actor.role in MODERATOR_ROLES:
        return Q()
    if policy.is_provider(actor):
        provider = provider_of(actor)
        return Q(provider=provider) if provider else NOTHING
    return Q(state__in=[State.PUBLISHED, State.OUTDATED])


def can_create(actor) -> bool:
    return is_moderator(actor) or provider_of(actor) is not None


def can_edit(actor, service) -> bool:
    if service.state == State.ARCHIVED:
        return False
    if is_moderator(actor):
        return True
    provider = provider_of(actor)
    return provider is not None and service.provider_id == provider.pk


def can_transition(actor, service, target: str) -> bool:
    """Allowed by the workflow, and by the actor's role for this service."""
    if target not in TRANSITIONS.get(service.state, ()):
        return False
    if is_moderator(actor):
        return True
    provider = provider_of(actor)
    return (
        provider is not None
        and service.provider_id == provider.pk
        and (service.state, target) in PROVIDER_STEPS
    )


def allowed_targets(actor, service) -> list[str]:
    return [t for t in TRANSITIONS.get(service.state, ()) if can_transition(actor, service, t)]
