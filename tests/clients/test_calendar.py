"""Meetings with a time and a place (issue 12, point 7): the week calendar warns of overlaps
without refusing them, the iCalendar feed carries initials only and is revocable, and a
meeting with only a date keeps working."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.clients.calendar import monday_of
from kohtaanto.clients.models import Meeting
from kohtaanto.organisation.models import Municipality, Office
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db
NEXT_MONDAY = monday_of(dt.date.today()) + dt.timedelta(days=7)


@pytest.fixture
def world():
    worker = UserFactory()
    a = ClientFactory(responsible_worker=worker, team=worker.team, first_name="Aino", last_name="Virtanen")
    b = ClientFactory(responsible_worker=worker, team=worker.team, first_name="Bertil", last_name="Ek")
    office = Office.objects.create(
        municipality=Municipality.objects.first() or a.municipality, name="Kallion toimipiste"
    )
    return worker, a, b, office


def _plan(client, c, worker, **extra):
    body = {"kind": "job_search_conversation", "status": "planned", "channel": "in_person", **extra}
    return client.post(f"/api/v1/clients/{c.pk}/meetings", body, content_type="application/json")


def test_overlapping_meetings_are_warned_not_refused_and_the_feed_has_initials_only(client, world):
    worker, a, b, office = world
    client.force_login(worker)
    day = NEXT_MONDAY.isoformat()
    r1 = _plan(
        client, a, worker, planned_date=day, start_time="09:00", duration_minutes=60, office_id=office.pk
    )
    r2 = _plan(
        client,
        b,
        worker,
        planned_date=day,
        start_time="09:30",
        channel="video",
        video_link="https://meet.example/x",
    )
    assert r1.status_code == 201 and r2.status_code == 201, (r1.content, r2.content)
    week = client.get(f"/api/v1/calendar?week={day}").json()
    assert [(e["client_name"], e["conflict"]) for e in week] == [("Aino Virtanen", True), ("Bertil Ek", True)]
    assert week[0]["place"] == "Kallion toimipiste" and week[0]["end"] == "10:00:00"
    html = client.get("/calendar/", {"week": day}, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Aino Virtanen" in html and "päällekkäin" in html

    client.post("/calendar/feed/", {"action": "renew"})
    page = client.get("/calendar/").content.decode()
    url = page.split("<code>")[1].split("</code>")[0]
    path = url.split("testserver", 1)[1]
    client.logout()
    ics = client.get(path)
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.count("BEGIN:VEVENT") == 2 and "A.V." in text and "Virtanen" not in text
    client.force_login(worker)
    client.post("/calendar/feed/", {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404


def test_bad_time_and_place_write_nothing_and_dated_meetings_still_work(client, world):
    worker, a, _b, _office = world
    client.force_login(worker)
    day = NEXT_MONDAY.isoformat()
    for extra in ({"duration_minutes": 1}, {"video_link": "http://insecure.example"}, {"office_id": 999999}):
        assert _plan(client, a, worker, planned_date=day, **extra).status_code in (400, 422), extra
    assert not Meeting.objects.filter(client=a, status="planned", planned_date=NEXT_MONDAY).exists()
    assert _plan(client, a, worker, planned_date=day).status_code == 201  # a date only
    week = client.get(f"/api/v1/calendar?week={day}").json()
    assert week[0]["start"] is None and not week[0]["conflict"]


def test_the_client_sees_the_time_and_place_in_the_portal(client, world):
    from kohtaanto.accounts.models import Role

    worker, a, _b, office = world
    user = UserFactory(role=Role.CLIENT, team=None, unit=None)
    type(a).objects.filter(pk=a.pk).update(user=user)
    client.force_login(worker)
    _plan(client, a, worker, planned_date=NEXT_MONDAY.isoformat(), start_time="13:15", office_id=office.pk)
    client.force_login(user)
    html = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    section = html[html.index('id="h-meetings"') :]
    assert "13.15" in section or "13:15" in section
    assert "Kallion toimipiste" in section
