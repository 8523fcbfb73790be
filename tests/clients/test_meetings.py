"""Meetings on the Nordic model's timetable: the next one is planned automatically, and a
planned meeting's outcome (held, no-show, cancelled) or new date is recorded."""

import datetime as dt

import pytest

from kohtaanto.clients import services
from kohtaanto.clients.models import Meeting
from kohtaanto.domain.workdays import is_working_day
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory()


def test_held_interview_plans_the_next_conversation(worker):
    c = ClientFactory(responsible_worker=worker, registration_date=dt.date.today() - dt.timedelta(days=3))
    services.meeting_record(
        actor=worker,
        client_id=c.pk,
        kind="initial_interview",
        status="held",
        channel="phone",
        held_date=dt.date.today(),
    )
    planned = Meeting.objects.get(client=c, status="planned")
    assert planned.kind == "job_search_conversation"
    assert planned.planned_date == planned.due_date == dt.date.today() + dt.timedelta(days=14)
    # Recording another held meeting does not pile up planned ones.
    services.meeting_record(
        actor=worker,
        client_id=c.pk,
        kind="supplementary",
        status="held",
        channel="phone",
        held_date=dt.date.today(),
    )
    assert Meeting.objects.filter(client=c, status="planned").count() == 1


def test_no_show_keeps_the_deadline_and_replans(worker):
    c = ClientFactory(responsible_worker=worker, registration_date=dt.date.today() - dt.timedelta(days=20))
    m = Meeting.objects.create(
        client=c,
        kind="initial_interview",
        status="planned",
        planned_date=dt.date.today() - dt.timedelta(days=1),
    )
    services.meeting_record(
        actor=worker,
        client_id=c.pk,
        meeting_id=m.pk,
        kind="initial_interview",
        status="no_show",
        channel="in_person",
    )
    m.refresh_from_db()
    c.refresh_from_db()
    assert m.status == "no_show" and m.held_date is None
    assert c.next_due_kind == "initial_interview" and c.next_due_date < dt.date.today()
    replanned = Meeting.objects.get(client=c, status="planned")
    assert replanned.planned_date > dt.date.today() and is_working_day(replanned.planned_date)


def test_reschedule_through_the_page_and_api(client, worker):
    c = ClientFactory(responsible_worker=worker)
    m = Meeting.objects.create(
        client=c,
        kind="job_search_conversation",
        status="planned",
        planned_date=dt.date.today() + dt.timedelta(days=2),
    )
    client.force_login(worker)
    new_date = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    r = client.post(
        f"/clients/{c.pk}/meetings/{m.pk}/",
        {"kind": m.kind, "status": "planned", "channel": "video", "planned_date": new_date},
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.planned_date.isoformat(), m.channel) == ("planned", new_date, "video")
    r = client.put(
        f"/api/v1/clients/{c.pk}/meetings/{m.pk}",
        {"kind": m.kind, "status": "held", "channel": "video", "held_date": dt.date.today().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "held"
    other = ClientFactory(responsible_worker=worker)
    r = client.put(
        f"/api/v1/clients/{other.pk}/meetings/{m.pk}",
        {"kind": m.kind, "status": "cancelled", "channel": "phone"},
        content_type="application/json",
    )
    assert r.status_code == 422
