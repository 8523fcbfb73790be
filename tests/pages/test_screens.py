"""The case worker's first screens, in three languages, through the browser-facing views."""

import datetime as dt

import pytest
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.clients.models import ClientEvent, Meeting
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_and_redirect_for_anonymous(client):
    r = client.get(reverse("worklist"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
    r = client.get(reverse("login"))
    assert r.status_code == 200 and b'name="password"' in r.content


def test_login_with_password(client):
    UserFactory(username="anna")
    r = client.post(reverse("login"), {"username": "anna", "password": "pw-for-tests-only"})
    assert r.status_code == 302
    client.logout()
    r = client.post(reverse("login"), {"username": "anna", "password": "wrong"})
    assert r.status_code == 200 and b'role="alert"' in r.content


def test_worklist_orders_by_due_date(client, worker):
    late = ClientFactory(responsible_worker=worker, last_name="Late")
    soon = ClientFactory(responsible_worker=worker, last_name="Soon")
    none = ClientFactory(responsible_worker=worker, last_name="Nothing")
    type(late).objects.filter(pk=late.pk).update(
        next_due_date=dt.date.today() - dt.timedelta(days=3), next_due_kind="initial_interview"
    )
    type(soon).objects.filter(pk=soon.pk).update(
        next_due_date=dt.date.today() + dt.timedelta(days=3), next_due_kind="job_search_conversation"
    )
    body = client.get(reverse("worklist")).content.decode()
    assert body.index("Late") < body.index("Soon") < body.index(none.last_name)


def test_worklist_search_is_an_htmx_partial(client, worker):
    ClientFactory(responsible_worker=worker, last_name="Virtanen")
    ClientFactory(responsible_worker=worker, last_name="Korhonen")
    r = client.get(reverse("worklist"), {"q": "virt"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "Virtanen" in body and "Korhonen" not in body and "<html" not in body


@pytest.mark.parametrize("payload", ["' OR 1=1 --", "<script>alert(1)</script>", "%", "_"])
def test_worklist_search_injection_is_inert(client, worker, payload):
    ClientFactory(responsible_worker=worker, last_name="Virtanen")
    r = client.get(reverse("worklist"), {"q": payload})
    assert r.status_code == 200
    assert b"<script>alert(1)</script>" not in r.content
    assert b"Virtanen" not in r.content


def test_worklist_search_strips_control_characters(client, worker):
    ClientFactory(responsible_worker=worker, last_name="Virtanen")
    ClientFactory(responsible_worker=worker, last_name="Korhonen")
    r = client.get(reverse("worklist"), {"q": "Virt\x1b\x07"})
    assert r.status_code == 200
    assert b"Virtanen" in r.content and b"Korhonen" not in r.content


def test_client_page_shows_profile_plan_meetings_timeline(client, worker):
    c = ClientFactory(responsible_worker=worker)
    Meeting.objects.create(
        client=c, kind="initial_interview", status="held", channel="phone", held_date=c.registration_date
    )
    ClientEvent.objects.create(client=c, date=c.registration_date, kind="registration")
    body = client.get(reverse("client_page", args=[c.pk])).content.decode()
    for heading in ("Profiili", "Työllistymissuunnitelma", "Tapaamiset", "Aikajana"):
        assert heading in body


def test_client_page_of_another_team_is_404(client, worker):
    stranger = ClientFactory(responsible_worker=UserFactory(team=TeamFactory()))
    assert client.get(reverse("client_page", args=[stranger.pk])).status_code == 404


def test_recording_a_meeting_moves_the_deadline(client, worker):
    c = ClientFactory(responsible_worker=worker, registration_date=dt.date.today() - dt.timedelta(days=2))
    r = client.post(
        reverse("meeting_new", args=[c.pk]),
        {
            "kind": "initial_interview",
            "status": "held",
            "channel": "in_person",
            "held_date": dt.date.today().isoformat(),
        },
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.next_due_kind == "job_search_conversation" and c.next_due_date > dt.date.today()
    assert c.events.filter(kind="meeting").exists()


def test_recording_a_meeting_with_bad_input_changes_nothing(client, worker):
    c = ClientFactory(responsible_worker=worker)
    r = client.post(
        reverse("meeting_new", args=[c.pk]),
        {"kind": "initial_interview", "status": "held", "channel": "in_person"},
    )
    assert r.status_code == 422 and "held" in r.content.decode().lower()
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    r = client.post(
        reverse("meeting_new", args=[c.pk]),
        {"kind": "initial_interview", "status": "held", "channel": "in_person", "held_date": future},
    )
    assert r.status_code == 422
    assert not Meeting.objects.filter(client=c).exists()


def test_team_leader_sees_caseloads_over_norm(client, settings):
    settings.CASELOAD_NORM = 2
    team = TeamFactory()
    busy, calm = UserFactory(team=team, last_name="Busy"), UserFactory(team=team, last_name="Calm")
    ClientFactory.create_batch(3, responsible_worker=busy)
    ClientFactory(responsible_worker=calm)
    client.force_login(UserFactory(team=team, role=Role.TEAM_LEADER))
    r = client.get(reverse("team_caseloads"))
    rows = {row.worker.last_name: row for row in r.context["rows"]}
    assert rows["Busy"].active == 3 and rows["Busy"].over_norm
    assert rows["Calm"].active == 1 and not rows["Calm"].over_norm


def test_case_worker_cannot_open_caseloads(client, worker):
    assert client.get(reverse("team_caseloads")).status_code == 403


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "Omat asiakkaat"), ("sv", "Mina klienter"), ("en", "My clients")],
)
def test_screens_in_three_languages(client, worker, lang, expected):
    client.post(reverse("set_language"), {"language": lang, "next": reverse("worklist")})
    body = client.get(reverse("worklist")).content.decode()
    assert expected in body and f'lang="{lang}"' in body


def test_pages_with_client_data_are_not_cached(client, worker):
    c = ClientFactory(responsible_worker=worker)
    r = client.get(reverse("client_page", args=[c.pk]))
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]
    r = client.get(f"/api/v1/clients/{c.pk}")
    assert "no-store" in r["Cache-Control"]
    body = client.get(reverse("worklist")).content.decode()
    assert '"historyCacheSize": 0' in body  # HTMX keeps no page snapshots in localStorage
