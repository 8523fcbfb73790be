"""Users with a local password change it themselves (ASVS 2.1.5, 2.1.6): the current password
is required, the validators apply, the session survives, and the change is audited without
password material."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from kohtaanto.audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"  # tests/factories.py
NEW = "uusi-Salasana-2026-kohtaanto"


def _change(client, old, new1, new2=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_changes_own_password_keeps_the_session_and_audits(client):
    user = UserFactory()
    client.force_login(user)
    r = _change(client, PASSWORD, NEW)
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(PASSWORD)
    assert SESSION_KEY in client.session and client.get(reverse("home")).status_code in (200, 302)
    assert client.get(reverse("password_change")).status_code == 200  # still logged in
    event = AuditEvent.objects.get(target_type="user.password")
    assert (event.actor_id, event.action, event.target_id) == (user.pk, "update", str(user.pk))
    assert NEW not in str(event.detail) and PASSWORD not in str(event.detail)


@pytest.mark.parametrize(
    ("old", "new1", "new2", "field"),
    [
        ("wrong-password", NEW, NEW, "old_password"),
        # Django reports the validators' verdict on the repeated field.
        (PASSWORD, "short", "short", "new_password2"),
        (PASSWORD, "password1234", "password1234", "new_password2"),  # common
        (PASSWORD, NEW, NEW + "x", "new_password2"),
    ],
)
def test_bad_changes_are_refused_with_the_reason_and_change_nothing(client, old, new1, new2, field):
    user = UserFactory()
    client.force_login(user)
    r = _change(client, old, new1, new2)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'role="alert"' in html and f'id="err_{field}"' in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(target_type="user.password").exists()


def test_single_sign_on_users_are_sent_to_their_identity_provider(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    html = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "identity provider" in html and 'name="new_password1"' not in html


def test_anonymous_is_sent_to_login(client):
    r = client.get(reverse("password_change"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
