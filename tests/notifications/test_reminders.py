"""Meeting reminders: the next N days, both client and worker, never twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from kohtaanto.cli import main
from kohtaanto.clients.models import Meeting
from kohtaanto.notifications.models import Notification
from kohtaanto.notifications.reminders import meeting_reminders_send
from tests.factories import MeetingFactory
from tests.portal.factories import client_user

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _planned(client, days: int) -> Meeting:
    return MeetingFactory(
        client=client, status="planned", planned_date=TODAY + dt.timedelta(days=days), held_date=None
    )


@pytest.fixture
def record():
    _, record = client_user()
    worker = record.responsible_worker
    worker.email = "worker@example.org"
    worker.save()
    return record


def test_reminders_are_sent_once(record):
    soon = _planned(record, 1)
    _planned(record, 5)  # outside the window
    MeetingFactory(client=record, status="held")  # not planned
    run = meeting_reminders_send(days=2)
    assert (run.meetings, run.sent) == (1, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["client@example.org", "worker@example.org"]
    for m in mail.outbox:
        assert record.last_name not in m.body and record.first_name not in m.body
    again = meeting_reminders_send(days=2)
    assert (again.sent, again.already_sent) == (0, 2) and len(mail.outbox) == 2
    assert Notification.objects.filter(kind="meeting.reminder", status="sent").count() == 2
    # Moved to a new date: the new date is worth a reminder.
    Meeting.objects.filter(pk=soon.pk).update(planned_date=TODAY + dt.timedelta(days=2))
    assert meeting_reminders_send(days=2).sent == 2


def test_command_line(record, capsys):
    _planned(record, 0)
    assert main(["meetings", "remind", "--days", "3"]) == 0
    assert "2 reminders sent" in capsys.readouterr().out
    assert main(["meetings", "remind"]) == 0
    assert "0 reminders sent" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    assert main(["meetings", "remind", "--days", "-1"]) == 2


def test_no_address_is_skipped_and_failed_is_retried(record, settings):
    record.user.email = ""
    record.user.save()
    _planned(record, 1)
    settings.KOHTAANTO_NOTIFIER = "tests.notifications.test_reminders.FlakyNotifier"
    FlakyNotifier.fail = True
    meeting_reminders_send()
    statuses = dict(Notification.objects.values_list("recipient__email", "status"))
    assert statuses == {"": "skipped", "worker@example.org": "failed"}
    FlakyNotifier.fail = False
    run = meeting_reminders_send()
    assert run.sent == 1 and FlakyNotifier.sent == ["worker@example.org"]
    assert Notification.objects.get(recipient=record.responsible_worker).status == "sent"


class FlakyNotifier:
    channel = "test"
    fail = False
    sent: list[str] = []

    def send(self, recipient, subject, body):
        from kohtaanto.notifications.senders import NotDeliverable

        if not recipient.email:
            raise NotDeliverable("no address")
        if FlakyNotifier.fail:
            raise OSError("gateway timeout")
        FlakyNotifier.sent.append(recipient.email)
