"""Issue 17, done when: a TYP client goes from eligibility through the mapping period to a
signed joint plan, and an Ohjaamo visit is recorded anonymously. In Finnish, in the browser,
as the professionals would do it; a plan without the client's consent is refused there too."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def typ_world(casework):
    from kohtaanto.accounts.models import Role
    from tests.factories import UserFactory

    worker = casework["worker"]
    client = casework["soon"]
    social = UserFactory(
        username="sosiaali", first_name="Sanna", last_name="Salo", role=Role.SOCIAL_WORKER, team=worker.team
    )
    kela = UserFactory(
        username="kela",
        first_name="Kalle",
        last_name="Kela",
        role=Role.EXTERNAL_PROFESSIONAL,
        team=None,
        unit=None,
    )
    return worker, client, social, kela


def _add(page, name: str, party: str) -> None:
    page.get_by_label("Ammattilainen").select_option(label=name)
    page.locator("#id_m-party").select_option(party)
    page.get_by_role("button", name="Lisää tiimiin").click()
    expect(page.get_by_role("status")).to_contain_text("Ammattilainen lisättiin tiimiin.")


def _sign(page, party: str, name: str) -> None:
    page.locator("#id_g-party").select_option(party)
    page.locator("#id_g-signer").select_option(label=name)
    page.get_by_role("button", name="Kirjaa allekirjoitus").click()
    expect(page.get_by_role("status")).to_contain_text("Allekirjoitus kirjattiin.")


def test_typ_from_eligibility_to_a_signed_joint_plan(new_page, typ_world):
    from kohtaanto.typ.models import TypPlan

    worker, client, social, kela = typ_world
    page = new_page("fi-FI")
    login(page, worker.username)
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Monialainen yhteispalvelu (TYP)").click()
    expect(page.locator("h1")).to_have_text("Monialainen yhteispalvelu (TYP)")

    # Eligibility from the history Kela reports: 400 days of labour-market support.
    page.get_by_label("Työmarkkinatukipäivät (Kelan ilmoittamat)").fill("400")
    page.get_by_label("Kartoitusjakso alkaa").fill((dt.date.today() - dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Aloita kartoitusjakso").click()
    expect(page.get_by_role("status")).to_contain_text("Kartoitusjakso alkoi.")
    expect(page.locator("#typ-status")).to_be_visible()

    _add(page, "Anna Virta", "employment")
    _add(page, "Sanna Salo", "social")
    _add(page, "Kalle Kela", "kela")
    expect(page.locator("#typ-team li")).to_have_count(3)

    # Without the client's consent nothing is saved, and the form says why.
    page.get_by_label("Tavoitteet").fill("Kuntoutus ja työkokeilu syksyllä")
    page.get_by_label("Sovitut palvelut").fill("kuntouttava työtoiminta, työkokeilu")
    page.get_by_role("button", name="Tallenna monialainen suunnitelma").click()
    expect(page.get_by_text("Monialainen suunnitelma edellyttää asiakkaan suostumusta")).to_be_visible()
    assert not TypPlan.objects.filter(case__client=client).exists()

    page.get_by_label("Asiakas suostuu monialaiseen suunnitelmaan", exact=False).check()
    page.get_by_role("button", name="Tallenna monialainen suunnitelma").click()
    expect(page.get_by_role("status")).to_contain_text("Monialainen suunnitelma tallennettiin.")

    _sign(page, "employment", "Anna Virta")
    _sign(page, "social", "Sanna Salo")
    _sign(page, "kela", "Kalle Kela")
    expect(page.locator("#typ-signed")).to_have_text("Kaikki kolme osapuolta ovat allekirjoittaneet.")
    expect(page.locator("#typ-signatures li")).to_have_count(3)


def test_an_anonymous_ohjaamo_visit_is_recorded_and_counted(new_page, casework):
    from kohtaanto.ohjaamo import services
    from kohtaanto.ohjaamo.models import Visit

    worker = casework["worker"]
    today = dt.date.today()
    # Four earlier visits, so that the fifth makes the year's count visible (under 5 is hidden).
    for _ in range(4):
        services.visit_record(actor=worker, date=today, topic="housing", age_group="18_24")
    page = new_page("fi-FI")
    login(page, worker.username)
    page.goto("/ohjaamo/")
    expect(page.locator("#ohjaamo-total")).to_have_text("–")
    page.get_by_label("Aihe").select_option("housing")
    page.get_by_label("Ikäryhmä").select_option("18_24")
    page.get_by_role("button", name="Kirjaa käynti").click()
    expect(page.get_by_role("status")).to_contain_text("Käynti kirjattiin.")
    expect(page.locator("#ohjaamo-total")).to_have_text("5")
    visit = Visit.objects.latest("pk")
    assert visit.client_id is None, "a visit without a client number is anonymous"
