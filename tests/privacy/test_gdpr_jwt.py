"""The GDPR API as Helsinki-profiili calls it (issue 13, point 6): OAuth2 bearer JWTs from the
configured issuer, checked against its published keys, with audience and the gdprquery /
gdprdelete scopes. The local OIDC provider of the security tests publishes the keys."""

from __future__ import annotations

import datetime as dt
import time

import jwt
import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import Client
from tests.factories import ClientFactory, UserFactory
from tests.security.oidc_provider import OIDCProvider, new_rsa_key

pytestmark = pytest.mark.django_db

SUB = "5f1b9a2e-3c4d-4e5f-8a6b-7c8d9e0f1a2b"
ENDED_LONG_AGO = {
    "registration_date": dt.date(2014, 1, 1),
    "job_search_status": "ended",
    "end_date": dt.date(2015, 6, 1),
}


@pytest.fixture(scope="module")
def issuer():
    p = OIDCProvider().start()
    yield p
    p.stop()


@pytest.fixture
def gdpr(issuer, settings, local_http):
    settings.GDPR_API = {
        "issuer": issuer.issuer,
        "jwks": issuer.jwks_endpoint,
        "audience": "kohtaanto-gdpr",
        "query_scope": "gdprquery",
        "delete_scope": "gdprdelete",
    }
    return issuer


def token(issuer, *, sub=SUB, scope="gdprquery gdprdelete", key=None, **claims) -> str:
    now = int(time.time())
    body = {
        "iss": issuer.issuer,
        "aud": "kohtaanto-gdpr",
        "sub": sub,
        "iat": now,
        "exp": now + 300,
        "scope": scope,
    }
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, key or issuer.key, algorithm="RS256", headers={"kid": issuer.kid})


def person(**kwargs) -> Client:
    user = UserFactory(role=Role.CLIENT, team=None, unit=None, person_sub=SUB)
    return ClientFactory(user=user, first_name="Iida", **kwargs)


def call(client, method, path, bearer):
    return getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {bearer}")


def test_profile_reads_the_persons_data_with_a_query_token(client, gdpr):
    record = person()
    r = call(client, "get", f"/api/v1/gdpr/{SUB}", token(gdpr, scope="gdprquery"))
    assert r.status_code == 200 and r.json()["key"] == "CLIENT" and "Iida" in r.text
    assert AuditEvent.objects.filter(action="export", subject_client_id=record.pk).exists()


def test_a_person_this_service_does_not_know_is_204(client, gdpr):
    assert call(client, "get", f"/api/v1/gdpr/{SUB}", token(gdpr)).status_code == 204
    assert call(client, "delete", f"/api/v1/gdpr/{SUB}", token(gdpr)).status_code == 204


def test_profile_erases_with_a_delete_token(client, gdpr):
    record = person(**ENDED_LONG_AGO)
    dry = call(client, "delete", f"/api/v1/gdpr/{SUB}?dry_run=true", token(gdpr, scope="gdprdelete"))
    assert dry.status_code == 204
    record.refresh_from_db()
    assert record.anonymised_at is None
    assert call(client, "delete", f"/api/v1/gdpr/{SUB}", token(gdpr, scope="gdprdelete")).status_code == 204
    record.refresh_from_db()
    assert record.anonymised_at is not None and record.first_name != "Iida"


@pytest.mark.parametrize(
    ("method", "overrides", "status", "reason"),
    [
        ("get", {"aud": "another-service"}, 401, "audience"),
        ("get", {"exp": int(time.time()) - 3600}, 401, "expired"),
        ("get", {"iss": "https://evil.example"}, 401, "issuer"),
        ("get", {"scope": "gdprdelete"}, 403, "gdprquery"),
        ("delete", {"scope": "gdprquery"}, 403, "gdprdelete"),
        ("get", {"sub": "another-person"}, 403, "another person"),
        ("delete", {"sub": "another-person"}, 403, "another person"),
    ],
)
def test_a_bad_token_is_refused_with_the_reason_and_changes_nothing(
    client, gdpr, method, overrides, status, reason
):
    record = person(**ENDED_LONG_AGO)
    before = AuditEvent.objects.filter(subject_client_id=record.pk).count()
    r = call(client, method, f"/api/v1/gdpr/{SUB}", token(gdpr, **overrides))
    assert r.status_code == status and reason in r.json()["detail"], r.json()
    record.refresh_from_db()
    assert record.anonymised_at is None
    assert AuditEvent.objects.filter(subject_client_id=record.pk).count() == before


def test_a_token_signed_with_an_unpublished_key_is_refused(client, gdpr):
    person()
    r = call(client, "get", f"/api/v1/gdpr/{SUB}", token(gdpr, key=new_rsa_key()))
    assert r.status_code == 401 and "signature" in r.json()["detail"]


def test_a_staff_subject_is_refused(client, gdpr):
    UserFactory(role=Role.CASE_WORKER, person_sub=SUB)
    assert call(client, "get", f"/api/v1/gdpr/{SUB}", token(gdpr)).status_code == 403


def test_without_a_configured_issuer_a_jwt_is_not_accepted(client, gdpr, settings):
    person()
    settings.GDPR_API = {**settings.GDPR_API, "issuer": ""}
    assert call(client, "get", f"/api/v1/gdpr/{SUB}", token(gdpr)).status_code == 401
