"""Issue 17, done when: a procurement officer creates a contract with an outcome bonus;
clients are referred and employed; the bonus appears on the next refresh; a provider's
invoice with one wrong line is flagged. In Finnish, in the browser, as each would do it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    from tests.catalogue.factories import ServiceFactory, provider_user
    from tests.procurement.factories import officer

    service = ServiceFactory(name={"fi": "Työhönvalmennus", "sv": "Jobbcoachning", "en": "Job coaching"})
    boss = officer(username="hankinta")
    seller = provider_user(service.provider, username="tuottaja")
    return boss, seller, service


def test_contract_bonus_and_a_flagged_invoice_line(new_page, world):
    from tests.procurement.factories import employ, refer

    boss, seller, service = world
    page = new_page("fi-FI")
    login(page, "hankinta")
    page.goto("/procurement/contracts/")
    page.select_option("#id_provider", str(service.provider_id))
    page.fill("#id_title", "Nuorten työllisyyskokeilu")
    page.select_option("#id_services", [str(service.pk)])
    page.fill("#id_start", "2025-01-01")
    page.fill("#id_end", "2025-12-31")
    page.fill("#id_capacity", "20")
    page.select_option("#id_price_model", "per_day")
    page.fill("#id_price", "50")
    page.fill("#id_bonus_min_hours", "20")
    page.fill("#id_bonus_within_months", "6")
    page.fill("#id_bonus_still_months", "3")
    page.fill("#id_bonus_amount", "1500")
    page.get_by_role("button", name="Tallenna sopimus").click()
    expect(page.locator("h1")).to_have_text("Nuorten työllisyyskokeilu")
    expect(page.get_by_text("Ei vielä laskettu.")).to_be_visible()

    # Two clients are referred and start in January; one is then employed for 30 h a week.
    hired = refer(service, started=dt.date(2025, 1, 1))
    late = refer(service, started=dt.date(2025, 1, 22))
    employ(hired, dt.date(2025, 3, 1))

    page.get_by_role("button", name="Laske tulokset uudelleen").click()
    expect(page.locator("#bonus-due")).to_have_text("1500,00")
    expect(page.get_by_text("työllistynyt", exact=True)).to_be_visible()

    provider = new_page("fi-FI")
    login(provider, "tuottaja")
    provider.goto("/procurement/invoices/")
    provider.fill("#id_number", "2025-01")
    provider.fill("#id_period_start", "2025-01-01")
    provider.fill("#id_period_end", "2025-01-31")
    provider.fill("#id_lines", f"{hired.pk}; {service.pk}; 20; 1000\n{late.pk}; {service.pk}; 20; 1000")
    provider.get_by_role("button", name="Lähetä lasku").click()
    expect(provider.locator("h1")).to_contain_text("Lasku 2025-01")
    expect(provider.locator("tr.flagged")).to_have_count(1)
    expect(provider.locator("tr.flagged")).to_contain_text(
        "enemmän päiviä kuin ohjauksen osallistumispäiviä kaudella"
    )

    # The officer sees the flagged line and disputes it.
    page.goto("/procurement/invoices/")
    page.get_by_role("link", name="2025-01").click()
    row = page.locator("tr.flagged")
    row.locator("select[name=decision]").select_option("disputed")
    row.locator("input[name=note]").fill("Asiakas aloitti vasta 22.1.")
    row.get_by_role("button", name="Tallenna").click()
    expect(page.locator("tr.flagged")).to_contain_text("riitautettu")
