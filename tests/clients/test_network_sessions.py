"""Network professionals record their own sessions (issue 18, defect 1): never a timetable
meeting, never moving the due date; the summary only for its author and the client's team."""

from __future__ import annotations

import datetime as dt

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import Client, Meeting, NetworkSession
from tests.factories import ClientFactory, UserFactory
from tests.portal.factories import network_member

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
BODY = {
    "date": TODAY.isoformat(),
    "kind": "assessment",
    "channel": "phone",
    "summary": "Jaksaminen koetuksella.",
}


@pytest.fixture
def world():
    worker = UserFactory()
    c = ClientFactory(responsible_worker=worker, team=worker.team)
    Client.objects.filter(pk=c.pk).update(
        next_due_date=TODAY + dt.timedelta(days=9), next_due_kind="job_search_conversation"
    )
    psychologist, _ = network_member(c, Role.PSYCHOLOGIST)
    kela, _ = network_member(c, Role.EXTERNAL_PROFESSIONAL)
    return c, worker, psychologist, kela


def test_a_session_is_recorded_and_leaves_the_timetable_alone(client, world):
    c, worker, psychologist, _kela = world
    meetings = Meeting.objects.count()
    client.force_login(psychologist)
    r = client.post(f"/api/v1/clients/{c.pk}/sessions", BODY, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["summary"] == BODY["summary"] and r.json()["kind"] == "assessment"
    page = client.post(f"/clients/{c.pk}/sessions/new/", {**BODY, "kind": "counselling"})
    assert page.status_code == 302
    c.refresh_from_db()
    assert c.next_due_date == TODAY + dt.timedelta(days=9) and Meeting.objects.count() == meetings
    assert NetworkSession.objects.filter(client=c, professional=psychologist).count() == 2
    assert (
        AuditEvent.objects.filter(
            action="create", target_type="client.network_session", subject_client_id=c.pk
        ).count()
        == 2
    )


@pytest.mark.parametrize("lang,word", [("fi", "arviointi"), ("sv", "bedömning"), ("en", "Assessment")])
def test_summary_for_author_and_team_only(client, world, lang, word):
    c, worker, psychologist, kela = world
    NetworkSession.objects.create(
        client=c, professional=psychologist, date=TODAY, kind="assessment", summary="Salainen yhteenveto"
    )
    for reader, sees in ((psychologist, True), (worker, True), (kela, False)):
        client.force_login(reader)
        rows = client.get(f"/api/v1/clients/{c.pk}/sessions").json()
        assert (rows[0]["summary"] is not None) is sees, reader.role
        html = client.get(f"/clients/{c.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert ("Salainen yhteenveto" in html) is sees, reader.role
        assert word.lower() in html.lower()


def test_bad_sessions_write_nothing(client, world):
    c, worker, psychologist, _kela = world
    outsider, _ = network_member(ClientFactory(), Role.PSYCHOLOGIST)
    cases = [
        (psychologist, {**BODY, "date": (TODAY + dt.timedelta(days=1)).isoformat()}, 422),
        (psychologist, {**BODY, "date": (TODAY - dt.timedelta(days=400)).isoformat()}, 422),
        (psychologist, {**BODY, "kind": "initial_interview"}, 422),
        (psychologist, {**BODY, "summary": "x" * 2001}, 422),
        (outsider, BODY, 404),
        (worker, BODY, 403),
    ]
    for actor, body, status in cases:
        client.force_login(actor)
        r = client.post(f"/api/v1/clients/{c.pk}/sessions", body, content_type="application/json")
        assert r.status_code == status, (actor.role, body, r.content)
    assert not NetworkSession.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_sessions_are_in_the_gdpr_export_and_erased_with_the_client(world):
    from kohtaanto.privacy.services import client_anonymise, client_data_tree

    c, _worker, psychologist, _kela = world
    NetworkSession.objects.create(
        client=c, professional=psychologist, date=TODAY, kind="assessment", summary="S1"
    )
    tree = client_data_tree(c)
    node = next(n for n in tree["children"] if n.get("key") == "NETWORK_SESSIONS")
    assert "S1" in str(node)
    client_anonymise(actor=None, client=c, reason="test")
    assert NetworkSession.objects.get().summary == ""
