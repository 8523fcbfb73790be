"""Need to know (issue 13, point 9) across every route, as the authorization matrix does
for roles: each route that shows the client's team one client refuses a teammate who has
stated no reason (403, nothing read), and lets them through once they have."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import AccessGrant
from tests.factories import UserFactory

from .test_matrix import MATRIX, _allowed, _request, world  # noqa: F401 - the matrix's world

# The routes that state the reason, and the worker's list across clients, need none.
NO_REASON = {"/clients/<int:client_id>/access/", "/api/v1/clients/{client_id}/access"}
ROUTES = sorted(
    (method, route)
    for (method, route), scopes in MATRIX.items()
    if "client_id" in route and "case_worker" in scopes.get("own", ()) and route not in NO_REASON
)


def test_the_list_is_not_empty():
    assert len(ROUTES) > 30


@pytest.mark.parametrize(("method", "route"), ROUTES, ids=lambda v: str(v))
def test_a_teammate_needs_a_stated_reason(db, client, world, method, route):  # noqa: F811
    users, targets = world
    target, worker, service = targets["own"]
    teammate = UserFactory(team=target.team, unit=target.unit)
    client.force_login(teammate)
    reads = AuditEvent.objects.filter(subject_client_id=target.pk, action="read").count()
    refused = _request(client, method, route, target, worker, service)
    assert refused.status_code == 403, f"{method} {route}: {refused.status_code}"
    if route.startswith("/api/"):
        assert refused.json()["code"] == "reason_required" and "standing_in" in refused.json()["reasons"]
    else:
        assert 'name="reason"' in refused.content.decode()
    assert AuditEvent.objects.filter(subject_client_id=target.pk, action="read").count() == reads

    AccessGrant.objects.create(
        user=teammate, client=target, reason="standing_in", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert _allowed(_request(client, method, route, target, worker, service)), f"{method} {route}"
