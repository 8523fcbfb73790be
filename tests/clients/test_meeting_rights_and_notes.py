"""Issue 18, defects 1, 2 (server side) and 3: who writes timetable meetings, ISO date
inputs in every language, and meeting notes that are shown, kept and versioned."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import Client, ClientEvent, Meeting, MeetingNoteVersion, NetworkMember
from tests.factories import ClientFactory, UserFactory, stated_reason

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def world():
    worker = UserFactory()
    colleague = UserFactory(team=worker.team, unit=worker.unit)
    leader = UserFactory(team=worker.team, unit=worker.unit, role=Role.TEAM_LEADER)
    c = ClientFactory(responsible_worker=worker, registration_date=TODAY - dt.timedelta(days=30))
    planned = Meeting.objects.create(
        client=c,
        staff=worker,
        kind="job_search_conversation",
        status="planned",
        due_date=TODAY + dt.timedelta(days=5),
        planned_date=TODAY + dt.timedelta(days=3),
        notes="Asiakas toivoo logistiikka-alaa.",
    )
    psychologist = UserFactory(role=Role.PSYCHOLOGIST, team=None, unit=None)
    NetworkMember.objects.create(client=c, member=psychologist, consent_given=c.registration_date)
    network = {Role.PSYCHOLOGIST: psychologist}
    return {
        "worker": worker,
        "colleague": colleague,
        "leader": leader,
        "client": c,
        "planned": planned,
        "network": network,
    }


def _snapshot(c: Client) -> tuple:
    c.refresh_from_db()
    meetings = list(Meeting.objects.filter(client=c).order_by("pk").values())
    return (c.next_due_date, c.next_due_kind, meetings, ClientEvent.objects.filter(client=c).count())


def _network_users():
    from kohtaanto.accounts.policy import NETWORK_ROLES

    return sorted(NETWORK_ROLES)


@pytest.mark.parametrize("role", _network_users())
def test_network_professionals_cannot_write_timetable_meetings(client, world, role):
    c, m = world["client"], world["planned"]
    member = UserFactory(role=role, team=None, unit=None)
    NetworkMember.objects.create(client=c, member=member, consent_given=c.registration_date)
    client.force_login(member)
    before = _snapshot(c)
    held = {
        "kind": "job_search_conversation",
        "status": "held",
        "channel": "phone",
        "held_date": TODAY.isoformat(),
    }
    r = client.put(
        f"/api/v1/clients/{c.pk}/meetings/{m.pk}",
        {**held, "status": "no_show"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert (
        client.post(f"/api/v1/clients/{c.pk}/meetings", held, content_type="application/json").status_code
        == 403
    )
    assert client.post(f"/clients/{c.pk}/meetings/new/", held).status_code == 403
    assert client.post(f"/clients/{c.pk}/meetings/{m.pk}/", held).status_code == 403
    assert client.get(f"/clients/{c.pk}/meetings/new/").status_code == 403
    assert _snapshot(c) == before
    # The page still opens for them, without the buttons they cannot use, and without notes.
    page = client.get(f"/clients/{c.pk}/").content.decode()
    assert f"/clients/{c.pk}/meetings/new/" not in page
    assert f"/clients/{c.pk}/meetings/{m.pk}/" not in page
    assert "logistiikka-alaa" not in page


def test_team_member_needs_a_reason_which_is_audited(client, world):
    c, m = world["client"], world["planned"]
    body = {"kind": m.kind, "status": "no_show", "channel": "phone"}
    for who in ("colleague", "leader"):
        stated_reason(world[who], c)  # opened the client for a stand-in (need to know)
        client.force_login(world[who])
        before = _snapshot(c)
        r = client.put(f"/api/v1/clients/{c.pk}/meetings/{m.pk}", body, content_type="application/json")
        assert r.status_code == 422 and "reason" in r.content.decode()
        assert _snapshot(c) == before
        page = client.get(f"/clients/{c.pk}/meetings/{m.pk}/")
        assert 'name="reason"' in page.content.decode()
    r = client.put(
        f"/api/v1/clients/{c.pk}/meetings/{m.pk}",
        {**body, "reason": "Vastuuvirkailija lomalla"},
        content_type="application/json",
    )
    assert r.status_code == 200
    event = AuditEvent.objects.filter(target_type="meeting", action="update").latest("pk")
    assert event.detail["reason"] == "Vastuuvirkailija lomalla" and event.actor_id == world["leader"].pk
    # The responsible worker writes without a reason, and is not asked for one.
    client.force_login(world["worker"])
    assert 'name="reason"' not in client.get(f"/clients/{c.pk}/meetings/{m.pk}/").content.decode()


def test_other_team_cannot_write(client, world):
    c, m = world["client"], world["planned"]
    stranger = UserFactory()
    client.force_login(stranger)
    before = _snapshot(c)
    r = client.put(
        f"/api/v1/clients/{c.pk}/meetings/{m.pk}",
        {"kind": m.kind, "status": "no_show", "channel": "phone", "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert _snapshot(c) == before


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_date_inputs_carry_iso_values_in_every_language(client, world, lang):
    c, m = world["client"], world["planned"]
    client.force_login(world["worker"])
    page = client.get(f"/clients/{c.pk}/meetings/{m.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    values = re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', page)
    assert ("planned_date", m.planned_date.isoformat()) in values
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for _, v in values), values


def test_every_form_date_field_uses_the_iso_widget():
    """The root fix: one widget for every form. A new form with a plain DateInput fails."""
    import importlib
    import pkgutil

    from django import forms

    import kohtaanto
    from kohtaanto.web.forms import IsoDateInput

    for info in pkgutil.walk_packages(kohtaanto.__path__, "kohtaanto."):
        if info.name.rsplit(".", 1)[-1] in ("forms", "views") or ".views" in info.name:
            importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    checked = 0
    for form in subclasses(forms.Form):
        if not form.__module__.startswith("kohtaanto."):
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField):
                checked += 1
                assert isinstance(field.widget, IsoDateInput), f"{form.__module__}.{form.__name__}.{name}"
    assert checked >= 5


def test_outcome_form_is_filled_with_the_notes_and_keeps_them(client, world):
    c, m = world["client"], world["planned"]
    client.force_login(world["worker"])
    page = client.get(f"/clients/{c.pk}/meetings/{m.pk}/").content.decode()
    assert "Asiakas toivoo logistiikka-alaa." in page
    # The API without notes keeps them (it used to store "").
    r = client.put(
        f"/api/v1/clients/{c.pk}/meetings/{m.pk}",
        {"kind": m.kind, "status": "held", "channel": "phone", "held_date": TODAY.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["notes"] == "Asiakas toivoo logistiikka-alaa."
    m.refresh_from_db()
    assert m.notes == "Asiakas toivoo logistiikka-alaa."


def test_notes_are_versioned_and_shown_to_staff(client, world):
    c = world["client"]
    client.force_login(world["worker"])
    r = client.post(
        f"/api/v1/clients/{c.pk}/meetings",
        {
            "kind": "supplementary",
            "status": "held",
            "channel": "phone",
            "held_date": TODAY.isoformat(),
            "notes": "Ensimmäinen",
        },
        content_type="application/json",
    )
    mid = r.json()["id"]
    body = {"kind": "supplementary", "status": "held", "channel": "phone", "held_date": TODAY.isoformat()}
    for text in ("Toinen", "Toinen"):  # the same text twice makes one version, not two
        r = client.post(f"/clients/{c.pk}/meetings/{mid}/", {**body, "notes": text + "\r\n"})
        assert r.status_code == 302
    assert list(MeetingNoteVersion.objects.filter(meeting_id=mid).values_list("version", "text")) == [
        (2, "Toinen"),
        (1, "Ensimmäinen"),
    ]
    assert ClientEvent.objects.filter(client=c, kind="meeting").count() == 1  # re-saves add no meeting
    versions = client.get(f"/api/v1/clients/{c.pk}/meetings/{mid}/notes").json()
    assert [v["text"] for v in versions] == ["Toinen", "Ensimmäinen"]
    page = client.get(f"/clients/{c.pk}/").content.decode()
    assert "Toinen" in page and "Ensimmäinen" in page  # the newest, and the earlier version
    detail = client.get(f"/api/v1/clients/{c.pk}").json()
    assert {m["notes"] for m in detail["meetings"] if m["id"] == mid} == {"Toinen"}
    psychologist = world["network"][Role.PSYCHOLOGIST]
    client.force_login(psychologist)
    assert client.get(f"/api/v1/clients/{c.pk}/meetings/{mid}/notes").status_code == 403
    detail = client.get(f"/api/v1/clients/{c.pk}").json()
    assert all(m["notes"] is None for m in detail["meetings"])
    assert "Toinen" not in client.get(f"/clients/{c.pk}/").content.decode()


@pytest.mark.parametrize(
    "planned",
    ["9999-12-30", (TODAY + dt.timedelta(days=800)).isoformat(), (TODAY - dt.timedelta(days=60)).isoformat()],
)
def test_planned_date_is_bounded(client, world, planned):
    c, m = world["client"], world["planned"]
    client.force_login(world["worker"])
    before = _snapshot(c)
    body = {"kind": m.kind, "status": "planned", "channel": "phone", "planned_date": planned}
    r = client.put(f"/api/v1/clients/{c.pk}/meetings/{m.pk}", body, content_type="application/json")
    assert r.status_code == 422 and "planned_date" in r.content.decode()
    r = client.post(f"/clients/{c.pk}/meetings/{m.pk}/", body, HTTP_ACCEPT_LANGUAGE="fi")
    assert r.status_code == 422
    assert "kahden vuoden" in r.content.decode() or "ennen rekisteröintiä" in r.content.decode()
    assert _snapshot(c) == before
