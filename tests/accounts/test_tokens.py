"""Machine tokens for integrations (issue 13, point 7): shown once, stored hashed, limited by
scope and expiry, revocable, each use audited; a token acts as its user, so the user's role
still decides what it may do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kohtaanto.accounts.models import ApiToken
from kohtaanto.audit.models import AuditEvent
from kohtaanto.cli import main
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WORKLIST = "/api/v1/clients/worklist"


def _create(capsys, *args) -> str:
    assert main(["tokens", "create", *args]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_acts_as_its_user_within_its_scope_and_each_use_is_audited(client, capsys):
    robot = UserFactory(username="robot")
    token = _create(capsys, "--user", "robot", "--scopes", "read", "--days", "30", "--name", "reporting")
    row = ApiToken.objects.get()
    assert token.startswith("kht_") and token not in row.token_hash and row.scopes == ["read"]
    assert client.get(WORKLIST, **_bearer(token)).status_code == 200
    assert AuditEvent.objects.filter(target_type="api.token", actor_id=robot.pk, action="read").count() == 1
    # A write needs the write scope: 403 with the reason, nothing written.
    r = client.post("/api/v1/casework/reassign", {}, content_type="application/json", **_bearer(token))
    assert r.status_code == 403 and "write" in r.json()["detail"]
    # The role still decides: a case worker's token does not reach the caseloads.
    assert client.get("/api/v1/clients/caseloads", **_bearer(token)).status_code == 403


def test_unknown_expired_and_revoked_tokens_are_refused(client, capsys):
    UserFactory(username="robot")
    token = _create(capsys, "--user", "robot", "--scopes", "read,write")
    assert client.get(WORKLIST, **_bearer(token[:-2] + "xx")).status_code == 401
    assert client.get(WORKLIST, **_bearer("kht_nope_nope")).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(WORKLIST, **_bearer(token)).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(WORKLIST, **_bearer(token)).status_code == 200
    assert main(["tokens", "revoke", str(ApiToken.objects.get().pk)]) == 0
    assert client.get(WORKLIST, **_bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody", "--scopes", "read"], "no active user"),
        (["--user", "robot", "--scopes", "admin"], "choose from read, write"),
        (["--user", "robot", "--scopes", "read", "--days", "400"], "1 to 366 days"),
    ],
)
def test_bad_token_requests_are_refused_and_write_nothing(capsys, args, message):
    UserFactory(username="robot")
    assert main(["tokens", "create", *args]) != 0
    assert message in capsys.readouterr().err
    assert not ApiToken.objects.exists()
