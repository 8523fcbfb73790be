"""Login throttling (django-axes) on the login page and the admin login, and the idle timeout."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from kohtaanto.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"  # tests/factories.py


def attempt(client, username: str, password: str, ip: str = "10.0.0.1", url: str | None = None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_settings_lock_out_after_five_failures_for_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_login_form_locks_out_after_five_failures(client):
    UserFactory(username="anna")
    for _ in range(4):
        r = attempt(client, "anna", "wrong")
        assert r.status_code == 200 and b'role="alert"' in r.content
    r = attempt(client, "anna", "wrong")
    assert r.status_code == 429
    # Locked out: even the right password is refused, with the login page and a message.
    r = attempt(client, "anna", PASSWORD)
    assert r.status_code == 429 and SESSION_KEY not in client.session
    assert b"Too many failed login attempts" in r.content and b'name="password"' in r.content


def test_each_failure_is_recorded_without_the_password(client):
    UserFactory(username="anna")
    attempt(client, "anna", "wrong-secret")
    attempt(client, "anna", "wrong-secret-2")
    failures = AccessFailureLog.objects.filter(username="anna")
    assert failures.count() == 2 and {f.ip_address for f in failures} == {"10.0.0.1"}
    stored = " ".join(str(v) for f in failures for v in vars(f).values())
    assert "wrong-secret" not in stored


def test_lockout_is_per_username_and_address(client):
    UserFactory(username="anna")
    UserFactory(username="ben")
    for _ in range(5):
        attempt(client, "anna", "wrong", ip="10.0.0.1")
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.1").status_code == 429
    # Another account from the same address, and the same account from elsewhere, still work.
    assert attempt(client, "ben", PASSWORD, ip="10.0.0.1").status_code == 302
    client.logout()
    assert attempt(client, "anna", PASSWORD, ip="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cool_off(client):
    UserFactory(username="anna")
    for _ in range(5):
        attempt(client, "anna", "wrong")
    assert attempt(client, "anna", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))
    assert attempt(client, "anna", PASSWORD).status_code == 302
    assert SESSION_KEY in client.session


def test_success_resets_the_failure_count(client):
    UserFactory(username="anna")
    for _ in range(4):
        attempt(client, "anna", "wrong")
    assert attempt(client, "anna", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "anna", "wrong").status_code == 200


def test_admin_login_is_throttled_too(client):
    UserFactory(username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(4):
        assert attempt(client, "root", "wrong", url=url).status_code == 200
    assert attempt(client, "root", "wrong", url=url).status_code == 429
    assert attempt(client, "root", PASSWORD, url=url).status_code == 429
    assert SESSION_KEY not in client.session


def test_failures_on_the_login_page_count_for_the_admin_login(client):
    UserFactory(username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    for _ in range(5):
        attempt(client, "root", "wrong")
    assert attempt(client, "root", PASSWORD, url=reverse("admin:login")).status_code == 429


# -- session timeout ---------------------------------------------------------------------------


def test_idle_session_expires_and_activity_keeps_it_alive(client, settings):
    """SESSION_COOKIE_AGE is an idle timeout because every request saves the session."""
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.force_login(UserFactory())
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    t0 = timezone.now()

    def page_at(moment):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            return client.get(reverse("worklist"))

    # Active every 29 minutes: still logged in an hour later.
    assert page_at(t0 + age - dt.timedelta(minutes=1)).status_code == 200
    assert page_at(t0 + 2 * (age - dt.timedelta(minutes=1))).status_code == 200
    # Then idle for 31 minutes: the session is gone and the login page asks again.
    r = page_at(t0 + 2 * (age - dt.timedelta(minutes=1)) + age + dt.timedelta(minutes=1))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_session_ends_twelve_hours_after_login_however_active(client, settings):
    """ASVS 3.3.2: an absolute limit beside the idle one; activity cannot extend it."""
    assert settings.SESSION_MAX_SECONDS == 12 * 3600
    t0 = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=t0):
        client.force_login(UserFactory())
    step = dt.timedelta(minutes=25)
    moment = t0
    while moment + step < t0 + dt.timedelta(hours=12):
        moment += step
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert client.get(reverse("worklist")).status_code == 200
    with mock.patch("django.utils.timezone.now", return_value=t0 + dt.timedelta(hours=12, minutes=1)):
        r = client.get(reverse("worklist"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
    assert SESSION_KEY not in client.session


def test_session_without_a_login_time_is_ended(client):
    client.force_login(UserFactory())
    session = client.session
    del session["kohtaanto_auth_at"]
    session.save()
    r = client.get(reverse("worklist"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
