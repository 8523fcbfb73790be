"""Writes on user accounts, each with its audit event."""

from __future__ import annotations

from django.db import transaction

from kohtaanto.audit.services import audit_record

from .models import User


def user_password_change(*, actor: User, new_password: str, request_id: str = "") -> None:
    """Set the actor's own password (already validated by the form: current password and
    the password validators). Audited without any password material (ASVS 2.1.6, 7.1.1)."""
    with transaction.atomic():
        actor.set_password(new_password)
        actor.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action="update",
            target_type="user.password",
            target_id=actor.pk,
            purpose="own password changed",
            request_id=request_id,
        )
