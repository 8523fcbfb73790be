"""Issue 13, done when: a new person signs in through the local OIDC provider with an identity
code, registers as a job seeker, gets a responsible worker and an initial interview within 5
working days, sets their contact data, and receives a text message through the fake SMS
gateway. All in the browser, as the person would; the reminder run is the scheduled job's."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.notifications.sms_gateway import FakeSmsGateway
from tests.security.oidc_provider import OIDCProvider, client_identification

pytestmark = pytest.mark.browser

HETU_CLAIM = "national_identification_number"


@pytest.fixture
def suomifi(settings, local_http):
    provider = OIDCProvider(client_id="kohtaanto-clients").start()
    gateway = FakeSmsGateway().start()
    client_identification(settings, provider)
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_USER, settings.SMS_GATEWAY_PASSWORD = gateway.user, gateway.password
    yield provider, gateway
    provider.stop()
    gateway.stop()


@pytest.fixture
def city(transactional_db):
    from kohtaanto.domain.organisation import HELSINKI
    from kohtaanto.organisation.models import Team
    from kohtaanto.organisation.services import organisation_install
    from tests.factories import UserFactory

    organisation_install(org=HELSINKI)
    for team in Team.objects.all():
        UserFactory(team=team, unit=team.unit, languages=["fi", "en"])


def test_a_new_persons_first_day(new_page, suomifi, city):
    from kohtaanto.clients import identity
    from kohtaanto.clients.models import Client, MeetingKind
    from kohtaanto.domain.hetu import make_hetu
    from kohtaanto.domain.workdays import working_days_between
    from kohtaanto.notifications.reminders import meeting_reminders_send

    provider, gateway = suomifi
    hetu = make_hetu(dt.date(1991, 3, 14), 246)
    provider.identity = {"sub": "first-day-1", HETU_CLAIM: hetu, "given_name": "Noora", "family_name": "Uusi"}

    page = new_page("fi-FI", viewport={"width": 375, "height": 800})
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Työnhakijat kirjautuvat vahvalla tunnistautumisella").click()
    page.get_by_role("link", name="Tunnistaudu: Suomi.fi").click()
    # The provider signs the person in and sends them back; the first visit asks to register.
    expect(page.get_by_role("heading", name="Ilmoittaudu työnhakijaksi")).to_be_visible()
    expect(page.locator("#id_first_name")).to_have_value("Noora")
    page.select_option("#id_education_level", "upper_secondary")
    page.select_option("#id_swedish_level", "A2")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Olet ilmoittautunut työnhakijaksi")).to_be_visible()

    record = Client.objects.get(hetu_hash=identity.lookup_hash(hetu))
    assert record.responsible_worker is not None and record.user.person_sub == "first-day-1"
    interview = record.meetings.get(kind=MeetingKind.INITIAL_INTERVIEW)
    assert working_days_between(record.registration_date, interview.planned_date) <= 5
    expect(page.get_by_text(interview.planned_date.strftime("%-d.%-m.%Y")).first).to_be_visible()

    page.goto("/portal/contact/")
    page.fill("#id_phone", "040 765 4321")
    page.select_option("#id_preferred_channel", "sms")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Yhteystiedot tallennettu.")).to_be_visible()

    meeting_reminders_send(days=7)  # the schedule's reminder run
    (message,) = [m for m in gateway.received if m["to"] == ["+358407654321"]]
    assert "Noora" not in message["text"] and "Uusi" not in message["text"] and hetu not in message["text"]
