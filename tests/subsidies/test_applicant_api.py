"""Issue 16, point 2 through the API: the same services as the pages, so the same rules —
another employer's application 404, other roles 403, bad input 422 with the reason and
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kohtaanto.subsidies import application_services as apps
from kohtaanto.subsidies import decision_services as decisions
from kohtaanto.subsidies.models import Attachment, PaymentApplication, State, SubsidyApplication

from .world import PAY_CASE, build, job_seeker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
API = "/api/v1/subsidies/applications"


def recent_start() -> dt.date:
    return timezone.localdate().replace(day=1) - relativedelta(months=3)


def test_apply_attach_submit_and_read_the_status(client):
    w = build()
    client.force_login(w.rep_a)
    body = {
        "benefit": "palkkatuki",
        "start_date": recent_start().isoformat(),
        "planned_months": 6,
        "employer_id": w.employer_a.pk,
        "client_hetu": w.hetu,
        "case": PAY_CASE,
    }
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201
    app_id = created.json()["id"]
    upload = SimpleUploadedFile("sopimus.pdf", PDF, content_type="application/pdf")
    response = client.post(f"{API}/{app_id}/attachments", {"kind": "contract", "file": upload})
    assert response.status_code == 201 and response.json()["filename"] == "sopimus.pdf"
    bad = client.post(f"{API}/{app_id}/attachments", {"kind": "contract"})
    assert bad.status_code == 422 and "file" in bad.content.decode()
    wrong_kind = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    assert client.post(f"{API}/{app_id}/attachments", {"kind": "cv", "file": wrong_kind}).status_code == 422
    assert Attachment.objects.count() == 1
    status = client.get(f"{API}/{app_id}/status").json()
    assert status["state"] == "draft" and status["missing_attachments"] == ["pay", "de_minimis"]
    assert client.post(f"{API}/{app_id}/submit").json()["state"] == "submitted"
    again = client.post(f"{API}/{app_id}/submit")
    assert again.status_code == 422 and "Only a draft" in again.content.decode()
    info = decisions.info_request(actor=w.expert, application_id=app_id, question="Palkkatiedot?")
    answer = client.post(
        f"{API}/{app_id}/answers",
        {"request": info.pk, "answer": "Liitteenä."},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["answered_at"]
    assert SubsidyApplication.objects.get().state == State.SUBMITTED


def test_bad_input_and_scope_are_refused_with_reasons():
    from django.test import Client

    w = build()
    app = apps.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        employer_id=w.employer_a.pk,
        client_hetu=w.hetu,
        start_date=recent_start(),
        planned_months=6,
        case=PAY_CASE,
    )
    rep_a, rep_b, worker, person = Client(), Client(), Client(), Client()
    rep_a.force_login(w.rep_a)
    rep_b.force_login(w.rep_b)
    worker.force_login(w.worker)
    person.force_login(w.client_user)
    # Calculator fields missing: named, nothing written.
    body = {
        "benefit": "palkkatuki",
        "start_date": recent_start().isoformat(),
        "planned_months": 6,
        "employer_id": w.employer_a.pk,
        "client_hetu": w.hetu,
        "case": {"employer_kind": "business"},
    }
    response = rep_a.post(API, body, content_type="application/json")
    assert response.status_code == 422 and "Required for this benefit" in response.content.decode()
    seeker, unregistered = job_seeker()
    seeker.periods.all().delete()
    response = rep_a.post(
        API, {**body, "case": PAY_CASE, "client_hetu": unregistered}, content_type="application/json"
    )
    assert response.status_code == 422 and "not a registered job seeker" in response.content.decode()
    assert SubsidyApplication.objects.count() == 1
    assert rep_b.get(f"{API}/{app.pk}/status").status_code == 404
    assert rep_b.post(f"{API}/{app.pk}/submit").status_code == 404
    assert worker.post(f"{API}/{app.pk}/submit").status_code == 403
    assert person.post(f"{API}/{app.pk}/submit").status_code == 404
    app.refresh_from_db()
    assert app.state == State.DRAFT


def test_payment_applications_through_the_api():
    from django.test import Client

    w = build()
    start = recent_start()
    seeker, hetu = job_seeker(
        birth=start - relativedelta(years=23), period_start=start - relativedelta(months=14)
    )
    app = apps.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        employer_id=w.employer_a.pk,
        client_hetu=hetu,
        start_date=start,
        planned_months=6,
        case=PAY_CASE,
    )
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    decisions.decision_make(actor=w.expert, application_id=app.pk, grant=True, justification="Ok.")
    api = Client()
    api.force_login(w.rep_a)

    def pay(month: dt.date, claimed: str = "2200"):
        body = {
            "period_start": month.isoformat(),
            "months": 1,
            "lines": [{"month": month.strftime("%Y-%m"), "pay": "2200", "paid": True}],
            "claimed": claimed,
        }
        return api.post(f"{API}/{app.pk}/payments", body, content_type="application/json")

    bad = pay(start + relativedelta(months=1), claimed="2100")
    assert bad.status_code == 422 and "not the claimed" in bad.content.decode()
    late = pay(start)
    assert (
        late.status_code == 201 and late.json()["state"] == "lapsed" and "deadline" in late.json()["reason"]
    )
    ok = pay(start + relativedelta(months=1))
    assert ok.status_code == 201 and ok.json()["state"] == "submitted" and ok.json()["accepted"] == "1100.00"
    duplicate = pay(start + relativedelta(months=1))
    assert duplicate.status_code == 422 and "already been applied" in duplicate.content.decode()
    assert PaymentApplication.objects.count() == 2
    assert len(api.get(f"{API}/{app.pk}/status").json()["payments"]) == 2


def test_the_start_up_grant_through_the_api():
    from django.test import Client

    w = build()
    person, rep = Client(), Client()
    person.force_login(w.client_user)
    rep.force_login(w.rep_a)
    body = {
        "benefit": "starttiraha",
        "start_date": timezone.localdate().replace(day=1).isoformat(),
        "planned_months": 6,
        "case": {"startup": {"full_time": True, "skills": True}},
    }
    created = person.post(API, body, content_type="application/json")
    assert created.status_code == 201
    app_id = created.json()["id"]
    status = person.get(f"{API}/{app_id}/status").json()
    assert status["missing_attachments"] == ["business_plan", "calculations", "advisory"]
    early = person.post(
        f"{API}/{app_id}/continuation",
        {"planned_months": 6, "description": "x"},
        content_type="application/json",
    )
    assert early.status_code == 422 and "Only a granted start-up grant" in early.content.decode()
    refused = rep.post(
        f"{API}/{app_id}/continuation",
        {"planned_months": 6, "description": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert rep.get(f"{API}/{app_id}/status").status_code == 404
    assert SubsidyApplication.objects.count() == 1
