"""CSRF on the UI and the API, security headers and cookies, and Argon2 password hashing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import Client
from django.urls import reverse

import kohtaanto.settings as project_settings
from kohtaanto.accounts.models import User
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

MEETING = {
    "kind": "initial_interview",
    "status": "held",
    "channel": "phone",
    "held_date": dt.date.today().isoformat(),
}


@pytest.fixture
def csrf_client():
    """A test client that checks CSRF tokens as a browser request would be checked."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def worker_and_client(csrf_client):
    worker = UserFactory()
    customer = ClientFactory(responsible_worker=worker)
    csrf_client.force_login(worker)
    return worker, customer


def _csrf_token(client, page: str = "login") -> str:
    client.get(reverse(page))  # any page with a form sets the CSRF cookie
    return client.cookies["csrftoken"].value


# -- CSRF --------------------------------------------------------------------------------------


def test_ui_post_without_token_is_refused(csrf_client, worker_and_client):
    _, customer = worker_and_client
    url = reverse("meeting_new", args=[customer.pk])
    assert csrf_client.post(url, MEETING).status_code == 403
    assert customer.meetings.count() == 0
    token = _csrf_token(csrf_client, "worklist")
    assert csrf_client.post(url, {**MEETING, "csrfmiddlewaretoken": token}).status_code == 302
    assert customer.meetings.filter(status="held").count() == 1


def test_login_and_logout_need_a_token(csrf_client):
    UserFactory(username="anna")
    r = csrf_client.post(reverse("login"), {"username": "anna", "password": "pw-for-tests-only"})
    assert r.status_code == 403
    token = _csrf_token(csrf_client)
    form = {"username": "anna", "password": "pw-for-tests-only", "csrfmiddlewaretoken": token}
    assert csrf_client.post(reverse("login"), form).status_code == 302
    assert csrf_client.post(reverse("logout")).status_code == 403
    assert csrf_client.get(reverse("logout")).status_code == 405  # no logout by link or image


def test_api_session_auth_enforces_csrf(csrf_client, worker_and_client):
    """django-ninja's django_auth checks CSRF for cookie sessions, although its views are exempt."""
    _, customer = worker_and_client
    url = f"/api/v1/clients/{customer.pk}/meetings"
    r = csrf_client.post(url, MEETING, content_type="application/json")
    assert r.status_code == 403 and b"CSRF" in r.content and customer.meetings.count() == 0
    r = csrf_client.post(url, MEETING, content_type="application/json", HTTP_X_CSRFTOKEN="x" * 32)
    assert r.status_code == 403 and customer.meetings.count() == 0
    token = _csrf_token(csrf_client, "worklist")
    r = csrf_client.post(url, MEETING, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 201 and customer.meetings.filter(status="held").count() == 1


def test_api_reads_need_no_token_but_a_session(csrf_client, worker_and_client):
    assert csrf_client.get("/api/v1/clients/worklist").status_code == 200
    assert Client(enforce_csrf_checks=True).get("/api/v1/clients/worklist").status_code == 401


def test_every_unsafe_api_operation_checks_csrf(csrf_client, worker_and_client):
    """Whatever routers others add: a cookie-authenticated write without a token is a 403."""
    _, customer = worker_and_client
    schema = csrf_client.get("/api/v1/openapi.json").json()
    unsafe = [
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    ]
    assert unsafe
    for method, path in unsafe:
        concrete = re.sub(r"\{[^}]+\}", str(customer.pk), path)
        r = csrf_client.generic(method.upper(), concrete, "{}", content_type="application/json")
        assert r.status_code == 403 and b"CSRF" in r.content, (method, path, r.status_code)


# -- headers and cookies -----------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(client):
    r = client.get(reverse("login"))
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in r["Permissions-Policy"]


def test_api_responses_carry_the_headers_too(client):
    r = client.get("/api/v1/clients/worklist")
    assert r.status_code == 401
    assert "default-src 'self'" in r["Content-Security-Policy"] and r["X-Content-Type-Options"] == "nosniff"


def test_nothing_shown_to_a_logged_in_user_is_cached(client):
    """ASVS 8.1.1/8.2.1: client data must not stay in browser or proxy caches, page or API."""
    worker = UserFactory()
    customer = ClientFactory(responsible_worker=worker)
    client.force_login(worker)
    for url in (reverse("worklist"), reverse("client_page", args=[customer.pk]), "/api/v1/clients/worklist"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"], url


def test_htmx_keeps_no_page_snapshots_in_browser_storage(client):
    """ASVS 8.2.2: with hx-push-url, HTMX would copy pages (client names) to localStorage."""
    client.force_login(UserFactory())
    html = client.get(reverse("worklist")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', html)
    assert config and '"historyCacheSize": 0' in config.group(1)


def test_session_and_csrf_cookies_are_not_readable_by_scripts(client):
    UserFactory(username="anna")
    r = client.post(reverse("login"), {"username": "anna", "password": "pw-for-tests-only"})
    session = r.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert not session["max-age"]  # ends with the browser; the server ends it after 30 idle minutes
    csrf = client.get(reverse("login")).cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


# -- passwords ---------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2id(settings):
    # tests/conftest.py swaps in a fast hasher for speed; check what the project configures.
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = User.objects.create_user("anna", password="correct horse battery staple")
    assert user.password.startswith("argon2$argon2id$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("correct horse battery staple") and not user.check_password("wrong")


def test_older_hashes_are_upgraded_to_argon2_at_login(settings, client):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory(username="anna")
    user.password = make_password("pw-for-tests-only", hasher="pbkdf2_sha256")
    user.save()
    assert (
        client.post(reverse("login"), {"username": "anna", "password": "pw-for-tests-only"}).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$") and check_password("pw-for-tests-only", user.password)


def test_password_rules_ask_for_length_and_refuse_common_ones():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1!", "password1234", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("kolme pientä sanaa riittää")
