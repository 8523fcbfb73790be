"""OIDC login against a real provider started by the tests (tests/security/oidc_provider.py).

The test drives the whole authorization-code flow: Django's test client starts the login,
the test follows the redirect to the live provider itself with `requests`, takes the code
from the provider's redirect and calls Django's callback, which talks to the provider's
token, JWKS and userinfo endpoints over HTTP.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import RequestFactory
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.accounts.oidc import KohtaantoOIDCBackend
from tests.factories import UserFactory

from .oidc_provider import OIDCProvider, new_rsa_key

pytestmark = pytest.mark.django_db

BACKEND = "kohtaanto.accounts.oidc.KohtaantoOIDCBackend"


@pytest.fixture(scope="module")
def provider():
    p = OIDCProvider().start()
    yield p
    p.stop()


@pytest.fixture
def oidc(provider, settings, local_http):
    """Kohtaanto configured for the test provider, as the KOHTAANTO_OIDC_* variables would."""
    provider.reset()
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDER_NAME = "Helsinki-tunnistus"
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_ISSUER = provider.issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.authorization_endpoint
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
    settings.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
    settings.OIDC_OP_JWKS_ENDPOINT = provider.jwks_endpoint
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = []
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider


@pytest.fixture
def worker():
    return UserFactory(email="anna.virtanen@hel.fi", role=Role.CASE_WORKER)


def person(user, **extra) -> dict:
    """The claims of someone who has just logged in at the provider."""
    return {"sub": f"sub-{user.pk}", "email": user.email, "email_verified": True, **extra}


def sign_in(client, provider, next_url: str | None = None):
    """Run the authorization-code flow; return Django's answer to the callback."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url} if next_url else {})
    assert start.status_code == 302, start
    location = start["Location"]
    assert location.startswith(provider.authorization_endpoint + "?")
    query = parse_qs(urlparse(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]

    at_provider = requests.get(location, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


def refused(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("login") + "?oidc=failed"


# -- off unless configured ---------------------------------------------------------------------


def test_off_when_not_configured(client, settings):
    assert settings.OIDC_ENABLED is False  # the test environment sets no KOHTAANTO_OIDC_*
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404
    page = client.get(reverse("login")).content.decode()
    assert "Helsinki-tunnistus" not in page and reverse("oidc_authentication_init") not in page


def test_login_page_offers_the_provider_when_configured(client, oidc):
    page = client.get(reverse("login")).content.decode()
    assert "Helsinki-tunnistus" in page and reverse("oidc_authentication_init") in page
    assert 'name="password"' in page  # the local login stays


# -- the flow ----------------------------------------------------------------------------------


def test_full_authorization_code_flow_logs_the_worker_in(client, oidc, worker):
    oidc.identity = person(worker)
    response = sign_in(client, oidc, next_url=reverse("worklist"))
    assert response.status_code == 302 and response["Location"] == reverse("worklist")
    assert logged_in_as(client) == str(worker.pk)
    assert client.session["_auth_user_backend"] == BACKEND
    assert client.get(reverse("worklist")).status_code == 200
    assert [p for _, p in oidc.log] == [
        urlparse(oidc.authorization_endpoint).path,
        urlparse(oidc.token_endpoint).path,
        urlparse(oidc.jwks_endpoint).path,
        urlparse(oidc.userinfo_endpoint).path,
    ]


def test_email_matching_ignores_case_and_domain_list_applies(client, oidc, worker, settings):
    oidc.identity = person(worker, email="Anna.Virtanen@HEL.fi")
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = ["hel.fi"]
    assert sign_in(client, oidc).status_code == 302 and logged_in_as(client) == str(worker.pk)


def test_foreign_next_url_is_ignored(client, oidc, worker):
    oidc.identity = person(worker)
    response = sign_in(client, oidc, next_url="https://evil.example/")
    assert response["Location"] == reverse("home") and logged_in_as(client) == str(worker.pk)


def test_code_and_state_cannot_be_replayed(client, oidc, worker):
    oidc.identity = person(worker)
    start = client.get(reverse("oidc_authentication_init"))
    back = urlparse(requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"])
    callback = f"{back.path}?{back.query}"
    assert client.get(callback).status_code == 302 and logged_in_as(client) == str(worker.pk)
    client.logout()
    # The state was consumed: the same callback again is refused, and nobody is logged in.
    assert client.get(callback).status_code in (302, 400)
    assert logged_in_as(client) is None


# -- refusals ----------------------------------------------------------------------------------


def _assert_refused(client, oidc) -> None:
    users_before = get_user_model().objects.count()
    response = sign_in(client, oidc)
    assert refused(response), (response.status_code, response.get("Location"))
    assert logged_in_as(client) is None
    assert get_user_model().objects.count() == users_before, "OIDC must never create accounts"
    page = client.get(response["Location"]).content.decode()
    assert 'role="alert"' in page


def test_bad_signature_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.signing_key = new_rsa_key()  # same kid, key the JWKS does not publish
    _assert_refused(client, oidc)


def test_wrong_audience_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.id_token_claims = {"aud": "some-other-service", "azp": "some-other-service"}
    _assert_refused(client, oidc)


def test_token_for_several_audiences_needs_us_as_authorised_party(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.id_token_claims = {"aud": [oidc.client_id, "other"], "azp": "other"}
    _assert_refused(client, oidc)


def test_wrong_nonce_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.id_token_claims = {"nonce": "not-the-nonce-we-sent"}
    _assert_refused(client, oidc)


def test_missing_nonce_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.id_token_claims = {"nonce": None}
    _assert_refused(client, oidc)


def test_wrong_issuer_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.id_token_claims = {"iss": "https://tunnistus.example/realms/other"}
    _assert_refused(client, oidc)


def test_expired_token_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    past = int(time.time()) - 3600
    oidc.id_token_claims = {"iat": past - 300, "exp": past}
    _assert_refused(client, oidc)


def test_userinfo_for_another_subject_is_refused(client, oidc, worker):
    oidc.identity = person(worker)
    oidc.userinfo_claims = {"sub": "someone-else"}
    _assert_refused(client, oidc)


def test_unknown_user_is_refused_and_not_created(client, oidc, worker):
    oidc.identity = {"sub": "new-person", "email": "stranger@hel.fi", "email_verified": True}
    _assert_refused(client, oidc)


def test_unverified_email_is_refused(client, oidc, worker):
    oidc.identity = person(worker, email_verified=False)
    _assert_refused(client, oidc)


def test_email_outside_allowed_domains_is_refused(client, oidc, worker, settings):
    settings.OIDC_ALLOWED_EMAIL_DOMAINS = ["edu.hel.fi"]
    oidc.identity = person(worker)
    _assert_refused(client, oidc)


def test_two_accounts_with_the_address_are_refused(client, oidc, worker):
    UserFactory(email=worker.email.upper(), is_active=False)
    oidc.identity = person(worker)
    _assert_refused(client, oidc)


def test_inactive_account_is_refused(client, oidc, worker):
    worker.is_active = False
    worker.save()
    oidc.identity = person(worker)
    _assert_refused(client, oidc)


@pytest.mark.parametrize(
    "attrs",
    [
        {"role": Role.ADMINISTRATOR},
        {"role": Role.CASE_WORKER, "is_superuser": True},
        {"role": Role.CASE_WORKER, "is_staff": True},
        {"role": Role.CLIENT},
        {"role": Role.SERVICE_PROVIDER},
    ],
    ids=["administrator", "superuser", "django-staff", "client", "service-provider"],
)
def test_privileged_and_non_staff_accounts_are_refused(client, oidc, attrs):
    user = UserFactory(email="someone@hel.fi", **attrs)
    oidc.identity = person(user)
    _assert_refused(client, oidc)


def test_session_ends_when_the_account_becomes_privileged(client, oidc, worker):
    oidc.identity = person(worker)
    sign_in(client, oidc)
    assert client.get(reverse("worklist")).status_code == 200
    worker.role = Role.ADMINISTRATOR
    worker.save()
    response = client.get(reverse("worklist"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_backend_ignores_calls_that_are_not_the_callback(oidc):
    """A password login whose URL happens to carry ?code=&state= must not reach the provider."""
    request = RequestFactory().post("/accounts/login/?code=abc&state=def")
    assert KohtaantoOIDCBackend().authenticate(request, username="x", password="y") is None
    assert oidc.log == []
