"""Market view: demand against consenting job seekers with small cells hidden; and the
profile and consents in the GDPR export and anonymisation."""

from __future__ import annotations

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.market.models import Consent, Profile, Purpose
from kohtaanto.privacy.services import client_anonymise, client_data_tree
from tests.factories import ClientFactory, UserFactory

from .esco_fixture import CLEANER, DEVELOPER, DRIVER, NURSE
from .factories import grant, nurse_profile, posting

pytestmark = pytest.mark.django_db


def seeker(occupation: str, area: str = "091", consent: bool = True):
    client = ClientFactory()
    Profile.objects.create(
        client=client,
        occupations=[{"uri": occupation, "title": "x"}],
        preferences={"areas": [area], "remote": "accept"},
    )
    if consent:
        grant(client, Purpose.MARKET_STATISTICS, ["occupations", "preferences"])
    return client


@pytest.fixture
def market():
    for i in range(20):
        posting(i, NURSE, "091")
    posting(100, DEVELOPER, "049")
    posting(101, CLEANER, "092")
    for _ in range(7):
        seeker(NURSE)
    for _ in range(2):
        seeker(DEVELOPER, "049")
    for _ in range(3):
        seeker(DRIVER, "092")
    seeker(NURSE, consent=False)  # not counted: no consent for statistics


def test_shortage_surplus_and_suppression(client, market):
    client.force_login(UserFactory(role=Role.ANALYST, team=None, unit=None))
    body = client.get("/api/v1/market/overview", {"group": "isco4"}).json()
    rows = {r["code"]: r for r in body["rows"]}
    assert body["postings"] == 22 and body["seekers"] == 12
    assert (
        rows["2221"]["seekers"] == 7
        and rows["2221"]["status"] == "shortage"
        and rows["2221"]["ratio"] == 2.86
    )
    # 2 developers and 3 drivers are small cells: hidden, with what derives from them.
    for code in ("2512", "8331"):
        assert rows[code]["seekers"] is None and rows[code]["ratio"] is None and rows[code]["status"] == ""
    assert rows["9112"]["seekers"] == 0 and rows["9112"]["status"] == "shortage"
    areas = {r["code"]: r for r in body["areas"]}
    assert (
        areas["091"]["seekers"] == 7 and areas["049"]["seekers"] is None and areas["092"]["seekers"] is None
    )
    page = client.get("/market/", {"group": "isco4"})
    assert page.status_code == 200 and "2221" in page.content.decode()


def test_area_filter_hides_a_small_total(client, market):
    client.force_login(UserFactory(role=Role.SERVICE_MANAGER, team=None, unit=None))
    body = client.get("/api/v1/market/overview", {"group": "isco1", "area": "049"}).json()
    assert body["postings"] == 1 and body["seekers"] is None
    assert all(r["seekers"] is None or r["seekers"] == 0 or r["seekers"] >= 5 for r in body["rows"])


def test_client_and_provider_cannot_open_the_market_view(client, market):
    client.force_login(UserFactory(role=Role.SERVICE_PROVIDER, team=None, unit=None))
    assert client.get("/api/v1/market/overview").status_code == 403
    assert client.get("/market/").status_code == 403


def test_export_and_anonymise():
    record = ClientFactory()
    nurse_profile(record)
    consent = grant(record, Purpose.JOB_MATCHING)
    tree = client_data_tree(record)
    market = next(c for c in tree["children"] if c["key"] == "MARKET")
    profile, consents = market["children"]
    assert any("sairaanhoitaja" in (leaf["value"] or "") for leaf in profile["children"])
    receipt = next(leaf for leaf in consents["children"][0]["children"] if leaf["key"] == "RECEIPT_ID")
    assert receipt["value"] == str(consent.receipt_id)
    client_anonymise(actor=None, client=record, reason="test")
    assert not Profile.objects.filter(client=record).exists()
    kept = Consent.objects.get(pk=consent.pk)  # the proof of consent stays, ended
    assert kept.ended_reason == "anonymised" and not kept.is_active()
