"""Profile editor, matching pages and API: worker and client see the same explanation."""

from __future__ import annotations

import re

import pytest

from kohtaanto.market.models import Profile, Purpose
from tests.factories import UserFactory
from tests.portal.factories import client_user

from .esco_fixture import DEVELOPER, DRIVER, MEDICATION, NURSE, SQL
from .factories import grant, nurse_profile, offering, posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    user, record = client_user()
    worker = UserFactory(team=record.team)
    record.responsible_worker = worker
    record.save()
    return user, record, worker


@pytest.fixture
def market():
    posting(1, NURSE, "091")
    posting(2, DEVELOPER, "049", languages=[{"code": "en", "level": "C1"}], remote="remote")
    posting(3, DRIVER, "092", working_time=["shift"], driving_licences=["D"])
    offering(1, [NURSE], [MEDICATION], name="Sairaanhoitaja (AMK)")
    offering(2, [DEVELOPER], [SQL], name="Tietojenkäsittely", level="7")


def test_profile_api_put_get_and_validation(client, people):
    user, record, _worker = people
    client.force_login(user)
    ok = client.put(
        "/api/v1/market/profile",
        {
            "occupations": [{"uri": NURSE, "title": "sairaanhoitaja"}],
            "driving_licences": ["B", "C"],
            "preferences": {"areas": ["091", "049"], "working_time": ["shift"], "remote": "no"},
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["profile"]["driving_licences"] == ["B", "C"]
    bad = client.put(
        "/api/v1/market/profile",
        {
            "occupations": [{"uri": "http://data.europa.eu/esco/occupation/nope"}],
            "languages": [{"code": "xx"}],
            "education": [{"level": "12"}],
            "preferences": {"areas": ["999"]},
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"occupations", "languages", "education", "preferences"}
    assert client.put("/api/v1/market/profile", "not json", content_type="application/json").status_code in (
        400,
        422,
    )
    assert Profile.objects.get(client=record).occupations[0]["uri"] == NURSE


def test_profile_editor_adds_with_esco_resolution(client, people):
    user, record, _worker = people
    client.force_login(user)
    page = client.get("/portal/profile/")
    assert (
        page.status_code == 200
        and 'hx-get="/market/suggest/?kind=occupation&amp;section=work_history"' in page.content.decode()
    )
    # No suggestion chosen (no JavaScript): the typed text is matched to ESCO when clear enough.
    client.post("/portal/profile/", {"section": "occupations", "text": "Sairaanhoitaja, kotihoito"})
    client.post("/portal/profile/", {"section": "skills", "uri": SQL, "text": ""})
    client.post("/portal/profile/", {"section": "languages", "code": "sv", "level": "B1"})
    client.post(
        "/portal/profile/",
        {"section": "preferences", "areas": ["091"], "working_time": ["full_time"], "remote": "only"},
    )
    profile = Profile.objects.get(client=record)
    assert profile.occupations == [{"uri": NURSE, "title": "Sairaanhoitaja, kotihoito"}]
    assert profile.skills == [{"uri": SQL, "label": "SQL"}]
    assert profile.languages == [{"code": "sv", "level": "B1"}]
    assert profile.preferences == {"areas": ["091"], "working_time": ["full_time"], "remote": "only"}
    client.post("/portal/profile/", {"section": "skills", "op": "remove", "index": "0"})
    assert Profile.objects.get(client=record).skills == []
    bad = client.post("/portal/profile/", {"section": "education", "level": "x"})
    assert bad.status_code == 422


def test_suggestions_partial_and_api(client, people):
    user, _record, worker = people
    client.force_login(user)
    html = client.get(
        "/market/suggest/", {"kind": "occupation", "text": "lähihoitaja", "section": "x<b>"}
    ).content.decode()
    assert 'type="radio"' in html and "lähihoitaja" in html and 'id="sugg-xb-1"' in html
    client.force_login(worker)
    rows = client.get("/api/v1/market/suggestions", {"q": "provide first aid", "kind": "skill"}).json()
    assert rows[0]["label"] == "provide first aid"
    assert client.get("/api/v1/market/suggestions", {"q": "x", "kind": "nope"}).json() == []


def _explanations(html: str) -> str:
    match = re.search(r'<ol class="matches">.*?</ol>', html, re.S)
    assert match, html[:2000]
    # The explanations only: the worker's list also has a button to offer each job.
    return re.sub(r"\s+", " ", re.sub(r"<form .*?</form>", "", match.group(0), flags=re.S))


def test_worker_and_client_get_the_same_explanation(client, people, market):
    user, record, worker = people
    nurse_profile(record)
    for purpose in Purpose.values:
        grant(record, purpose)
    client.force_login(user)
    mine = client.get("/api/v1/market/matches/jobs").json()
    my_page = client.get("/portal/profile/jobs/").content.decode()
    my_edu = client.get("/api/v1/market/matches/education").json()
    client.force_login(worker)
    theirs = client.get(f"/api/v1/market/clients/{record.pk}/matches/jobs").json()
    their_page = client.get(f"/clients/{record.pk}/profile/jobs/").content.decode()
    their_edu = client.get(f"/api/v1/market/clients/{record.pk}/matches/education").json()
    assert mine["results"] == theirs["results"] and my_edu["results"] == their_edu["results"]
    assert _explanations(my_page) == _explanations(their_page)
    top = mine["results"][0]
    assert top["title"] == "sairaanhoitaja" and top["score"] == 90
    assert [g["uri"] for g in top["gaps"]] == [MEDICATION]
    assert top["paths"][0]["name"] == "Sairaanhoitaja (AMK)" and top["paths"][0]["reachable"]
    assert "<meter" in my_page and "Sairaanhoitaja (AMK)" in my_page
    driver = next(r for r in mine["results"] if r["title"] == "linja-autonkuljettaja")
    assert driver["licences_missing"] == ["D"]
    assert (
        my_edu["results"][0]["title"] == "Sairaanhoitaja (AMK)" and my_edu["results"][0]["jobs_opened"] == 1
    )


def test_client_page_section_and_consent_pages(client, people):
    user, record, worker = people
    nurse_profile(record)
    client.force_login(worker)
    page = client.get(f"/clients/{record.pk}/").content.decode()
    assert 'id="h-market"' in page and "sairaanhoitaja" not in page
    client.force_login(user)
    granted = client.post(
        "/portal/profile/consents/",
        {"purpose": "profile_sharing_with_worker", "fields": ["occupations"], "months": "3"},
    )
    assert granted.status_code == 302
    consent = record.market_consents.get()
    client.force_login(worker)
    page = client.get(f"/clients/{record.pk}/").content.decode()
    assert "sairaanhoitaja" in page and "patient care" not in page  # only the shared field
    client.force_login(user)
    listing = client.get("/portal/profile/consents/").content.decode()
    assert f"/portal/profile/consents/{consent.receipt_id}/withdraw/" in listing
    client.post(f"/portal/profile/consents/{consent.receipt_id}/withdraw/")
    client.force_login(worker)
    assert "sairaanhoitaja" not in client.get(f"/clients/{record.pk}/").content.decode()
    assert client.get(f"/clients/{record.pk}/profile/").status_code == 403


def test_empty_profile_gives_a_reason_not_an_error(client, people):
    user, record, _worker = people
    grant(record, Purpose.JOB_MATCHING)
    client.force_login(user)
    body = client.get("/api/v1/market/matches/jobs", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["results"] == [] and "Add occupations" in body["empty_reason"]
    assert client.get("/portal/profile/jobs/").status_code == 200


def test_bad_input_is_4xx_never_500(client, people):
    user, _record, worker = people
    client.force_login(user)
    assert client.get("/api/v1/market/consents/not-a-uuid/receipt").status_code in (404, 422)
    assert client.post("/api/v1/market/consents", "{", content_type="application/json").status_code in (
        400,
        422,
    )
    assert (
        client.post(
            "/api/v1/market/consents",
            {"purpose": "job_matching", "fields": ["skills"], "expires_at": "2000-01-01T00:00:00Z"},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert (
        client.post("/portal/profile/", {"section": "skills", "op": "remove", "index": "9"}).status_code
        == 422
    )
    assert client.post("/portal/profile/", {"section": "nope"}).status_code == 422
    client.force_login(worker)
    assert client.get("/api/v1/market/clients/999999/profile").status_code == 404
    assert client.get("/api/v1/market/overview", {"group": "bogus", "area": "zzz"}).status_code == 200
