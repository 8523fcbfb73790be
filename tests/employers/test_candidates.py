"""Candidates for a vacancy (issue 14, point 4): only the consent purpose lets a job seeker
in, only with the fields it covers, at the moment of use; the area and the open job search
bound the pool; the best fit ranks first; codes are stable per vacancy and differ across
vacancies; `kohtaanto vacancy candidates` prints codes only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from kohtaanto.cli import main
from kohtaanto.employers import candidates
from kohtaanto.employers import vacancy_services as vs
from kohtaanto.market import engine
from kohtaanto.market.escodata import use
from kohtaanto.market.models import Purpose
from tests.factories import ClientFactory, MunicipalityFactory, TeamFactory, UnitFactory
from tests.market.esco_fixture import CARE, DEVELOPER, FIRST_AID, JAVA, NURSE, esco_data
from tests.market.factories import grant, nurse_profile

from .vacancy_world import VACANCY, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_esco():
    engine.clear_cache()
    candidates.clear_cache()
    with use(esco_data()) as data:
        yield data
    candidates.clear_cache()


@pytest.fixture
def w():
    return build()


def _vacancy(w, **data):
    return vs.vacancy_create(actor=w.coordinator, employer_id=w.employer_a.pk, data={**VACANCY, **data})


def _ids(vacancy) -> list[int]:
    return [r.client_id for r in candidates.rank(vacancy, top=50)]


def test_only_the_consent_purpose_counts_and_its_end_applies_at_once(w, monkeypatch):
    vacancy = _vacancy(w)
    assert _ids(vacancy) == [w.consenting.pk]
    later = timezone.now() + dt.timedelta(days=181)  # the consent was for 180 days
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: later)
        assert _ids(vacancy) == []  # expired: gone at the next call
    assert _ids(vacancy) == [w.consenting.pk]
    grant(w.consenting, Purpose.EMPLOYER_MATCHING)
    assert _ids(vacancy) == [w.consenting.pk]
    w.consenting.market_consents.filter(purpose=Purpose.EMPLOYER_MATCHING).update(withdrawn_at=timezone.now())
    assert _ids(vacancy) == []


def test_a_field_outside_the_consent_changes_nothing(w):
    vacancy = _vacancy(w, skills=[CARE, FIRST_AID, JAVA])
    w.consenting.market_consents.all().delete()
    grant(w.consenting, Purpose.EMPLOYER_MATCHING, fields=["occupations"])
    only_occupation = candidates.rank(vacancy)[0]
    assert set(only_occupation.breakdown) <= {"occupation", "location", "language", "working_time"}
    assert only_occupation.gaps == []  # no consent for skills: no claim about them
    w.consenting.market_profile.skills = []
    w.consenting.market_profile.save()
    assert candidates.rank(vacancy)[0].score == only_occupation.score


def test_skills_give_the_breakdown_and_the_gaps(w):
    vacancy = _vacancy(w, skills=[CARE, FIRST_AID, JAVA])
    best = candidates.rank(vacancy)[0]
    assert best.breakdown["occupation"] == 1.0 and 0 < best.breakdown["skills"] < 1
    assert JAVA in best.gaps and CARE not in best.gaps


def test_the_area_and_an_open_job_search_bound_the_pool(w):
    espoo = TeamFactory(
        unit=UnitFactory(code="ESP", municipality=MunicipalityFactory(code="049", name="Espoo"))
    )
    far = ClientFactory(responsible_worker__team=espoo)
    nurse_profile(far)
    grant(far, Purpose.EMPLOYER_MATCHING)
    vacancy = _vacancy(w)
    assert far.pk not in _ids(vacancy)
    w.consenting.job_search_status, w.consenting.end_date = "ended", timezone.localdate()
    w.consenting.save()
    assert _ids(vacancy) == []


def test_the_closest_profile_ranks_first(w):
    developer = ClientFactory(responsible_worker=w.worker)
    nurse_profile(developer, occupations=[{"uri": DEVELOPER, "title": "koodari"}], work_history=[], skills=[])
    grant(developer, Purpose.EMPLOYER_MATCHING)
    assert _ids(_vacancy(w, occupation_uri=NURSE)) == [w.consenting.pk, developer.pk]


def test_codes_are_stable_per_vacancy_and_differ_across_vacancies(w):
    one, two = _vacancy(w), _vacancy(w)
    assert candidates.rank(one)[0].ref == candidates.rank(one)[0].ref
    assert candidates.rank(one)[0].ref != candidates.rank(two)[0].ref


def test_the_command_prints_codes_only(w, capsys):
    vacancy = _vacancy(w)
    assert main(["vacancy", "candidates", "--vacancy", str(vacancy.pk), "--top", "5", "--json"]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["vacancy_id"] == vacancy.pk
    assert [set(r) for r in result["results"]] == [{"client_ref", "score", "breakdown", "gaps"}]
    for secret in (w.consenting.last_name, w.consenting.external_id, f'"{w.consenting.pk}"'):
        assert secret not in out
    assert main(["vacancy", "candidates", "--vacancy", "999999", "--json"]) == 2
