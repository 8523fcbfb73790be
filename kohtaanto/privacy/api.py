"""Helsinki GDPR API convention: GET the person's data tree (204 if none); DELETE with an
optional dry run, 204 when erased (or erasable, on a dry run), 403 with reasons in fi/sv/en
when retention rules forbid it."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status

from . import services

router = Router(tags=["gdpr"])


@router.get("/{person_id}", summary="Export a person's data (GDPR art. 15)", response={200: dict, 204: None})
def gdpr_get(request, person_id: str, reason: str = ""):
    tree = services.gdpr_export(
        actor=request.user, person_id=person_id[:40], reason=reason[:300], request_id=request.request_id
    )
    if tree is None:
        return Status(204, None)
    return tree


@router.delete(
    "/{person_id}", summary="Erase a person's data (GDPR art. 17)", response={204: None, 403: dict}
)
def gdpr_delete(request, person_id: str, dry_run: bool = False, reason: str = ""):
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
