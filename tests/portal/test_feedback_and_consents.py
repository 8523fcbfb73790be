"""Feedback on held meetings (1-5, own meetings only, once each) and consent withdrawal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from kohtaanto.audit.models import AuditEvent
from kohtaanto.clients.selectors import client_get
from kohtaanto.portal import services
from kohtaanto.portal.models import Feedback
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import ServiceFactory
from tests.factories import MeetingFactory
from tests.portal.factories import client_user, network_member

pytestmark = pytest.mark.django_db


def _post(client, **body):
    return client.post("/api/v1/portal/feedback", body, content_type="application/json")


def test_feedback_on_a_held_meeting_once(client, me):
    user, record = me
    meeting = MeetingFactory(client=record)
    r = _post(client, meeting_id=meeting.pk, score=5, text="Hyvä tapaaminen", language="fi")
    assert r.status_code == 201 and r.json()["score"] == 5
    f = Feedback.objects.get(client=record)
    assert f.meeting == meeting and f.language == "fi" and f.service_ref == ""
    assert AuditEvent.objects.filter(
        action="create", target_type="feedback", subject_client_id=record.pk
    ).exists()
    r = _post(client, meeting_id=meeting.pk, score=1)
    assert r.status_code == 409 and r.json()["errors"]
    # The page shows the feedback given and does not take another.
    page = client.post(reverse("portal_feedback", args=[meeting.pk]), {"score": "2"})
    assert Feedback.objects.count() == 1 and page.status_code == 422
    assert meeting.pk in {
        m["id"] for m in client.get("/api/v1/portal/meetings").json()["held"] if m["feedback_given"]
    }


@pytest.mark.parametrize("score", [0, 6, -1, "viisi", None, 3.5, True])
def test_score_must_be_1_to_5(client, me, score):
    _, record = me
    meeting = MeetingFactory(client=record)
    assert _post(client, meeting_id=meeting.pk, score=score).status_code == 422
    assert (
        client.post(reverse("portal_feedback", args=[meeting.pk]), {"score": score or ""}).status_code == 422
    )
    assert not Feedback.objects.exists()


def test_score_validated_in_the_service_too(me):
    user, record = me
    meeting = MeetingFactory(client=record)
    for bad in (0, 6, True, "3"):
        with pytest.raises(ValidationError) as exc:
            services.feedback_give(actor=user, meeting_id=meeting.pk, score=bad)
        assert "score" in exc.value.message_dict


def test_only_own_held_meetings(client, me):
    _, record = me
    _, other = client_user()
    theirs = MeetingFactory(client=other)
    planned = MeetingFactory(client=record, status="planned", held_date=None)
    for meeting in (theirs, planned):
        r = _post(client, meeting_id=meeting.pk, score=3)
        assert r.status_code == 422 and "meeting_id" in r.json()["errors"]
    assert client.get(reverse("portal_feedback", args=[theirs.pk])).status_code == 404
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal_feedback", args=[planned.pk])).content.decode()
    assert "after the meeting" in page
    assert not Feedback.objects.exists()


def test_feedback_on_a_started_service_once(client, me):
    _, record = me
    _, other = client_user()
    started = Referral.objects.create(client=record, service=ServiceFactory(), state="started")
    waiting = Referral.objects.create(client=record, service=ServiceFactory(), state="referred")
    theirs = Referral.objects.create(client=other, service=ServiceFactory(), state="completed")
    for ref in (f"referral:{waiting.pk}", f"referral:{theirs.pk}", "referral:999999", "anything"):
        r = _post(client, service_ref=ref, score=4)
        assert r.status_code == 422 and "service_ref" in r.json()["errors"]
    assert _post(client, score=4).status_code == 422  # neither target
    assert _post(client, service_ref=f"referral:{started.pk}", meeting_id=1, score=4).status_code == 422
    page = reverse("portal_referral_feedback", args=[started.pk])
    assert (
        client.post(page, {"score": "3", "text": "Hyödyllinen kurssi", "language": "fi"}).status_code == 302
    )
    f = Feedback.objects.get(client=record)
    assert (f.service_ref, f.score, f.meeting) == (f"referral:{started.pk}", 3, None)
    assert _post(client, service_ref=f"referral:{started.pk}", score=5).status_code == 409
    assert client.get(reverse("portal_referral_feedback", args=[theirs.pk])).status_code == 404
    client.cookies["django_language"] = "en"
    assert (
        "once the service has started"
        in client.get(reverse("portal_referral_feedback", args=[waiting.pk])).content.decode()
    )
    listed = {r["ref"]: r for r in client.get("/api/v1/portal/referrals").json()}
    assert set(listed) == {f"referral:{started.pk}", f"referral:{waiting.pk}"}
    assert listed[f"referral:{started.pk}"]["feedback_given"] is True
    assert listed[f"referral:{waiting.pk}"]["can_give_feedback"] is False


def test_bad_language_and_long_text(client, me):
    _, record = me
    meeting = MeetingFactory(client=record)
    assert _post(client, meeting_id=meeting.pk, score=4, language="de").status_code == 422
    assert _post(client, meeting_id=meeting.pk, score=4, text="x" * 2001).status_code == 422


def test_feedback_text_is_escaped(client, me):
    _, record = me
    meeting = MeetingFactory(client=record)
    payload = "<script>alert('x')</script><b>bold</b>"
    r = client.post(
        reverse("portal_feedback", args=[meeting.pk]), {"score": "4", "text": payload, "language": "en"}
    )
    assert r.status_code == 302
    html = client.get(reverse("portal_feedback", args=[meeting.pk])).content.decode()
    assert "<script>alert" not in html and "<b>bold" not in html and "&lt;script&gt;" in html


def test_withdrawing_consent_removes_access_at_once(client, me):
    user, record = me
    psychologist, row = network_member(record)
    assert client_get(actor=psychologist, client_id=record.pk).pk == record.pk
    listed = client.get("/api/v1/portal/consents").json()
    assert [(c["id"], c["active"], c["role"]) for c in listed] == [(row.pk, True, "psychologist")]
    r = client.post(reverse("portal_consent_withdraw", args=[row.pk]))
    assert r.status_code == 302
    with pytest.raises(Http404):
        client_get(actor=psychologist, client_id=record.pk)
    client.force_login(psychologist)
    assert client.get(reverse("client_page", args=[record.pk])).status_code == 404
    assert AuditEvent.objects.filter(
        actor_id=user.pk, action="update", target_type="network_member", target_id=str(row.pk)
    ).exists()
    # The consent stays listed as withdrawn, and withdrawing again changes nothing.
    client.force_login(user)
    assert client.get("/api/v1/portal/consents").json()[0]["active"] is False
    assert client.post(f"/api/v1/portal/consents/{row.pk}/withdraw").json()["active"] is False
    client.cookies["django_language"] = "en"
    assert "withdrawn" in client.get(reverse("portal_consents")).content.decode()
