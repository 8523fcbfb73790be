"""/api/v1/clients/{id}/contact: the team's side of the client's contact data. The portal's
/api/v1/portal/contact (portal/api.py) takes the same shapes."""

from __future__ import annotations

from ninja import Field, Router, Schema

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import contact, selectors

router = Router(tags=["contact"], auth=role_auth(*policy.MEETING_WRITERS))


class ContactIn(Schema):
    """Shapes only: values are checked by clients.contact, which answers per field."""

    phone: str = Field("", max_length=30, description="e.g. 040 123 4567 or +46701234567")
    email: str = Field("", max_length=254)
    street_address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=5)
    post_office: str = Field("", max_length=60)
    preferred_channel: str = Field("", description='"sms", "email", "none", or "" (not chosen)')
    contact_language: str = Field("fi", description='"fi", "sv" or "en"')
    interpreter_needed: bool = False
    interpreter_language: str = Field("", max_length=3, description="ISO 639 code")


class ContactOut(Schema):
    phone: str
    email: str
    street_address: str
    postal_code: str
    post_office: str
    preferred_channel: str
    contact_language: str
    interpreter_needed: bool
    interpreter_language: str


def contact_out(client) -> dict:
    return contact.contact_of(client).model_dump()


@router.get("/{client_id}/contact", response=ContactOut, summary="The client's contact data")
def contact_get(request, client_id: int):
    client = selectors.client_get(
        actor=request.user, client_id=client_id, purpose="contact data", request_id=request.request_id
    )
    return contact_out(client)


@router.put("/{client_id}/contact", response=ContactOut, summary="Change the client's contact data")
def contact_put(request, client_id: int, body: ContactIn):
    client = selectors.client_get(
        actor=request.user, client_id=client_id, purpose="contact data", request_id=request.request_id
    )
    saved = contact.client_contact_update(
        actor=request.user, client=client, data=body.model_dump(), request_id=request.request_id
    )
    return contact_out(saved)
