"""A strongly identified person registers as a job seeker in the portal (issue 13, point 2),
under the same intake rules, segmentation, assignment and initial-interview planning as the
worker's registration form (`clients.intake.register_checked`)."""

from __future__ import annotations

from dataclasses import replace

from cryptography.fernet import InvalidToken
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.clients import contact, identity, intake
from kohtaanto.clients.models import Client

SESSION_KEY = "person_identity"  # the identified person's code, encrypted, for registration


def identified_hetu(actor: User, stored: str) -> str:
    """The identity code the sign-in vouched for, or PermissionDenied: registration never
    takes a code typed by the person, only the one their identification carried."""
    try:
        hetu = identity.decrypt(stored) if stored else ""
    except InvalidToken as exc:  # a stale or foreign token is simply not an identification
        raise PermissionDenied(_("Sign in again with strong identification to register.")) from exc
    if not hetu or identity.lookup_hash(hetu) != actor.identity_hash:
        raise PermissionDenied(_("Sign in again with strong identification to register."))
    return hetu


def client_self_register(
    *,
    actor: User,
    identified: str,
    registration: intake.Registration,
    contact_data: dict,
    request_id: str = "",
) -> Client:
    """Register the signed-in person, link their account and save their contact data, in one
    transaction. A second registration of the same person is refused with the reason."""
    if not policy.is_client(actor):
        raise PermissionDenied(_("Only a signed-in person registers themselves."))
    if Client.objects.filter(user=actor).exists():
        raise ValidationError({"hetu": _("You are already registered as a job seeker.")})
    hetu = identified_hetu(actor, identified)
    contact.parse_contact(contact_data)  # every error before anything is written
    with transaction.atomic():
        try:
            (client,) = intake.register_checked(
                actor=actor,
                registrations=[replace(registration, hetu=hetu, external_id="", registration_date=None)],
                request_id=request_id,
                purpose="self-registration",
            )
        except intake.ImportRejected as exc:
            errors: dict[str, list[str]] = {}
            for r in exc.rejected:
                message = r["message"]
                if r["field"] == "hetu":
                    message = _("You are already registered as a job seeker.")
                errors.setdefault(r["field"], []).append(message)
            raise ValidationError(errors) from exc
        client.user = actor
        client.save(update_fields=["user"])
        return contact.client_contact_update(
            actor=actor, client=client, data=contact_data, request_id=request_id
        )
