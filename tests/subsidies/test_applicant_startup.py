"""Issue 16, point 5: the client's start-up grant in the portal — apply with the business
plan, calculations and advisory statement, follow the state, claim each month, apply for a
continuation — and the refusals."""

from __future__ import annotations

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kohtaanto.subsidies import decision_services as decisions
from kohtaanto.subsidies.models import PaymentApplication, PaymentState, State, SubsidyApplication

from .world import build

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/portal/start-up-grant/"


def start_up(start) -> dict:
    return {
        "description": "Kahvila Kalliossa.",
        "start_date": start.isoformat(),
        "planned_months": 6,
        "full_time": "on",
        "skills": "on",
    }


def test_the_client_applies_attaches_and_follows_the_state(client):
    w = build()
    client.force_login(w.client_user)
    assert client.get(BASE).status_code == 200
    start = timezone.localdate().replace(day=1) - relativedelta(months=1)
    response = client.post(f"{BASE}new/", start_up(start))
    app = SubsidyApplication.objects.get()
    assert response.status_code == 302 and app.benefit == "starttiraha" and app.employer is None
    assert app.case == {
        "startup": {"full_time": True, "skills": True, "tax_arrears": False, "started_before_decision": False}
    }
    page = client.get(f"{BASE}{app.pk}/").content.decode()
    assert "business plan" in page and "advisory statement" in page  # still missing
    for kind in ("business_plan", "calculations", "advisory"):
        upload = SimpleUploadedFile(f"{kind}.pdf", PDF, content_type="application/pdf")
        assert client.post(f"{BASE}{app.pk}/attachments/", {"kind": kind, "file": upload}).status_code == 302
    assert "Still missing" not in client.get(f"{BASE}{app.pk}/").content.decode()
    assert client.post(f"{BASE}{app.pk}/submit/").status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    d = decisions.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="Hyvä suunnitelma."
    )
    page = client.get(f"{BASE}{app.pk}/").content.decode()
    assert "Granted" in page and "Claim a month" in page and "Apply for a continuation" in page
    # A month claimed without confirming the business went on: refused, nothing written.
    claim = f"{BASE}{app.pk}/claims/new/"
    response = client.post(claim, {"period_start": start.isoformat()})
    assert response.status_code == 422 and "Confirm that the business" in response.content.decode()
    assert not PaymentApplication.objects.exists()
    assert client.post(claim, {"period_start": start.isoformat(), "confirm": "on"}).status_code == 302
    payment = PaymentApplication.objects.get()
    assert payment.state == PaymentState.SUBMITTED and str(payment.accepted) == d.monthly_amounts[0]
    # The continuation: a new draft from the day after the decision ends; only once.
    url = f"{BASE}{app.pk}/continuation/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Asiakkaita riittää.", "planned_months": 6})
    follow_up = SubsidyApplication.objects.exclude(pk=app.pk).get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{follow_up.pk}/"
    assert follow_up.start_date == d.end + relativedelta(days=1) and follow_up.state == State.DRAFT
    again = client.post(url, {"description": "Uudestaan.", "planned_months": 6})
    assert again.status_code == 422 and "already been applied" in again.content.decode()


def test_a_draft_cannot_be_continued_and_others_are_refused(client):
    w = build()
    client.force_login(w.client_user)
    start = timezone.localdate().replace(day=1)
    client.post(f"{BASE}new/", start_up(start))
    app = SubsidyApplication.objects.get()
    response = client.post(f"{BASE}{app.pk}/continuation/", {"description": "x", "planned_months": 6})
    assert response.status_code == 422 and "Only a granted start-up grant" in response.content.decode()
    # Not the start-up grant's fields: a clear error, nothing written.
    response = client.post(f"{BASE}new/", {**start_up(start), "planned_months": 9})
    assert response.status_code == 422
    assert SubsidyApplication.objects.count() == 1
    for user in (w.rep_a, w.worker, w.expert):
        client.force_login(user)
        assert client.get(f"{BASE}{app.pk}/").status_code == 403
        assert client.post(f"{BASE}{app.pk}/submit/").status_code == 403
    client.logout()
    response = client.get(f"{BASE}{app.pk}/")
    assert response.status_code == 302 and "/portal/signin/" in response["Location"]
    app.refresh_from_db()
    assert app.state == State.DRAFT
