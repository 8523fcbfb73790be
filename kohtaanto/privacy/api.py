"""Helsinki GDPR API convention: GET the person's data tree (204 if none); DELETE with an
optional dry run, 204 when erased (or erasable, on a dry run), 403 with reasons in fi/sv/en
when retention rules forbid it."""

from __future__ import annotations

from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from kohtaanto.accounts.api_auth import TokenAuth

from . import services
from .jwt_auth import GdprJWTAuth

# Helsinki-profiili's bearer JWTs first; then machine tokens and sessions as everywhere.
router = Router(tags=["gdpr"], auth=[GdprJWTAuth(), TokenAuth(), django_auth])


def _nobody_here(request) -> bool:
    """A valid token for a person this service holds nothing on."""
    return bool(getattr(request, "gdpr_subject", None)) and not request.user.is_authenticated


class Node(Schema):
    """One node of the data tree: a value, or children."""

    key: str
    value: str | None = None
    children: list[Node] | None = None


class Refusal(Schema):
    code: str = Field(..., description='e.g. "RETENTION_PERIOD"')
    message: dict[str, str] = Field(..., description="the reason in fi, sv and en")


class Refusals(Schema):
    errors: list[Refusal]


@router.get(
    "/{person_id}",
    summary="Export a person's data (GDPR art. 15)",
    response={200: Node, 204: None},
    exclude_none=True,
)
def gdpr_get(request, person_id: str, reason: str = ""):
    if _nobody_here(request):
        return Status(204, None)
    tree = services.gdpr_export(
        actor=request.user, person_id=person_id[:40], reason=reason[:300], request_id=request.request_id
    )
    if tree is None:
        return Status(204, None)
    return tree


@router.delete(
    "/{person_id}", summary="Erase a person's data (GDPR art. 17)", response={204: None, 403: Refusals}
)
def gdpr_delete(request, person_id: str, dry_run: bool = False, reason: str = ""):
    if _nobody_here(request):
        return Status(204, None)
    result = services.gdpr_erase(
        actor=request.user,
        person_id=person_id[:40],
        dry_run=dry_run,
        reason=reason[:300],
        request_id=request.request_id,
    )
    if result.refusals:
        return Status(403, {"errors": [{"code": r.code, "message": r.message} for r in result.refusals]})
    return Status(204, None)
