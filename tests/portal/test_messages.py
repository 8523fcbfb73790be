"""Messages between the client and the worker, with notifications that carry no details."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.notifications.models import Notification
from kohtaanto.portal.models import Message
from tests.factories import UserFactory, stated_reason
from tests.portal.factories import client_user, network_member

pytestmark = pytest.mark.django_db

SECRET = "Minulla on masennusdiagnoosi ja velkoja"


@pytest.fixture
def pair():
    user, record = client_user()
    worker = record.responsible_worker
    worker.email = "worker@example.org"
    worker.save()
    return user, record, worker


def test_client_writes_worker_is_notified_without_the_text(client, pair):
    user, record, worker = pair
    client.force_login(user)
    r = client.post(reverse("portal_messages"), {"body": SECRET})
    assert r.status_code == 302
    msg = Message.objects.get(client=record)
    assert msg.side == "client" and msg.sender == user and msg.body == SECRET
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["worker@example.org"]
    assert SECRET not in email.body and record.last_name not in email.body + email.subject
    assert f"https://kohtaanto.example.fi/clients/{record.pk}/messages/" in email.body
    note = Notification.objects.get(recipient=worker)
    assert note.kind == "message.to_worker" and note.status == "sent" and note.sent_at
    assert AuditEvent.objects.filter(
        action="create", target_type="message", subject_client_id=record.pk
    ).exists()


def test_worker_answers_from_the_client_page_and_the_client_is_notified(client, pair):
    user, record, worker = pair
    Message.objects.create(client=record, sender=user, side="client", body="Kysymys")
    client.force_login(worker)
    # The include for the client page loads the thread lazily from this view.
    partial = client.get(reverse("staff_messages", args=[record.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "Kysymys" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert Message.objects.get(body="Kysymys").read_at is not None  # the worker has read it
    r = client.post(
        reverse("staff_messages", args=[record.pk]), {"body": "Vastaus: tervetuloa"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and "Vastaus: tervetuloa" in r.content.decode()
    assert [m.to for m in mail.outbox] == [["client@example.org"]]
    assert "Vastaus" not in mail.outbox[0].body
    assert "https://kohtaanto.example.fi/portal/messages/" in mail.outbox[0].body
    # The client reads it: unread count on the home page, then read after opening the thread.
    client.force_login(user)
    assert client.get("/api/v1/portal/messages").json()[-1]["body"] == "Vastaus: tervetuloa"
    assert Message.objects.get(body="Vastaus: tervetuloa").read_at is not None


def test_notification_in_the_recipients_language(client, pair):
    user, record, worker = pair
    user.preferred_language = "sv"
    user.save()
    client.force_login(worker)
    client.post(f"/api/v1/clients/{record.pk}/messages", {"body": "Hej"}, content_type="application/json")
    assert mail.outbox[0].subject == "Du har ett nytt meddelande i Kohtaanto"


def test_one_notification_per_unread_run(client, pair):
    user, record, worker = pair
    client.force_login(user)
    for text in ("eka", "toka", "kolmas"):
        assert (
            client.post(
                "/api/v1/portal/messages", {"body": text}, content_type="application/json"
            ).status_code
            == 201
        )
    assert len(mail.outbox) == 1
    client.force_login(worker)
    client.get(f"/api/v1/clients/{record.pk}/messages")  # read
    client.force_login(user)
    client.post("/api/v1/portal/messages", {"body": "neljäs"}, content_type="application/json")
    assert len(mail.outbox) == 2


def test_staff_scope_for_messages(client, pair):
    _, record, _ = pair
    outsider = UserFactory()  # another team
    client.force_login(outsider)
    assert client.get(reverse("staff_messages", args=[record.pk])).status_code == 404
    r = client.post(f"/api/v1/clients/{record.pk}/messages", {"body": "x"}, content_type="application/json")
    assert r.status_code == 404
    psychologist, _ = network_member(record)
    client.force_login(psychologist)
    assert client.get(f"/api/v1/clients/{record.pk}/messages").status_code == 403
    leader = UserFactory(role=Role.TEAM_LEADER, team=record.team)
    client.force_login(leader)
    assert client.get(f"/api/v1/clients/{record.pk}/messages").json()["code"] == "reason_required"
    stated_reason(leader, record, "supervision")
    assert client.get(f"/api/v1/clients/{record.pk}/messages").status_code == 200
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_message_validation_is_4xx(client, pair, body):
    user, _, _ = pair
    client.force_login(user)
    r = client.post("/api/v1/portal/messages", {"body": body}, content_type="application/json")
    assert r.status_code == 422
    r = client.post(reverse("portal_messages"), {"body": body})
    assert r.status_code == 422
    assert not Message.objects.exists()


def test_refused_role_gets_403_before_body_validation(client, pair):
    _, record, _ = pair
    client.force_login(UserFactory(role=Role.ANALYST, team=None, unit=None))
    r = client.post("/api/v1/portal/messages", "not json", content_type="application/json")
    assert r.status_code == 403
    r = client.post(f"/api/v1/clients/{record.pk}/messages", "{", content_type="application/json")
    assert r.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'); DROP TABLE portal_message; --",
        "{{ request.user.password }}{% debug %}",
    ],
)
def test_message_text_is_escaped_on_both_sides(client, pair, payload):
    user, record, worker = pair
    client.force_login(user)
    client.post(reverse("portal_messages"), {"body": payload})
    assert Message.objects.get(client=record).body == payload
    for viewer, url in (
        (user, reverse("portal_messages")),
        (worker, reverse("staff_messages", args=[record.pk])),
    ):
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;" in html or "&#x27;" in html or "{{ request" in html


def test_control_characters_are_removed_but_lines_kept(client, pair):
    user, record, _ = pair
    client.force_login(user)
    client.post(
        "/api/v1/portal/messages",
        {"body": "rivi 1\r\nrivi\u202e 2\x07 \u200cنامه"},
        content_type="application/json",
    )
    assert Message.objects.get(client=record).body == "rivi 1\nrivi 2 \u200cنامه"
    # NUL is refused at the edge (PostgreSQL cannot store it), and nothing is saved.
    r = client.post("/api/v1/portal/messages", {"body": "a\x00b"}, content_type="application/json")
    assert r.status_code == 400 and Message.objects.filter(client=record).count() == 1


def test_failed_delivery_is_recorded_not_raised(client, pair, settings):
    user, record, worker = pair
    settings.KOHTAANTO_NOTIFIER = "tests.portal.test_messages.BrokenNotifier"
    client.force_login(user)
    assert (
        client.post("/api/v1/portal/messages", {"body": "hei"}, content_type="application/json").status_code
        == 201
    )
    note = Notification.objects.get(recipient=worker)
    assert note.status == "failed" and "smtp down" in note.error


class BrokenNotifier:
    channel = "test"

    def send(self, recipient, subject, body):
        raise OSError("smtp down")


def test_client_page_include_loads_the_thread_for_message_staff_only(pair):
    from django.template.loader import render_to_string

    from kohtaanto.accounts.policy import TEAM_CASEWORK, has_role

    _, record, worker = pair
    html = render_to_string(
        "clients/_messages.html", {"c": record, "can_message": has_role(worker, TEAM_CASEWORK)}
    )
    assert f'hx-get="/clients/{record.pk}/messages/"' in html and 'id="messages-thread"' in html
    psychologist, _ = network_member(record)
    assert "messages-thread" not in render_to_string(
        "clients/_messages.html", {"c": record, "can_message": has_role(psychologist, TEAM_CASEWORK)}
    )
