"""The demo's employer side (issue 14, point 7): what the demo coordinator and the demo
representative find after `kohtaanto demo`, loaded here at full size on the small ESCO."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import override_settings
from django.utils import timezone

from kohtaanto.domain.ytunnus import is_valid_business_id
from kohtaanto.employers import access
from kohtaanto.employers.demo import area_employers_install, employers_demo_install
from kohtaanto.employers.models import (
    Candidate,
    CandidateStatus,
    Employer,
    Mandate,
    RecruitmentEvent,
    Stage,
    Vacancy,
)
from kohtaanto.employers.selectors import employer_list
from kohtaanto.employers.vacancy_selectors import pipeline
from kohtaanto.market.escodata import use
from kohtaanto.market.models import Consent, JobPosting, Profile, Purpose
from kohtaanto.pages.demo_users import demo_users_install
from tests.factories import ClientFactory, TeamFactory, UserFactory
from tests.market.esco_fixture import esco_data
from tests.market.factories import nurse_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_esco():
    with use(esco_data()) as data:
        yield data


@pytest.fixture
def demo():
    """The demo users and forty job seekers of the demo team, twenty with a profile, then
    the employer demo at its full size."""
    team = TeamFactory(code="OSU-N")
    made = demo_users_install(team_code="OSU-N")
    seekers = [ClientFactory(responsible_worker=made["worker"], team=team, unit=team.unit) for _ in range(40)]
    seekers[0].user = made["client"]
    seekers[0].save(update_fields=["user"])
    for client in seekers[:20]:
        nurse_profile(client)
    counts = employers_demo_install()
    for user in made.values():
        user.refresh_from_db()  # the demo gave the coordinator an area, the representative a name
    return made, counts


def test_three_hundred_employers_with_contacts_and_the_coordinators_history(demo):
    made, counts = demo
    employers = list(Employer.objects.prefetch_related("contacts"))
    assert len(employers) == counts["employers"] == 300
    ids = [e.business_id for e in employers]
    assert len(set(ids)) == 300 and all(is_valid_business_id(i) for i in ids)
    assert all(1 <= len(e.contacts.all()) <= 3 for e in employers)
    coordinator = made["coordinator"]
    # The register's coordinators have no unit; the demo gives them the demo team's area.
    assert access.area_of(coordinator) == coordinator.unit.municipality_id
    mine = employer_list(actor=coordinator, mine=True)
    assert mine.total > 200
    assert all(row.last_contact is not None for row in mine.rows)
    assert any(row.next_action and row.next_action_date for row in mine.rows)


def test_vacancies_in_every_stage_with_postings_and_their_history(demo):
    made, counts = demo
    vacancies = list(Vacancy.objects.select_related("posting").prefetch_related("stage_changes"))
    assert 150 <= len(vacancies) == counts["vacancies"] <= 400
    assert all(v.posting is not None for v in vacancies)
    assert JobPosting.objects.filter(source="kohtaanto").count() == len(vacancies)
    for v in vacancies:
        changes = list(v.stage_changes.all())
        assert changes[0].stage == Stage.NEW and changes[-1].stage == v.stage
        assert changes[-1].at == v.stage_since <= timezone.now()
        assert v.created_at <= changes[0].at + timezone.timedelta(seconds=1)
    # The coordinator's board has every stage, filled and closed ones of the last 90 days.
    columns = {c.stage: c.rows for c in pipeline(made["coordinator"], mine=True)}
    assert all(columns[stage] for stage in Stage.values), {s: len(r) for s, r in columns.items()}
    # Open vacancies are in job seekers' job matching; filled and closed ones are not.
    today = timezone.localdate()
    for v in vacancies:
        assert (v.posting.expires >= today) == (v.stage not in (Stage.FILLED, Stage.CLOSED))


def test_the_representative_acts_for_one_employer_with_open_vacancies(demo):
    made, _ = demo
    mandate = Mandate.objects.get(user=made["employer"])
    assert mandate.source == "suomifi_valtuudet" and mandate.revoked_at is None
    assert access.mandated_employers(made["employer"]) == [mandate.employer_id]
    assert mandate.employer.vacancies.filter(stage__in=[Stage.SEARCHING, Stage.PROPOSED]).exists()
    seen = {v.employer_id for column in pipeline(made["employer"]) for v in column.rows}
    assert seen == {mandate.employer_id}
    assert made["employer"].organisation_name == mandate.employer.name


def test_consents_shortlists_hires_and_events(demo):
    made, counts = demo
    profiled = Profile.objects.count()
    consents = Consent.objects.filter(purpose=Purpose.EMPLOYER_MATCHING)
    assert consents.count() == counts["consents"] == round(profiled * 0.15)
    assert all(c.is_active() and c.receipt["consentReceiptID"] == str(c.receipt_id) for c in consents)
    consenting = set(consents.values_list("client_id", flat=True))
    rows = Candidate.objects.select_related("vacancy__employer", "employment")
    assert rows and {c.client_id for c in rows} <= consenting
    statuses = Counter(c.status for c in rows)
    assert statuses[CandidateStatus.INTRODUCED] and statuses[CandidateStatus.INTERVIEW]
    hires = [c for c in rows if c.status == CandidateStatus.HIRED]
    assert hires and len(hires) == counts["hires"]
    for c in hires:
        assert c.vacancy.stage == Stage.FILLED
        assert c.employment.client_id == c.client_id
        assert c.employment.business_id == c.vacancy.employer.business_id
        assert c.employment.employer_name == c.vacancy.employer.name
        assert c.employment.start == c.vacancy.start_date
    assert len({c.client_id for c in hires}) == len(hires)  # nobody hired twice
    # The demo client has an introduction to answer in the portal.
    assert Candidate.objects.filter(client__user=made["client"], status=CandidateStatus.ASKED).exists()
    events = list(RecruitmentEvent.objects.all())
    assert len(events) == 3 and all(e.registrations.exists() and e.employers.exists() for e in events)
    past = [e for e in events if e.starts_at < timezone.now()]
    assert past and all(r.attended is not None for e in past for r in e.registrations.all())


def test_runs_once_and_never_in_production(demo):
    again = employers_demo_install()
    assert again["employers"] == again["vacancies"] == 0 and again["mandates"] == 1
    assert Employer.objects.count() == 300 and Mandate.objects.count() == 1
    with override_settings(PRODUCTION=True), pytest.raises(RuntimeError):
        employers_demo_install()


def test_the_second_area_keeps_its_own_smaller_register(demo):
    made, _counts = demo
    other = TeamFactory(code="VAN-A", unit__code="VAN-OSU", unit__municipality__code="092")
    keeper = UserFactory(username="manager2", role="service_manager", team=None, unit=other.unit)
    assert area_employers_install(area_code="092", keeper="manager2", employers=30) == 30
    assert area_employers_install(area_code="092", keeper="manager2") == 0  # once only
    theirs = employer_list(actor=keeper)
    assert theirs.total == 30 and all(row.last_contact is not None for row in theirs.rows)
    assert employer_list(actor=made["coordinator"]).total == 300  # the first area's only
    assert employers_demo_install()["employers"] == 0  # the first area's demo is still there
