"""A client is told that something waits on the channel they chose (issue 13, point 3): text
messages through the HTTP SMS gateway, e-mail to their own address, or nothing outside
Kohtaanto. Tested against a fake gateway started here; no message carries personal content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kohtaanto.notifications.models import Notification, Status
from kohtaanto.notifications.reminders import meeting_reminders_send
from tests.factories import MeetingFactory
from tests.portal.factories import client_user

from .sms_gateway import FakeSmsGateway

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def gateway():
    g = FakeSmsGateway().start()
    yield g
    g.stop()


@pytest.fixture
def sms(gateway, settings, local_http):
    gateway.received.clear()
    gateway.fail_with = None
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD = gateway.user, gateway.password
    return gateway


def _client(**contact):
    _, record = client_user(first_name="Saara", last_name="Salainen", **contact)
    MeetingFactory(
        client=record, status="planned", planned_date=dt.date.today() + dt.timedelta(days=1), held_date=None
    )
    return record


def test_a_client_who_chose_text_messages_gets_one_through_the_gateway(sms):
    record = _client(phone="+358401234567", preferred_channel="sms")
    meeting_reminders_send(days=2)
    (message,) = sms.received
    assert message["to"] == ["+358401234567"] and message["sender"] == "Kohtaanto"
    assert "Saara" not in message["text"] and "Salainen" not in message["text"]
    assert "https://kohtaanto.example.fi/portal/" in message["text"]
    row = Notification.objects.get(recipient=record.user)
    assert (row.channel, row.status) == ("sms", Status.SENT)


def test_a_gateway_failure_is_recorded_and_retried(sms):
    record = _client(phone="+358401234567", preferred_channel="sms")
    sms.fail_with = 503
    meeting_reminders_send(days=2)
    row = Notification.objects.get(recipient=record.user)
    assert row.status == Status.FAILED and "503" in row.error
    sms.fail_with = None
    meeting_reminders_send(days=2)
    row.refresh_from_db()
    assert row.status == Status.SENT and len(sms.received) == 1


def test_wrong_gateway_credentials_fail(sms, settings):
    record = _client(phone="+358401234567", preferred_channel="sms")
    settings.SMS_GATEWAY_PASSWORD = "wrong"
    meeting_reminders_send(days=2)
    assert Notification.objects.get(recipient=record.user).status == Status.FAILED and not sms.received


def test_e_mail_goes_to_the_clients_own_address(sms):
    record = _client(email="saara@example.org", preferred_channel="email")
    meeting_reminders_send(days=2)
    assert [m.to for m in mail.outbox if m.to != [record.responsible_worker.email]] == [["saara@example.org"]]
    assert not sms.received


def test_only_in_kohtaanto_sends_nothing(sms):
    record = _client(phone="+358401234567", email="saara@example.org", preferred_channel="none")
    meeting_reminders_send(days=2)
    assert not sms.received and "saara@example.org" not in [m.to[0] for m in mail.outbox]
    assert Notification.objects.get(recipient=record.user).status == Status.SKIPPED
