"""Need to know (issue 13, point 9): a worker states why they open a client who is not on
their own caseload, or whose job search ended long ago. The reason opens the client for a
few hours; giving it is audited, and every read it opens names it (clients.selectors)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record

from .models import AccessGrant, Client


def access_grant(*, actor: User, client_id: int, reason: str, request_id: str = "") -> AccessGrant:
    """Record the actor's reason to open a client of their scope (404 outside it)."""
    if actor.role not in policy.NEED_TO_KNOW_ROLES:
        raise PermissionDenied(_("Your role does not open clients with a stated reason."))
    client = Client.objects.filter(policy.client_scope(actor), pk=client_id).first()
    if client is None:
        raise Http404("client not found")
    if reason not in policy.ACCESS_REASONS:
        raise ValidationError({"reason": _("Choose one of the reasons on the list.")})
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            user=actor,
            client=client,
            reason=reason,
            expires_at=timezone.now() + timedelta(hours=settings.ACCESS_GRANT_HOURS),
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="client.access_reason",
            target_id=client.pk,
            subject_client_id=client.pk,
            purpose=f"need to know: {reason}",
            request_id=request_id,
        )
    return grant
