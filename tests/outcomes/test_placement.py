"""Job offers and reported applications (issue 12, point 2): the worker offers a posting,
the client answers in the portal, a hire becomes an employment, applications count against
the plan's obligation and the worklist shows a month below it (informing only)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from kohtaanto.accounts.models import Role
from kohtaanto.clients.models import EmploymentPlan
from kohtaanto.market.models import JobPosting
from kohtaanto.outcomes.models import Employment, JobApplication, JobOffer
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def world():
    worker = UserFactory()
    user = UserFactory(role=Role.CLIENT, team=None, unit=None)
    c = ClientFactory(
        responsible_worker=worker,
        team=worker.team,
        user=user,
        registration_date=TODAY - relativedelta(months=3),
    )
    posting = JobPosting.objects.create(
        source="test", external_id="1", title="Varastotyöntekijä", employer="Logistiikka Oy", expires=TODAY
    )
    return worker, user, c, posting


def _json(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_offer_answered_in_the_portal_and_a_hire_becomes_employment(client, world):
    worker, user, c, posting = world
    client.force_login(worker)
    r = _json(client, f"/api/v1/clients/{c.pk}/job-offers", {"posting_id": posting.pk})
    assert r.status_code == 201, r.content
    offer_id = r.json()["id"]
    assert _json(client, f"/api/v1/clients/{c.pk}/job-offers", {"posting_id": posting.pk}).status_code == 422

    client.force_login(user)
    mine = client.get("/api/v1/portal/job-offers").json()
    assert [o["title"] for o in mine["offers"]] == ["Varastotyöntekijä"]
    answer = f"/api/v1/portal/job-offers/{offer_id}/answer"
    assert _json(client, answer, {"answer": "not_suitable"}).status_code == 422  # no reason
    assert _json(client, answer, {"answer": "applied"}).status_code == 200
    assert JobApplication.objects.filter(client=c, offer_id=offer_id).count() == 1
    r = _json(client, answer, {"answer": "hired"})
    assert r.status_code == 200 and r.json()["employment_id"]
    assert Employment.objects.get(client=c).employer_name == "Logistiikka Oy"
    assert _json(client, answer, {"answer": "applied"}).status_code == 422  # already hired

    other = UserFactory(role=Role.CLIENT, team=None, unit=None)
    ClientFactory(user=other)
    client.force_login(other)
    assert _json(client, answer, {"answer": "applied"}).status_code == 404


def test_bad_offers_write_nothing(client, world):
    worker, _user, c, posting = world
    JobPosting.objects.filter(pk=posting.pk).update(expires=TODAY - dt.timedelta(days=1))
    client.force_login(worker)
    for body in ({"posting_id": posting.pk}, {"posting_id": 999999}):
        assert _json(client, f"/api/v1/clients/{c.pk}/job-offers", body).status_code == 422
    client.force_login(UserFactory())  # another team
    assert _json(client, f"/api/v1/clients/{c.pk}/job-offers", {"posting_id": posting.pk}).status_code == 404
    assert not JobOffer.objects.exists()


def test_applications_below_the_plan_are_flagged_on_the_worklist(client, world):
    worker, user, c, _posting = world
    EmploymentPlan.objects.create(client=c, job_search_obligation=3, created_by=worker)
    last_month = TODAY.replace(day=1) - relativedelta(months=1)
    client.force_login(user)
    page = client.post(
        "/portal/job-offers/",
        {"a-applied_on": last_month.isoformat(), "a-employer_name": "Kahvila Oy", "a-job_title": "Barista"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert page.status_code == 302 and JobApplication.objects.filter(client=c).count() == 1
    html = client.get("/portal/job-offers/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "vähemmän kuin suunnitelmassa" in html
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    bad = _json(
        client, "/api/v1/portal/applications", {"applied_on": future, "employer_name": "X", "job_title": "Y"}
    )
    assert bad.status_code == 422 and JobApplication.objects.count() == 1

    client.force_login(worker)
    worklist = client.get("/clients/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "hakemuksia alle suunnitelman" in worklist
    for _ in range(2):
        JobApplication.objects.create(
            client=c, date=last_month, employer_name="A", job_title="B", reported_by=user
        )
    worklist = client.get("/clients/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "hakemuksia alle suunnitelman" not in worklist


@pytest.mark.parametrize(
    ("lang", "offered", "answered"),
    [("fi", "tarjottiin", "kiitos"), ("sv", "erbjöds", "tack"), ("en", "offered", "thank you")],
)
def test_the_whole_placement_flow_through_the_pages(client, world, lang, offered, answered):
    """The worker offers a job and records employment on the client page; the client answers
    and reports an application in the portal; each page speaks the user's language."""
    worker, user, c, posting = world
    client.force_login(worker)
    r = client.post(
        f"/clients/{c.pk}/job-offers/", {"posting_id": posting.pk}, HTTP_ACCEPT_LANGUAGE=lang, follow=True
    )
    assert offered in r.content.decode().lower() and JobOffer.objects.filter(client=c).count() == 1
    client.force_login(user)
    offer = JobOffer.objects.get(client=c)
    r = client.post(
        f"/portal/job-offers/{offer.pk}/answer/",
        {"answer": "applied"},
        HTTP_ACCEPT_LANGUAGE=lang,
        follow=True,
    )
    assert answered in r.content.decode().lower()
    r = client.post(
        "/portal/job-offers/",
        {"a-applied_on": TODAY.isoformat(), "a-employer_name": "Kahvila Oy", "a-job_title": "Barista"},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert r.status_code == 302 and JobApplication.objects.filter(client=c).count() == 2
    client.force_login(worker)
    r = client.post(
        f"/clients/{c.pk}/outcomes/employment/",
        {"e-employer_name": "Logistiikka Oy", "e-business_id": "0112038-9", "e-start": TODAY.isoformat(),
         "e-weekly_hours": "37.5", "e-working_time": "full_time", "e-contract": "permanent"},
        HTTP_ACCEPT_LANGUAGE=lang,
    )  # fmt: skip
    assert r.status_code == 302 and Employment.objects.get(client=c).business_id == "0112038-9"
    bad = client.post(
        f"/clients/{c.pk}/outcomes/employment/",
        {"e-employer_name": "X Oy", "e-business_id": "0112038-8", "e-start": TODAY.isoformat(),
         "e-weekly_hours": "37.5", "e-working_time": "full_time", "e-contract": "permanent"},
        HTTP_ACCEPT_LANGUAGE=lang, follow=True,
    )  # fmt: skip
    assert Employment.objects.filter(client=c).count() == 1 and bad.status_code == 200
