"""The client's portal pages: own data only, plan acknowledgement, three languages, escaping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kohtaanto.accounts.models import Role
from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.models import EmploymentPlan, Meeting
from kohtaanto.portal.models import Message
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import ServiceFactory
from tests.factories import MeetingFactory, UserFactory
from tests.portal.factories import client_user, network_member, plan_for

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _planned(client, days: int, **kw) -> Meeting:
    return MeetingFactory(
        client=client, status="planned", planned_date=TODAY + dt.timedelta(days=days), held_date=None, **kw
    )


def test_home_shows_only_my_plan_meetings_and_messages(client, me):
    user, mine = me
    _, other = client_user()
    plan_for(mine, goals="Minun tavoitteeni: trukkikortti")
    plan_for(other, goals="Toisen tavoite: lähihoitajaksi")
    _planned(mine, 3, channel="video")
    _planned(other, 4, channel="phone")
    Message.objects.create(client=other, side="worker", body="Toisen viesti")
    Message.objects.create(client=mine, side="worker", body="Oma viesti")

    client.cookies["django_language"] = "en"
    body = client.get(reverse("portal_home")).content.decode()
    assert "Minun tavoitteeni" in body and "Toisen tavoite" not in body
    assert "Päivitä CV" in body  # a task with its due date
    assert "You have 1 new message." in body
    assert body.count("<time") == 1  # one upcoming meeting: mine
    msgs = client.get(reverse("portal_messages")).content.decode()
    assert "Oma viesti" in msgs and "Toisen viesti" not in msgs

    api = client.get("/api/v1/portal/plan").json()["plan"]
    assert api["goals"].startswith("Minun") and len(api["tasks"]) == 2
    meetings = client.get("/api/v1/portal/meetings").json()
    assert [m["channel"] for m in meetings["upcoming"]] == ["video"]
    assert [m["body"] for m in client.get("/api/v1/portal/messages").json()] == ["Oma viesti"]


def test_agreed_services_and_referrals(client, me):
    _, mine = me
    _, other = client_user()
    plan = plan_for(mine)
    EmploymentPlan.objects.filter(pk=plan.pk).update(
        agreed_services=[{"service_id": 1, "name": "Työnhakuvalmennus"}]
    )
    assert client.get("/api/v1/portal/referrals").json() == []
    Referral.objects.create(client=mine, service=ServiceFactory(name={"fi": "Oma kurssi"}), state="accepted")
    Referral.objects.create(client=mine, service=ServiceFactory(name={"fi": "Ehdotus"}), state="suggested")
    Referral.objects.create(
        client=other, service=ServiceFactory(name={"fi": "Toisen kurssi"}), state="started"
    )
    body = client.get(reverse("portal_home")).content.decode()
    assert "Työnhakuvalmennus" in body and "Oma kurssi" in body
    assert "Ehdotus" not in body and "Toisen kurssi" not in body
    assert [r["service_name"] for r in client.get("/api/v1/portal/referrals").json()] == ["Oma kurssi"]


def test_a_client_cannot_reach_another_clients_meeting_or_consent(client, me):
    _, other = client_user()
    theirs = MeetingFactory(client=other)
    _, row = network_member(other)
    assert client.get(reverse("portal_feedback", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("portal_consent_withdraw", args=[row.pk])).status_code == 404
    assert client.post(f"/api/v1/portal/consents/{row.pk}/withdraw").status_code == 404
    row.refresh_from_db()
    assert row.active


def test_staff_and_unlinked_clients_are_refused(client):
    client.force_login(UserFactory())
    assert client.get(reverse("portal_home")).status_code == 403
    assert client.get("/api/v1/portal/plan").status_code == 403
    client.force_login(UserFactory(role=Role.CLIENT, team=None, unit=None))
    assert client.get(reverse("portal_home"))["Location"] == reverse("portal_register")
    assert client.get("/api/v1/portal/plan").status_code == 404


def test_acknowledge_the_newest_plan_version(client, me):
    _, mine = me
    plan_for(mine, version=1)
    newest = plan_for(mine, version=2)
    # Acknowledging what the client saw as version 1 is refused: version 2 exists.
    r = client.post("/api/v1/portal/plan/acknowledge", {"version": 1}, content_type="application/json")
    assert r.status_code == 422 and "version" in r.json()["errors"]
    r = client.post(reverse("portal_plan_acknowledge"), {"version": "2"})
    assert r.status_code == 302
    newest.refresh_from_db()
    assert newest.acknowledged_at is not None
    assert EmploymentPlan.objects.get(client=mine, version=1).acknowledged_at is None
    assert AuditEvent.objects.filter(
        target_type="employment_plan", target_id=str(newest.pk), action="update", subject_client_id=mine.pk
    ).exists()
    first = newest.acknowledged_at
    r = client.post("/api/v1/portal/plan/acknowledge", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 2
    newest.refresh_from_db()
    assert newest.acknowledged_at == first  # idempotent
    client.cookies["django_language"] = "en"
    assert "You accepted this plan" in client.get(reverse("portal_home")).content.decode()


def test_acknowledge_without_a_plan_is_a_4xx_with_reason(client, me):
    r = client.post("/api/v1/portal/plan/acknowledge", {}, content_type="application/json")
    assert r.status_code == 422 and "plan" in r.json()["errors"]
    assert client.post(reverse("portal_plan_acknowledge")).status_code == 302


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Työllistymissuunnitelmasi", "Olen lukenut suunnitelman ja hyväksyn sen", 'lang="fi"']),
        ("sv", ["Din sysselsättningsplan", "Jag har läst planen och godkänner den", 'lang="sv"']),
        ("en", ["Your employment plan", "I have read and accept the plan", 'lang="en"']),
    ],
)
def test_portal_pages_render_in_three_languages(client, me, lang, words):
    _, mine = me
    plan_for(mine)
    MeetingFactory(client=mine)
    _, row = network_member(mine)
    client.cookies["django_language"] = lang
    home = client.get(reverse("portal_home"))
    assert home.status_code == 200
    body = home.content.decode()
    for word in words:
        assert word in body, (lang, word)
    for name in ("portal_messages", "portal_consents"):
        assert client.get(reverse(name)).status_code == 200
    meeting = Meeting.objects.filter(client=mine).first()
    assert client.get(reverse("portal_feedback", args=[meeting.pk])).status_code == 200
