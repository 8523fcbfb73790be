"""/api/v1/clients/{id}/access (state a reason to open a client: need to know) and
/api/v1/clients/{id}/identity-code (the whole code, shown masked elsewhere; audited)."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status

from kohtaanto.accounts import policy
from kohtaanto.accounts.api_auth import role_auth

from . import access, selectors

router = Router(tags=["clients"])


class AccessIn(Schema):
    reason: str


class AccessOut(Schema):
    reason: str
    expires_at: datetime


class IdentityCodeOut(Schema):
    identity_code: str


@router.post(
    "/{client_id}/access",
    response={201: AccessOut},
    summary="State a reason to open this client",
    auth=role_auth(*policy.NEED_TO_KNOW_ROLES),
)
def client_access(request, client_id: int, body: AccessIn):
    grant = access.access_grant(
        actor=request.user, client_id=client_id, reason=body.reason, request_id=request.request_id
    )
    return Status(201, {"reason": grant.reason, "expires_at": grant.expires_at})


@router.get(
    "/{client_id}/identity-code", response=IdentityCodeOut, summary="The client's whole identity code"
)
def identity_code(request, client_id: int, reason: str = ""):
    code = selectors.identity_code_reveal(
        actor=request.user, client_id=client_id, reason=reason[:300], request_id=request.request_id
    )
    return {"identity_code": code}
