"""The client asks to move a booked meeting; the request reaches the worker's worklist and
client page until the worker moves the meeting or marks it handled (issue 12, point 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client as HttpClient

from kohtaanto.audit.models import AuditEvent
from kohtaanto.portal.models import RescheduleRequest
from tests.factories import ClientFactory, MeetingFactory, UserFactory
from tests.portal.factories import client_user

pytestmark = pytest.mark.django_db
SOON = dt.date.today() + dt.timedelta(days=5)


@pytest.fixture
def world(client):
    worker = UserFactory(email="worker@example.org")
    user, record = client_user(responsible_worker=worker, team=worker.team, unit=worker.unit)
    meeting = MeetingFactory(client=record, status="planned", held_date=None, planned_date=SOON)
    client.force_login(user)
    staff = HttpClient()
    staff.force_login(worker)
    return user, record, meeting, worker, staff


def _ask(client, meeting, **body):
    body = {"reason": "Minulla on silloin lääkäriaika.", "preferred": "aamupäivät", **body}
    return client.post(
        f"/api/v1/portal/meetings/{meeting.pk}/reschedule", body, content_type="application/json"
    )


def test_the_request_reaches_the_worklist_and_the_client_page(client, world):
    _user, record, meeting, worker, staff = world
    r = _ask(client, meeting)
    assert r.status_code == 201 and r.json()["meeting_id"] == meeting.pk
    item = staff.get("/api/v1/clients/worklist").json()["items"][0]
    assert item["id"] == record.pk and item["asks_to_reschedule"] is True
    assert "asks to move a meeting" in staff.get("/clients/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = staff.get(f"/clients/{record.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Minulla on silloin lääkäriaika." in page and "aamupäivät" in page
    assert [r["reason"] for r in staff.get(f"/api/v1/clients/{record.pk}/reschedule-requests").json()] == [
        "Minulla on silloin lääkäriaika."
    ]
    # The worker is told, without personal data in the mail.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [worker.email]
    assert "lääkäri" not in mail.outbox[0].body and record.last_name not in mail.outbox[0].body
    assert AuditEvent.objects.filter(target_type="meeting.reschedule_request", action="create").exists()
    # The portal shows that the client has asked.
    assert client.get("/api/v1/portal/meetings").json()["upcoming"][0]["reschedule_requested"] is True


def test_asking_twice_answers_409_and_writes_nothing(client, world):
    _user, _record, meeting, *_ = world
    assert _ask(client, meeting).status_code == 201
    r = _ask(client, meeting)
    assert r.status_code == 409 and RescheduleRequest.objects.count() == 1


@pytest.mark.parametrize("which", ["held", "someone_elses", "no_reason"])
def test_only_own_upcoming_meetings_with_a_reason(client, world, which):
    _user, record, meeting, *_ = world
    if which == "held":
        meeting = MeetingFactory(client=record)
    elif which == "someone_elses":
        meeting = MeetingFactory(client=ClientFactory(), status="planned", held_date=None, planned_date=SOON)
    r = _ask(client, meeting, **({"reason": "  "} if which == "no_reason" else {}))
    assert r.status_code == 422 and not RescheduleRequest.objects.exists()


def test_moving_the_meeting_answers_the_request(client, world):
    _user, record, meeting, _worker, staff = world
    _ask(client, meeting)
    meeting.planned_date = SOON + dt.timedelta(days=2)
    meeting.save()
    assert staff.get("/api/v1/clients/worklist").json()["items"][0]["asks_to_reschedule"] is False
    # ... and the client may ask again about the new time.
    assert _ask(client, meeting).status_code == 201


def test_the_worker_marks_it_handled(client, world):
    _user, record, meeting, worker, staff = world
    req_id = _ask(client, meeting).json()["id"]
    r = staff.post(f"/clients/{record.pk}/reschedule-requests/{req_id}/handled/")
    assert r.status_code == 302
    req = RescheduleRequest.objects.get()
    assert req.handled_by == worker and req.handled_at is not None
    assert staff.get(f"/api/v1/clients/{record.pk}/reschedule-requests").json() == []


def test_the_portal_page_in_finnish(client, world):
    _user, _record, meeting, *_ = world
    home = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert f"/portal/meetings/{meeting.pk}/reschedule/" in home
    r = client.post(
        f"/portal/meetings/{meeting.pk}/reschedule/",
        {"reason": "Olen matkoilla", "preferred": ""},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert r.status_code == 302 and RescheduleRequest.objects.get().reason == "Olen matkoilla"
