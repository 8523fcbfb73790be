"""A client's contact data (issue 13, point 3): phone, e-mail, postal address, preferred
channel and language, and an interpreter need. The client keeps it current in the portal and
the responsible team edits it; both go through `client_contact_update`."""

from __future__ import annotations

from typing import Literal

import phonenumbers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic import ValidationError as PydanticError

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record

from .models import Client, ContactChannel

FIELDS = (
    "phone",
    "email",
    "street_address",
    "postal_code",
    "post_office",
    "preferred_channel",
    "contact_language",
    "interpreter_needed",
    "interpreter_language",
)


class ContactData(BaseModel):
    """What a contact form or the API sends; validated and normalised here, once."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    phone: str = ""
    email: str = ""
    street_address: str = ""
    postal_code: str = ""
    post_office: str = ""
    preferred_channel: Literal["", "sms", "email", "none"] = ""
    contact_language: Literal["fi", "sv", "en"] = "fi"
    interpreter_needed: bool = False
    interpreter_language: str = ""

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        """Finnish numbers as people write them (040 123 4567) or any number with +country."""
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, "FI")
        except phonenumbers.NumberParseException as exc:
            raise ValueError("not a phone number") from exc
        if not phonenumbers.is_valid_number(number):
            raise ValueError("not a valid phone number")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValueError("not an e-mail address") from exc
        return value.lower()

    @field_validator("street_address", "post_office")
    @classmethod
    def _text(cls, value: str) -> str:
        if len(value) > 200 or any(not ch.isprintable() for ch in value):
            raise ValueError("at most 200 printable characters")
        return value

    @field_validator("postal_code")
    @classmethod
    def _postal_code(cls, value: str) -> str:
        if value and not (value.isdigit() and len(value) == 5):
            raise ValueError("five digits")
        return value

    @field_validator("interpreter_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value and not (value.isalpha() and 2 <= len(value) <= 3):
            raise ValueError("an ISO 639 language code, e.g. ar, so, uk")
        return value.lower()

    @model_validator(mode="after")
    def _consistent(self) -> ContactData:
        if self.preferred_channel == "sms" and not self.phone:
            raise ValueError("phone: text messages need a phone number")
        if self.preferred_channel == "email" and not self.email:
            raise ValueError("email: e-mail needs an address")
        if self.interpreter_needed and not self.interpreter_language:
            raise ValueError("interpreter_language: say which language the interpreter speaks")
        return self


MESSAGES = {
    "phone": lambda: _("Give a phone number such as 040 123 4567 or +46 70 123 4567."),
    "email": lambda: _("Give an e-mail address such as name@example.fi."),
    "postal_code": lambda: _("A postal code has five digits."),
    "street_address": lambda: _("At most 200 characters."),
    "post_office": lambda: _("At most 200 characters."),
    "interpreter_language": lambda: _("Say which language the interpreter speaks (e.g. ar, so, uk)."),
    "preferred_channel": lambda: _("Choose text message, e-mail or only in Kohtaanto."),
    "contact_language": lambda: _("Choose Finnish, Swedish or English."),
}


def contact_errors(exc: PydanticError) -> dict[str, str]:
    """Field -> message in the reader's language, for forms and the API alike."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        if not name:  # a cross-field rule names its field first
            name = str(err["msg"]).removeprefix("Value error, ").split(":", 1)[0]
        errors[name] = MESSAGES[name]() if name in MESSAGES else str(err["msg"])
    return errors


def parse_contact(data: dict) -> ContactData:
    """ContactData, or Django's ValidationError with a message per field."""
    try:
        return ContactData.model_validate(data)
    except PydanticError as exc:
        raise ValidationError(contact_errors(exc)) from exc


def contact_of(client: Client) -> ContactData:
    return ContactData.model_construct(**{name: getattr(client, name) for name in FIELDS})


def may_edit_contact(actor: User, client: Client) -> bool:
    """The client themselves, or the client's own team (as for meetings)."""
    if policy.is_client(actor):
        return client.user_id == actor.pk
    return policy.can_write_meetings(actor, client)


def client_contact_update(*, actor: User, client: Client, data: dict, request_id: str = "") -> Client:
    """Validate and save the contact data; the audit names the changed fields, not the values."""
    if not may_edit_contact(actor, client):
        raise PermissionDenied(_("Only the client and their own team edit contact data."))
    contact = parse_contact(data)
    with transaction.atomic():
        locked = Client.objects.select_for_update().get(pk=client.pk)
        changed = [name for name in FIELDS if getattr(locked, name) != getattr(contact, name)]
        for name in changed:
            setattr(locked, name, getattr(contact, name))
        if changed:
            locked.save(update_fields=changed)
        audit_record(
            actor=actor,
            action="update",
            target_type="client.contact",
            target_id=locked.pk,
            subject_client_id=locked.pk,
            purpose="contact data",
            detail={"fields": changed},
            request_id=request_id,
        )
    return locked


__all__ = ["ContactChannel", "ContactData", "client_contact_update", "contact_of", "parse_contact"]
