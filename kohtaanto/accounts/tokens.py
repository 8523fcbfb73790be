"""Machine tokens for integrations (issue 13, point 7): created from the command line for a
service account, shown once, stored as a keyed hash, limited by scope ("read": GET and
HEAD; "write": everything else) and expiry, and every use audited.

A token looks like `kht_<prefix>_<secret>`; the prefix finds the row, the keyed hash of
the whole token proves it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.audit.services import audit_record

from .models import ApiToken, User

SCOPES = ("read", "write")
MAX_DAYS = 366
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Created:
    token: str  # shown once
    row: ApiToken


def token_create(
    *, actor: User | None, username: str, scopes: list[str], days: int, name: str = ""
) -> Created:
    """A new token for an existing, active user; raises ValidationError naming the field."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"user": f"no active user {username!r}"})
    unknown = sorted(set(scopes) - set(SCOPES))
    if not scopes or unknown:
        raise ValidationError(
            {"scopes": f"choose from {', '.join(SCOPES)} (got {', '.join(scopes) or 'none'})"}
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"a token lives 1 to {MAX_DAYS} days"})
    prefix = secrets.token_hex(4)
    token = f"kht_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=prefix,
            token_hash=_hash(token),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="api.token",
            target_id=row.pk,
            purpose="integration access",
            detail={"user": user.username, "scopes": row.scopes, "days": days},
        )
    return Created(token, row)


def token_revoke(*, actor: User | None, token_id: int) -> ApiToken:
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if row is None:
            raise ValidationError({"token": f"no token {token_id}"})
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="delete",
                target_type="api.token",
                target_id=row.pk,
                purpose="integration access",
            )
    return row


def token_user(raw: str, *, method: str, path: str, now: datetime | None = None) -> User | None:
    """The user a valid token acts as; None for an unknown, expired or revoked token, and
    PermissionDenied for one without the method's scope. Each accepted use is audited."""
    parts = raw.split("_", 2)  # the secret may itself contain "_"
    if len(parts) != 3 or parts[0] != "kht":
        return None
    now = now or timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(prefix=parts[1], revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.token_hash, _hash(raw)):
        return None
    needed = "read" if method in READ_METHODS else "write"
    if needed not in row.scopes:
        raise PermissionDenied(f"the token lacks the {needed!r} scope")
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    audit_record(
        actor=row.user,
        action="read" if method in READ_METHODS else "update",
        target_type="api.token",
        target_id=row.pk,
        purpose="integration access",
        detail={"method": method, "path": path[:200]},
    )
    return row.user
