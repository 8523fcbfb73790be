"""Issue 14, done when: a representative enters a vacancy, the coordinator gets a
pseudonymous shortlist, the client accepts the introduction in the portal, the employer sees
that one candidate only, and the hire is recorded: it appears in the client's history and in
the dashboard's employer figures. In Finnish, in the browser, as each of them would."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def esco():
    from kohtaanto.market import engine
    from kohtaanto.market.escodata import use
    from tests.market.esco_fixture import esco_data

    engine.clear_cache()
    with use(esco_data()) as data:
        yield data
    engine.clear_cache()


@pytest.fixture
def world(transactional_db, esco):
    from tests.employers.vacancy_world import build

    w = build()
    _earlier_hires(w, 4)
    for user, name in (
        (w.rep_a, "edustaja"),
        (w.coordinator, "koordinaattori"),
        (w.consenting.user, "hakija"),
    ):
        user.username = name
        user.save()
    return w


def _earlier_hires(w, n: int) -> None:
    """Hires of the employer's earlier vacancies this year, so that the new one makes the
    industry's hire count five: a cell the dashboard publishes (four would be hidden)."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from kohtaanto.employers.models import Candidate, Stage, StageChange, Vacancy
    from kohtaanto.outcomes.models import Employment
    from tests.factories import ClientFactory

    for i in range(n):
        filled = timezone.now() - dt.timedelta(days=20 + i)
        v = Vacancy.objects.create(
            employer=w.employer_a,
            area=w.consenting.unit.municipality,
            title="Lähihoitaja",
            stage=Stage.FILLED,
            stage_since=filled,
        )
        StageChange.objects.create(vacancy=v, stage=Stage.NEW, at=filled - dt.timedelta(days=30))
        StageChange.objects.create(vacancy=v, stage=Stage.FILLED, at=filled)
        person = ClientFactory(responsible_worker=w.worker)
        job = Employment.objects.create(
            client=person, employer_name="Hoiva Oy", start=filled.date(), weekly_hours=Decimal("37.5")
        )
        Candidate.objects.create(
            vacancy=v, client=person, ref=f"K-{i}", score=0.5, status="hired", employment=job
        )


def test_from_a_vacancy_to_a_hire(new_page, world):
    from kohtaanto.employers.models import Candidate, Vacancy
    from kohtaanto.outcomes.models import Employment

    w = world
    # The representative enters the vacancy; the title brings ESCO suggestions.
    rep = new_page("fi-FI")
    login(rep, "edustaja")
    rep.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Työpaikat").click()
    rep.get_by_role("link", name="Uusi työpaikka").click()
    rep.get_by_label("Nimike").fill("Sairaanhoitaja")
    rep.get_by_label("Nimike").press("Tab")
    rep.get_by_label("sairaanhoitaja", exact=True).check()
    rep.get_by_label("Viikkotunnit").fill("37.5")
    # The employer has no coordinator and no earlier vacancy: nothing to default the place from.
    rep.get_by_label("Kuntakoodi").fill("091")
    rep.locator("main form button[type=submit]").click()
    expect(rep.locator("main > div[role=status]")).to_contain_text("Työpaikka tallennettu.")
    vacancy = Vacancy.objects.get(employer=w.employer_a, title="Sairaanhoitaja")
    assert vacancy.occupation_label == "sairaanhoitaja"

    # The coordinator finds candidates: codes, never names.
    coordinator = new_page("fi-FI")
    login(coordinator, "koordinaattori")
    coordinator.goto(f"/employers/vacancies/{vacancy.pk}/")
    coordinator.get_by_role("button", name="Etsi ehdokkaita").click()
    shortlist = coordinator.locator("section[aria-labelledby=h-shortlist]")
    expect(shortlist.locator("tbody tr")).to_have_count(1)
    expect(shortlist).to_contain_text("K-")
    expect(shortlist).not_to_contain_text(w.consenting.last_name)
    shortlist.get_by_role("button", name="Kysy työnhakijalta").click()

    # The employer sees no one before the client accepts.
    rep.goto(f"/employers/vacancies/{vacancy.pk}/")
    expect(rep.locator("section[aria-labelledby=h-introduced]")).to_contain_text(
        "Yhtään ehdokasta ei ole vielä esitelty."
    )

    seeker = new_page("fi-FI")
    login(seeker, "hakija")
    seeker.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name="Esittelyt työnantajille"
    ).click()
    expect(seeker.get_by_role("heading", level=2)).to_contain_text("Sairaanhoitaja")
    seeker.get_by_role("button", name="Kyllä, esittele minut").click()
    expect(seeker.locator("main > div[role=status]")).to_contain_text("Kiitos! Työnantaja näkee nyt tietosi.")

    # The employer sees that one candidate only, and records the hire.
    rep.goto(f"/employers/vacancies/{vacancy.pk}/")
    introduced = rep.locator("section[aria-labelledby=h-introduced]")
    expect(introduced.locator("article")).to_have_count(1)
    expect(introduced).to_contain_text(w.consenting.last_name)
    for other in (w.no_consent, w.other_purpose):
        expect(introduced).not_to_contain_text(other.last_name)
    introduced.get_by_role("button", name="Palkattu").click()
    expect(rep.locator("main > div[role=status]")).to_contain_text("Tallennettu.")

    hire = Candidate.objects.get(vacancy=vacancy)
    employment = Employment.objects.get(pk=hire.employment_id)
    assert employment.client == w.consenting and employment.employer_name == "Hoiva Oy"
    # The client's history (the worker's client page) shows the new job.
    worker = new_page("fi-FI")
    login(worker, w.worker.username)
    worker.goto(f"/clients/{w.consenting.pk}/")
    expect(worker.locator("main")).to_contain_text("Hoiva Oy")

    # The dashboard's employer figures count the hire: five in health and social work.
    from kohtaanto.accounts.models import Role
    from tests.factories import UserFactory

    UserFactory(username="analyytikko", role=Role.ANALYST, team=None, unit=w.coordinator.unit)
    analyst = new_page("fi-FI")
    login(analyst, "analyytikko")
    analyst.goto("/insights/employer-services/")
    row = analyst.locator("tr", has_text="Terveys- ja sosiaalipalvelut").first
    expect(row).to_contain_text("5")
