"""Vacancies end to end (issue 14, points 2-5): a representative enters a vacancy, the
area's coordinator gets a pseudonymous shortlist of consenting job seekers only, the client
accepts in the portal, the employer sees that one candidate, and the hire becomes the
client's employment. Bad input changes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kohtaanto.clients.models import ClientEvent
from kohtaanto.employers import vacancy_services as vs
from kohtaanto.employers.models import Candidate, CandidateStatus, Stage, StageChange, Vacancy
from kohtaanto.market import engine
from kohtaanto.market.escodata import use
from kohtaanto.market.models import JobPosting
from kohtaanto.outcomes.models import Employment
from tests.market.esco_fixture import esco_data

from .vacancy_world import VACANCY, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_esco():
    engine.clear_cache()
    with use(esco_data()) as data:
        yield data
    engine.clear_cache()


@pytest.fixture
def w():
    return build()


def _api(client, user, method, path, body=None):
    client.force_login(user)
    return client.generic(
        method, path, json.dumps(body) if body is not None else "", content_type="application/json"
    )


def test_the_whole_way_from_vacancy_to_hire(w, client):
    vacancy = vs.vacancy_create(actor=w.rep_a, employer_id=w.employer_a.pk, data=VACANCY)
    assert vacancy.stage == Stage.NEW and vacancy.area_id == w.consenting.unit.municipality_id
    assert JobPosting.objects.get(pk=vacancy.posting_id).employer == "Hoiva Oy"  # joins the twin

    rows = vs.shortlist_make(actor=w.coordinator, vacancy_id=vacancy.pk)
    assert [r.client_id for r in rows] == [w.consenting.pk]  # only the consent purpose counts
    shortlist = _api(client, w.coordinator, "GET", f"/api/v1/vacancies/{vacancy.pk}/shortlist").json()
    assert shortlist[0]["client_ref"].startswith("K-") and "Client" not in json.dumps(shortlist)

    vs.candidate_ask(actor=w.coordinator, candidate_id=rows[0].pk)
    # The employer sees nobody before the client accepts.
    assert _api(client, w.rep_a, "GET", f"/api/v1/vacancies/{vacancy.pk}/candidates").json() == []
    client.force_login(w.consenting.user)
    response = client.post(f"/portal/introductions/{rows[0].pk}/", {"answer": "accept"})
    assert response.status_code == 302
    seen = _api(client, w.rep_a, "GET", f"/api/v1/vacancies/{vacancy.pk}/candidates").json()
    assert [s["name"] for s in seen] == [f"{w.consenting.first_name} {w.consenting.last_name}"]
    assert Vacancy.objects.get(pk=vacancy.pk).stage == Stage.PROPOSED

    hired = vs.candidate_progress(actor=w.rep_a, candidate_id=rows[0].pk, status=CandidateStatus.HIRED)
    employment = Employment.objects.get(pk=hired.employment_id)
    assert employment.client == w.consenting and employment.business_id == "0112038-9"
    assert ClientEvent.objects.filter(client=w.consenting, kind="employment").exists()
    vacancy.refresh_from_db()
    assert vacancy.stage == Stage.FILLED
    stages = list(StageChange.objects.filter(vacancy=vacancy).values_list("stage", flat=True))
    assert stages == ["new", "searching", "proposed", "filled"]
    # The posting expired the day before the local (Helsinki) day the vacancy was filled.
    assert (
        JobPosting.objects.get(pk=vacancy.posting_id).expires < timezone.localtime(vacancy.stage_since).date()
    )


def test_the_clients_worker_records_the_acceptance(w, client):
    vacancy = vs.vacancy_create(actor=w.coordinator, employer_id=w.employer_a.pk, data=VACANCY)
    row = vs.shortlist_make(actor=w.coordinator, vacancy_id=vacancy.pk)[0]
    vs.candidate_ask(actor=w.coordinator, candidate_id=row.pk)
    response = _api(
        client,
        w.worker,
        "POST",
        f"/api/v1/clients/{w.consenting.pk}/introductions/{row.pk}",
        {"accept": True},
    )
    assert response.status_code == 200 and response.json()["status"] == "introduced"
    assert Candidate.objects.get(pk=row.pk).answered_by == w.worker


def test_a_candidate_without_the_purpose_never_appears(w, client):
    vacancy = vs.vacancy_create(actor=w.coordinator, employer_id=w.employer_a.pk, data=VACANCY)
    vs.shortlist_make(actor=w.coordinator, vacancy_id=vacancy.pk)
    ids = set(Candidate.objects.values_list("client_id", flat=True))
    assert w.no_consent.pk not in ids and w.other_purpose.pk not in ids
    # Withdrawn: gone from the next shortlist.
    w.consenting.market_consents.update(withdrawn_at=vacancy.created_at)
    assert vs.shortlist_make(actor=w.coordinator, vacancy_id=vacancy.pk) == []
    assert not Candidate.objects.filter(vacancy=vacancy).exists()


def test_representative_of_b_sees_nothing_of_a(w, client):
    vacancy = vs.vacancy_create(actor=w.rep_a, employer_id=w.employer_a.pk, data=VACANCY)
    for path in (f"/api/v1/vacancies/{vacancy.pk}", f"/api/v1/vacancies/{vacancy.pk}/candidates"):
        assert _api(client, w.rep_b, "GET", path).status_code == 404
    assert vacancy.pk not in [v["id"] for v in _api(client, w.rep_b, "GET", "/api/v1/vacancies").json()]
    client.force_login(w.rep_b)
    assert client.get(f"/employers/vacancies/{vacancy.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        vs.vacancy_create(actor=w.rep_b, employer_id=w.employer_a.pk, data=VACANCY)


def test_bad_input_writes_nothing(w, client):
    before = Vacancy.objects.count()
    with pytest.raises(ValidationError) as exc:
        vs.vacancy_create(actor=w.rep_a, employer_id=w.employer_a.pk, data={**VACANCY, "title": "  "})
    assert "title" in exc.value.message_dict
    response = _api(
        client, w.rep_a, "POST", "/api/v1/vacancies", {**VACANCY, "title": "", "employer_id": w.employer_a.pk}
    )
    assert response.status_code in (400, 422) and "title" in response.content.decode()
    assert Vacancy.objects.count() == before

    vacancy = vs.vacancy_create(actor=w.coordinator, employer_id=w.employer_a.pk, data=VACANCY)
    with pytest.raises(PermissionDenied):
        vs.shortlist_make(actor=w.outsider, vacancy_id=vacancy.pk)
    response = _api(client, w.outsider, "POST", f"/api/v1/vacancies/{vacancy.pk}/shortlist", {"top": 5})
    assert response.status_code in (403, 404)
    assert not Candidate.objects.exists()


def test_the_pipeline_and_the_vacancy_page_render(w, client):
    vacancy = vs.vacancy_create(actor=w.coordinator, employer_id=w.employer_a.pk, data=VACANCY)
    vs.shortlist_make(actor=w.coordinator, vacancy_id=vacancy.pk)
    client.force_login(w.coordinator)
    page = client.get("/employers/vacancies/").content.decode()
    assert vacancy.title in page
    detail = client.get(f"/employers/vacancies/{vacancy.pk}/").content.decode()
    assert "K-" in detail and w.consenting.last_name not in detail
    client.force_login(w.rep_a)
    response = client.post(
        "/employers/vacancies/new/", {**VACANCY, "employer": w.employer_a.pk, "languages": ["fi"]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_mandate_from_the_command_line_opens_and_revoking_closes(w, capsys):
    from kohtaanto.cli import main
    from tests.employers.vacancy_world import representative

    newcomer = representative(w.employer_b)
    assert main(["employers", "mandate", "--user", newcomer.username, "--business-id", "0112038-9"]) == 0
    vacancy = vs.vacancy_create(actor=newcomer, employer_id=w.employer_a.pk, data=VACANCY)
    assert (
        main(["employers", "mandate", "--revoke", "--user", newcomer.username, "--business-id", "0112038-9"])
        == 0
    )
    with pytest.raises(Http404):  # out of sight once the mandate has ended
        vs.vacancy_update(actor=newcomer, vacancy_id=vacancy.pk, data=VACANCY)
    assert main(["employers", "mandate", "--user", "nobody", "--business-id", "0112038-9"]) == 2
    assert "no active employer representative" in capsys.readouterr().err


def test_a_vacancy_appears_in_job_seekers_job_matching(w):
    from kohtaanto.market.selectors import match_jobs

    vacancy = vs.vacancy_create(actor=w.rep_a, employer_id=w.employer_a.pk, data=VACANCY)
    found = match_jobs(actor=w.other_purpose.user)  # consented to job matching only
    assert vacancy.posting_id in [r.id for r in found.results]
    vs.vacancy_stage(actor=w.rep_a, vacancy_id=vacancy.pk, stage="closed")
    assert vacancy.posting_id not in [r.id for r in match_jobs(actor=w.other_purpose.user).results]


def test_a_new_vacancys_place_defaults_to_where_the_employer_is_served(w, client):
    """A representative has no area of their own: the form proposes the area that keeps the
    employer's record, else where the employer's last vacancy was, else nothing."""

    def proposed(user, employer):
        client.force_login(user)
        page = client.get(f"/employers/vacancies/new/?employer={employer.pk}")
        return page.context["form"].initial["municipality"]

    here = w.coordinator.unit.municipality.code
    assert proposed(w.rep_a, w.employer_a) == here
    assert proposed(w.coordinator, w.employer_a) == here
    w.employer_b.area = None  # not yet assigned to an area
    w.employer_b.save()
    assert proposed(w.rep_b, w.employer_b) == ""
    vs.vacancy_create(actor=w.rep_b, employer_id=w.employer_b.pk, data=VACANCY | {"municipality": "049"})
    assert proposed(w.rep_b, w.employer_b) == "049"
