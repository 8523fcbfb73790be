"""Recruitment events (issue 14, point 5): the area's coordinator organises an event, job
seekers of the area register in the portal or through their own worker while places last,
only the area's employer staff see who registered (each name read logged for the client),
and mark who attended. Wrong areas, duplicates, a full event and bad input are refused with
a reason."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from kohtaanto.accounts.models import Role, User
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import Client
from kohtaanto.employers import event_selectors as sel
from kohtaanto.employers import event_services as svc
from kohtaanto.employers.models import Employer, EventRegistration, RecruitmentEvent
from tests.factories import ClientFactory, MunicipalityFactory, TeamFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """The assertions read the English messages (the default language is Finnish)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


NEXT_WEEK = timezone.now() + timedelta(days=7)


@dataclass
class World:
    coordinator: User
    outsider: User  # a coordinator of another area
    worker: User
    far_worker: User  # a case worker of another area's team
    admin: User
    seeker: Client  # in the coordinator's area, with a portal account
    colleague_client: Client  # another client of the same worker
    far_seeker: Client  # in another area, with a portal account
    employer: Employer


def _client_user() -> User:
    return UserFactory(role=Role.CLIENT, team=None, unit=None)


@pytest.fixture
def w() -> World:
    team = TeamFactory()
    far = TeamFactory(
        unit=UnitFactory(code="ESP", municipality=MunicipalityFactory(code="049", name="Espoo"))
    )
    worker, far_worker = UserFactory(team=team), UserFactory(team=far)
    return World(
        coordinator=UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=team.unit),
        outsider=UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=far.unit),
        worker=worker,
        far_worker=far_worker,
        admin=UserFactory(role=Role.ADMINISTRATOR, team=None, unit=None),
        seeker=ClientFactory(responsible_worker=worker, user=_client_user(), first_name="Eino"),
        colleague_client=ClientFactory(responsible_worker=worker),
        far_seeker=ClientFactory(responsible_worker=far_worker, user=_client_user()),
        employer=Employer.objects.create(
            area=team.unit.municipality, business_id="0112038-9", name="Hoiva Oy"
        ),
    )


def _event(w: World, **changes) -> RecruitmentEvent:
    data = {"title": "Hoiva-alan rekrytointipäivä", "starts_at": NEXT_WEEK, "place": "Kamppi", **changes}
    return svc.event_create(actor=w.coordinator, data=data)


def _api(client, user, method, path, body=None):
    client.force_login(user)
    text = json.dumps(body) if body is not None else ""
    return client.generic(method, path, text, content_type="application/json")


def test_the_coordinator_organises_an_event_of_their_own_area(w, client):
    event = _event(w, capacity=30, employers=[w.employer.pk])
    assert event.area_id == w.seeker.unit.municipality_id and event.organiser == w.coordinator
    assert list(event.employers.all()) == [w.employer]
    assert AuditEvent.objects.filter(
        action="create", target_type="employer.event", target_id=event.pk
    ).exists()
    client.force_login(w.coordinator)
    page = client.get("/employers/events/")
    assert page.status_code == 200 and "Hoiva-alan rekrytointipäivä" in page.content.decode()
    # The other area's coordinator does not see it, not even by its address.
    assert _api(client, w.outsider, "GET", f"/api/v1/events/{event.pk}").status_code == 404
    assert _api(client, w.outsider, "GET", "/api/v1/events").json() == []


def test_the_page_form_creates_and_changes_an_event(w, client):
    client.force_login(w.coordinator)
    form = {
        "title": "Logistiikan päivä",
        "date": NEXT_WEEK.date().isoformat(),
        "time": "09:30",
        "capacity": "2",
    }
    response = client.post("/employers/events/", form)
    assert response.status_code == 302
    event = RecruitmentEvent.objects.get(title="Logistiikan päivä")
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "09:30" and event.capacity == 2
    response = client.post(f"/employers/events/{event.pk}/", {**form, "place": "Pasila", "capacity": ""})
    event.refresh_from_db()
    assert response.status_code == 302 and event.place == "Pasila" and event.capacity is None
    bad = client.post("/employers/events/", {**form, "date": "2001-01-01"})
    assert bad.status_code == 422 and RecruitmentEvent.objects.count() == 1


def test_only_organisers_of_an_area_create_events(w):
    with pytest.raises(PermissionDenied):
        svc.event_create(actor=w.worker, data={"title": "x", "starts_at": NEXT_WEEK})
    with pytest.raises(PermissionDenied):  # an administrator works for no area
        svc.event_create(actor=w.admin, data={"title": "x", "starts_at": NEXT_WEEK})
    with pytest.raises(ValidationError) as exc:
        _event(w, starts_at=timezone.now() - timedelta(hours=1), capacity=0, employers=[999999])
    assert "capacity" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _event(w, starts_at=timezone.now() - timedelta(hours=1))
    assert "starts_at" in exc.value.message_dict
    assert not RecruitmentEvent.objects.exists()


def test_the_client_registers_in_the_portal_and_cancels(w, client):
    event = _event(w)
    client.force_login(w.seeker.user)
    page = client.get("/portal/events/")
    assert page.status_code == 200 and event.title in page.content.decode()
    assert client.post(f"/portal/events/{event.pk}/register/").status_code == 302
    row = EventRegistration.objects.get(event=event, client=w.seeker)
    assert row.registered_by == w.seeker.user
    assert AuditEvent.objects.filter(
        action="create", target_type="employer.event_registration", subject_client_id=w.seeker.pk
    ).exists()
    assert "Cancel the registration" in client.get("/portal/events/").content.decode()
    assert client.post(f"/portal/events/{event.pk}/cancel/").status_code == 302
    assert not EventRegistration.objects.filter(event=event).exists()
    assert AuditEvent.objects.filter(action="delete", target_type="employer.event_registration").exists()


def test_the_clients_own_worker_registers_them(w, client):
    event = _event(w)
    row = svc.registration_add(actor=w.worker, event_id=event.pk, client_id=w.colleague_client.pk)
    assert row.client == w.colleague_client and row.registered_by == w.worker
    # A worker of another team cannot reach the client; a network role may not register.
    with pytest.raises(Http404):
        svc.registration_add(actor=w.far_worker, event_id=event.pk, client_id=w.seeker.pk)
    with pytest.raises(PermissionDenied):
        svc.registration_add(actor=w.coordinator, event_id=event.pk, client_id=w.seeker.pk)
    client.force_login(w.worker)
    page = client.get(f"/clients/{w.seeker.pk}/events/")
    assert page.status_code == 200 and event.title in page.content.decode()
    assert client.post(f"/clients/{w.seeker.pk}/events/{event.pk}/register/").status_code == 302
    assert EventRegistration.objects.filter(event=event, client=w.seeker, registered_by=w.worker).exists()
    response = _api(
        client, w.worker, "DELETE", f"/api/v1/clients/{w.seeker.pk}/events/{event.pk}/registration"
    )
    assert response.status_code == 204
    assert not EventRegistration.objects.filter(event=event, client=w.seeker).exists()


def test_a_full_event_and_a_second_registration_are_refused(w, client):
    event = _event(w, capacity=2)
    svc.registration_add(actor=w.seeker.user, event_id=event.pk)
    with pytest.raises(ValidationError, match="Already registered"):
        svc.registration_add(actor=w.seeker.user, event_id=event.pk)
    svc.registration_add(actor=w.worker, event_id=event.pk, client_id=w.colleague_client.pk)
    third = ClientFactory(responsible_worker=w.worker)
    path = f"/api/v1/clients/{third.pk}/events/{event.pk}/registration"
    response = _api(client, w.worker, "POST", path)
    assert response.status_code == 422 and "full" in json.dumps(response.json())
    assert EventRegistration.objects.filter(event=event).count() == 2
    # Fewer places than registrations is refused too.
    with pytest.raises(ValidationError, match="at least as many places"):
        svc.event_update(
            actor=w.coordinator,
            event_id=event.pk,
            data={"title": "x", "starts_at": event.starts_at, "capacity": 1},
        )


def test_an_event_of_another_area_is_refused_and_not_offered(w, client):
    event = _event(w)
    with pytest.raises(ValidationError, match="another employment area"):
        svc.registration_add(actor=w.far_seeker.user, event_id=event.pk)
    response = _api(client, w.far_seeker.user, "GET", "/api/v1/portal/events")
    assert response.status_code == 200 and response.json() == []
    response = _api(client, w.far_seeker.user, "POST", f"/api/v1/portal/events/{event.pk}/registration")
    assert response.status_code == 422 and "another employment area" in json.dumps(response.json())
    assert not EventRegistration.objects.exists()


def test_only_the_areas_staff_see_who_registered(w, client):
    event = _event(w)
    svc.registration_add(actor=w.seeker.user, event_id=event.pk)
    reads = AuditEvent.objects.filter(action="read", subject_client_id=w.seeker.pk)
    before = reads.count()
    names = _api(client, w.coordinator, "GET", f"/api/v1/events/{event.pk}/participants").json()
    assert [p["name"] for p in names] == [f"Eino {w.seeker.last_name}"]
    assert reads.count() == before + 1  # the name read is in the client's access log
    assert reads.last().target_type == "employer.event_registration"
    page = client.get(f"/employers/events/{event.pk}/")
    assert f"Eino {w.seeker.last_name}" in page.content.decode()

    before = reads.count()
    assert _api(client, w.outsider, "GET", f"/api/v1/events/{event.pk}/participants").status_code == 404
    assert _api(client, w.worker, "GET", f"/api/v1/events/{event.pk}/participants").status_code == 403
    assert _api(client, w.admin, "GET", f"/api/v1/events/{event.pk}/participants").status_code == 403
    client.force_login(w.admin)  # the administrator sees the event, not who registered
    page = client.get(f"/employers/events/{event.pk}/")
    assert page.status_code == 200 and w.seeker.last_name not in page.content.decode()
    with pytest.raises(PermissionDenied):
        sel.participants(w.outsider, event)
    assert reads.count() == before


def test_attendance_from_the_day_of_the_event(w, client):
    event = _event(w)
    row = svc.registration_add(actor=w.seeker.user, event_id=event.pk)
    with pytest.raises(ValidationError, match="day of the event"):
        svc.attendance_mark(actor=w.coordinator, event_id=event.pk, marks={row.pk: True})
    RecruitmentEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(w.coordinator)
    response = client.post(
        f"/employers/events/{event.pk}/attendance/", {"registration": [row.pk], f"attended-{row.pk}": "yes"}
    )
    row.refresh_from_db()
    assert response.status_code == 302 and row.attended is True
    assert AuditEvent.objects.filter(
        action="update", target_type="employer.event_registration", subject_client_id=w.seeker.pk
    ).exists()
    body = {"marks": [{"registration_id": row.pk, "attended": False}]}
    assert _api(client, w.coordinator, "POST", f"/api/v1/events/{event.pk}/attendance", body).json() == {
        "changed": 1
    }
    row.refresh_from_db()
    assert row.attended is False
    assert _api(client, w.outsider, "POST", f"/api/v1/events/{event.pk}/attendance", body).status_code == 404
    with pytest.raises(ValidationError, match="day of the event|already begun"):
        svc.registration_cancel(actor=w.seeker.user, event_id=event.pk)  # the registration stays
    # A past event's details can still be corrected, its time as the form shows it.
    past = RecruitmentEvent.objects.get(pk=event.pk).starts_at.replace(second=0, microsecond=0)
    svc.event_update(actor=w.coordinator, event_id=event.pk, data={"title": "Pidetty", "starts_at": past})
    with pytest.raises(ValidationError, match="in the future"):
        svc.event_update(
            actor=w.coordinator, event_id=event.pk, data={"title": "x", "starts_at": past - timedelta(days=1)}
        )


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/api/v1/events", {"title": "", "starts_at": "2031-05-01T10:00:00"}, 422),
        ("POST", "/api/v1/events", {"title": "x", "starts_at": "not a time"}, 422),
        ("POST", "/api/v1/events", {"title": "x", "starts_at": "2031-05-01T10:00:00", "capacity": -1}, 422),
        (
            "POST",
            "/api/v1/events",
            {"title": "x", "starts_at": "2031-05-01T10:00:00", "employers": ["x"]},
            422,
        ),
        ("POST", "/api/v1/events", {"title": "x", "starts_at": "2001-05-01T10:00:00"}, 422),
        ("POST", "/api/v1/events", {"title": "x"}, 422),
        ("PUT", "/api/v1/events/999999", {"title": "x", "starts_at": "2031-05-01T10:00:00"}, 404),
        ("POST", "/api/v1/events/EVENT/attendance", {"marks": "all"}, 422),
        (
            "POST",
            "/api/v1/events/EVENT/attendance",
            {"marks": [{"registration_id": 999999, "attended": True}]},
            422,
        ),
    ],
)
def test_bad_input_is_a_4xx_with_a_reason(w, client, method, path, body, status):
    event = _event(w)
    response = _api(client, w.coordinator, method, path.replace("EVENT", str(event.pk)), body)
    assert response.status_code == status, response.content
    assert response.json().get("detail") and RecruitmentEvent.objects.count() == 1


def test_the_portal_answers_4xx_for_a_missing_or_repeated_registration(w, client):
    event = _event(w)
    base = "/api/v1/portal/events"
    assert _api(client, w.seeker.user, "POST", f"{base}/999999/registration").status_code == 404
    assert _api(client, w.seeker.user, "DELETE", f"{base}/{event.pk}/registration").status_code == 422
    assert _api(client, w.seeker.user, "POST", f"{base}/{event.pk}/registration").status_code == 201
    repeated = _api(client, w.seeker.user, "POST", f"{base}/{event.pk}/registration")
    assert repeated.status_code == 422 and "Already registered" in json.dumps(repeated.json())
    listed = _api(client, w.seeker.user, "GET", base).json()
    assert listed[0]["registered"] is True and listed[0]["places_left"] is None


def test_the_menu_leads_organisers_and_clients_to_the_events(w, client):
    client.force_login(w.coordinator)
    assert 'href="/employers/events/"' in client.get("/employers/events/").content.decode()
    client.force_login(w.seeker.user)
    assert 'href="/portal/events/"' in client.get("/portal/events/").content.decode()
