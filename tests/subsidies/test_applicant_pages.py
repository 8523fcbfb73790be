"""Issue 16, point 2: the employer representative's e-service pages — apply for a registered
job seeker, attach, send, answer, read the decision, apply for payment — and refusals that
write nothing: another employer's application (404), other roles (403), bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kohtaanto.subsidies import application_services as apps
from kohtaanto.subsidies import decision_services as decisions
from kohtaanto.subsidies.models import Attachment, PaymentApplication, PaymentState, State, SubsidyApplication

from .world import PAY_CASE, build, job_seeker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW = "/subsidies/employer/new/"


def recent_start() -> dt.date:
    """Three months back: its first month's payment is late today, the next two are not."""
    return timezone.localdate().replace(day=1) - relativedelta(months=3)


def form(w, hetu: str, start: dt.date, **extra) -> dict:
    return {
        "employer": w.employer_a.pk,
        "benefit": "palkkatuki",
        "client_hetu": hetu,
        "start_date": start.isoformat(),
        "planned_months": 6,
        "ground": "lack_of_skills",
        "employer_kind": "business",
        "monthly_pay": "2200",
        "aid_basis": "de_minimis",
        "aid1_granted_on": "2025-05-01",
        "aid1_amount": "10000",
        "aid1_grantor": "ELY-keskus",
        **extra,
    }


def young_seeker(start: dt.date):
    return job_seeker(birth=start - relativedelta(years=23), period_start=start - relativedelta(months=14))


def test_the_representative_applies_attaches_and_sends(client):
    w = build()
    client.force_login(w.rep_a)
    start = recent_start()
    response = client.post(NEW, form(w, w.hetu, start))
    app = SubsidyApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/subsidies/employer/{app.pk}/"
    assert app.employer == w.employer_a and app.client == w.client and app.state == State.DRAFT
    assert app.case["ground"] == "lack_of_skills" and app.declared_aid[0]["amount"] == "10000"
    page = client.get(f"/subsidies/employer/{app.pk}/").content.decode()
    assert "Draft" in page and "Still missing" in page and w.client.full_name in page
    upload = SimpleUploadedFile("../../etc/sopimus.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/subsidies/employer/{app.pk}/attachments/", {"kind": "contract", "file": upload})
    assert response.status_code == 302
    assert Attachment.objects.get().filename == "sopimus.pdf"  # no folder part kept
    bad = SimpleUploadedFile("palkka.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/subsidies/employer/{app.pk}/attachments/", {"kind": "pay", "file": bad})
    assert response.status_code == 422 and "Send a PDF" in response.content.decode()
    assert Attachment.objects.count() == 1
    assert client.post(f"/subsidies/employer/{app.pk}/submit/").status_code == 302
    app.refresh_from_db()
    assert app.state == State.SUBMITTED
    again = client.post(f"/subsidies/employer/{app.pk}/submit/")
    assert again.status_code == 422 and "Only a draft" in again.content.decode()
    listing = client.get("/subsidies/employer/").content.decode()
    assert f"/subsidies/employer/{app.pk}/" in listing and "Submitted" in listing


def test_a_person_not_registered_gets_a_clear_error_and_nothing_is_written(client):
    w = build()
    client.force_login(w.rep_a)
    w.client.periods.all().delete()
    response = client.post(NEW, form(w, w.hetu, recent_start()))
    assert response.status_code == 422
    assert "not a registered job seeker" in response.content.decode()
    response = client.post(NEW, form(w, "010101-123X", recent_start()))
    assert "not valid" in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_missing_calculation_fields_are_named_next_to_the_field(client):
    w = build()
    client.force_login(w.rep_a)
    response = client.post(NEW, form(w, w.hetu, recent_start(), ground="", monthly_pay=""))
    body = response.content.decode()
    assert response.status_code == 422 and body.count("Required for this benefit.") == 2
    response = client.post(NEW, form(w, w.hetu, recent_start(), aid1_amount=""))
    assert "Give both the date and the amount" in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_another_employer_and_other_roles_are_refused(client):
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
    client.force_login(w.rep_b)
    assert client.get(f"/subsidies/employer/{app.pk}/").status_code == 404
    assert client.post(f"/subsidies/employer/{app.pk}/submit/").status_code == 404
    assert f"/subsidies/employer/{app.pk}/" not in client.get("/subsidies/employer/").content.decode()
    # Another employer's id in the form: the choice is not offered, so nothing is written.
    response = client.post(NEW, {**form(w, w.hetu, recent_start()), "employer": w.employer_a.pk})
    assert response.status_code == 422
    for user in (w.worker, w.expert, w.client_user):
        client.force_login(user)
        assert client.get(f"/subsidies/employer/{app.pk}/").status_code == 403
        assert client.post(f"/subsidies/employer/{app.pk}/submit/").status_code == 403
    app.refresh_from_db()
    assert app.state == State.DRAFT and SubsidyApplication.objects.count() == 1


def test_answering_a_request_for_information(client):
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
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    info = decisions.info_request(actor=w.expert, application_id=app.pk, question="Palkkalaskelma?")
    client.force_login(w.rep_a)
    page = client.get(f"/subsidies/employer/{app.pk}/").content.decode()
    assert "Palkkalaskelma?" in page and "More information requested" in page
    assert f'for="id_a{info.pk}_answer"' in page
    empty = client.post(f"/subsidies/employer/{app.pk}/answer/", {"request": info.pk, "answer": " "})
    assert empty.status_code == 422
    ok = client.post(f"/subsidies/employer/{app.pk}/answer/", {"request": info.pk, "answer": "Liitteenä."})
    assert ok.status_code == 302
    app.refresh_from_db()
    info.refresh_from_db()
    assert app.state == State.SUBMITTED and info.answer == "Liitteenä."
    twice = client.post(f"/subsidies/employer/{app.pk}/answer/", {"request": info.pk, "answer": "Uudestaan."})
    assert twice.status_code == 422 and "already been answered" in twice.content.decode()
    info.refresh_from_db()
    assert info.answer == "Liitteenä."


def _granted(w, start: dt.date):
    seeker, hetu = young_seeker(start)
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
    d = decisions.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="Perusteltu."
    )
    return app, d


def pay_form(start: dt.date, months: int = 1, claimed: str = "2200", **extra) -> dict:
    data = {"period_start": start.isoformat(), "months": months, "claimed": claimed}
    for i in range(1, months + 1):
        data |= {f"pay{i}": "2200", f"side{i}": "0", f"holiday{i}": "0", f"paid{i}": "on"}
    return data | extra


def test_decision_and_payment_applications_one_late(client):
    w = build()
    start = recent_start()
    app, d = _granted(w, start)
    client.force_login(w.rep_a)
    page = client.get(f"/subsidies/employer/{app.pk}/").content.decode()
    assert "Decision: granted" in page and str(d.total) in page
    assert f"/subsidies/applications/{app.pk}/decisions/{d.pk}/document/" in page
    url = f"/subsidies/employer/{app.pk}/payments/new/"
    assert client.get(url).status_code == 200
    # Lines that do not add up, and a period outside the decision: refused, nothing written.
    response = client.post(url, pay_form(start, claimed="2000"))
    assert response.status_code == 422 and "not the claimed" in response.content.decode()
    response = client.post(url, pay_form(start - relativedelta(months=1)))
    assert response.status_code == 422 and "outside the decision" in response.content.decode()
    response = client.post(url, {**pay_form(start), "paid1": ""})
    assert response.status_code == 422 and "actually paid" in response.content.decode()
    assert not PaymentApplication.objects.exists()
    # The first month is past its deadline: kept as lapsed, with the deadline stated.
    response = client.post(url, pay_form(start), follow=True)
    late = PaymentApplication.objects.get()
    assert late.state == PaymentState.LAPSED
    assert "after the deadline" in response.content.decode()
    for months_back in (1, 2):
        month = start + relativedelta(months=months_back)
        assert client.post(url, pay_form(month)).status_code == 302
    states = sorted(PaymentApplication.objects.values_list("state", flat=True))
    assert states == ["lapsed", "submitted", "submitted"]
    # A duplicate, and another period length than the first application's: refused.
    response = client.post(url, pay_form(start + relativedelta(months=1)))
    assert response.status_code == 422 and "already been applied" in response.content.decode()
    response = client.post(url, pay_form(start + relativedelta(months=3), months=2, claimed="4400"))
    assert response.status_code == 422 and "chosen as 1" in response.content.decode()
    assert PaymentApplication.objects.count() == 3
    client.force_login(w.rep_b)
    assert client.get(url).status_code == 404


def test_the_period_preview_names_the_months_and_the_deadline(client):
    w = build()
    start = recent_start()
    app, _ = _granted(w, start)
    client.force_login(w.rep_a)
    url = f"/subsidies/employer/{app.pk}/payments/new/"
    assert 'hx-get="' + url in client.get(url).content.decode()
    late = client.get(url, {"period_start": start.isoformat(), "months": 1}, HTTP_HX_REQUEST="true")
    body = late.content.decode()
    assert late.status_code == 200 and "month 1 =" in body and "will lapse" in body
    fine = client.get(
        url,
        {"period_start": (start + relativedelta(months=2)).isoformat(), "months": 1},
        HTTP_HX_REQUEST="true",
    )
    assert "month 1 =" in fine.content.decode() and "will lapse" not in fine.content.decode()
    assert not PaymentApplication.objects.exists()
