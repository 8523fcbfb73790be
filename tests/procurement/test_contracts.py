"""Contracts with outcome bonuses (issue 17): created by a procurement officer, bad rules
refused with nothing written, cohorts randomised with a recorded seed, bonuses on refresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kohtaanto.audit.models import AuditEvent
from kohtaanto.jobs.tasks import REGISTRY
from kohtaanto.procurement import services
from kohtaanto.procurement.models import BonusRuleVersion, CohortMember, Contract, OutcomeEvent
from tests.catalogue.factories import ServiceFactory, provider_user
from tests.factories import UserFactory

from .factories import BONUS, START, employ, officer, refer, world

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 1)


def _body(service, **extra):
    return {
        "provider_id": service.provider_id,
        "title": "Työllisyys-SIB",
        "service_ids": [service.pk],
        "start": "2025-01-01",
        "end": "2025-12-31",
        "capacity": 50,
        "price_model": "per_client",
        "price": "900",
        **extra,
    }


def test_officer_creates_a_contract_with_a_bonus_through_the_api(client):
    service = ServiceFactory()
    client.force_login(officer())
    bonus = {"valid_from": "2025-01-01", "rules": [dict(BONUS["rules"][0], amount="1500")]}
    r = client.post(
        "/api/v1/procurement/contracts", _body(service, bonus=bonus), content_type="application/json"
    )
    assert r.status_code == 201, r.content
    contract = Contract.objects.get(pk=r.json()["id"])
    assert contract.rule_versions.get().rules[0]["outcome"] == "employed"
    assert AuditEvent.objects.filter(target_type="procurement.contract", action="create").exists()


def test_a_rule_with_an_unknown_outcome_is_refused_and_nothing_is_written(client):
    service = ServiceFactory()
    client.force_login(officer())
    bonus = {"valid_from": "2025-01-01", "rules": [{"outcome": "happiness", "amount": "100"}]}
    r = client.post(
        "/api/v1/procurement/contracts", _body(service, bonus=bonus), content_type="application/json"
    )
    assert r.status_code == 422, r.content
    assert "unknown outcome 'happiness'" in r.json()["errors"]["bonus"][0]
    assert not Contract.objects.exists() and not BonusRuleVersion.objects.exists()


def test_only_officers_create_and_providers_see_only_their_own(client):
    w = world()
    other = world()
    client.force_login(w.provider_user)
    r = client.post("/api/v1/procurement/contracts", _body(w.service), content_type="application/json")
    assert r.status_code == 403
    ids = [c["id"] for c in client.get("/api/v1/procurement/contracts").json()]
    assert ids == [w.contract.pk]
    assert client.get(f"/api/v1/procurement/contracts/{other.contract.pk}").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/api/v1/procurement/contracts").status_code == 403


def test_a_service_of_another_provider_is_refused():
    with pytest.raises(ValidationError, match="provider's catalogue services"):
        services.contract_create(
            actor=officer(),
            provider_id=ServiceFactory().provider_id,
            title="x",
            service_ids=[ServiceFactory().pk],
            start=START,
            end=START,
            capacity=1,
            price_model="lump_sum",
            price=Decimal(1),
        )


def test_the_bonus_appears_on_the_next_refresh():
    w = world()
    hired, idle = refer(w.service), refer(w.service)
    assert services.contract_refresh(actor=w.officer, contract_id=w.contract.pk, as_of=AS_OF) == 0
    employ(hired, dt.date(2025, 3, 1))
    employ(idle, dt.date(2025, 3, 1), hours="8")
    assert REGISTRY["procurement_outcomes"]  # the scheduled job runs the same refresh
    assert services.refresh_all(as_of=AS_OF) == 1
    event = OutcomeEvent.objects.get()
    assert (event.client_id, event.amount, event.event_date) == (
        hired.pk,
        Decimal("1500.00"),
        dt.date(2025, 6, 1),
    )
    assert AuditEvent.objects.filter(target_type="procurement.outcomes").count() == 2


def test_randomised_cohort_is_seeded_recorded_and_reproducible():
    w = world(randomised=True, comparison_share=Decimal("0.5"))
    clients = [refer(w.service) for _ in range(40)]
    for c in clients:
        employ(c, dt.date(2025, 3, 1))
    services.contract_refresh(actor=w.officer, contract_id=w.contract.pk, as_of=AS_OF)
    w.contract.refresh_from_db()
    assert w.contract.random_seed is not None
    arms = dict(CohortMember.objects.values_list("client_id", "arm"))
    assert set(arms.values()) == {"service", "comparison"}
    assert all(services._arm(w.contract, cid) == arm for cid, arm in arms.items())
    paid = {e.client_id: e.amount for e in OutcomeEvent.objects.all()}
    assert all((paid[cid] == 0) == (arm == "comparison") for cid, arm in arms.items())
    audit = AuditEvent.objects.get(target_type="procurement.contract", action="create")
    assert audit.detail["seed"] == w.contract.random_seed


def test_a_new_rule_version_ends_the_previous_one(client):
    w = world()
    client.force_login(w.officer)
    body = {"valid_from": "2025-07-01", "rules": [dict(BONUS["rules"][0], amount="2000")]}
    r = client.post(
        f"/api/v1/procurement/contracts/{w.contract.pk}/rules", body, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    first, second = w.contract.rule_versions.order_by("version")
    assert first.valid_to == dt.date(2025, 6, 30) and second.version == 2


def test_contract_pages_for_officer_and_provider(client, settings):
    settings.LANGUAGE_CODE = "en"
    w = world()
    client.force_login(w.officer)
    assert client.get("/procurement/contracts/").status_code == 200
    assert client.post(f"/procurement/contracts/{w.contract.pk}/").status_code == 302
    page = client.get(f"/procurement/contracts/{w.contract.pk}/")
    assert page.status_code == 200 and "Työllisyyskokeilu" in page.content.decode()
    client.force_login(provider_user(ServiceFactory().provider))
    assert client.get(f"/procurement/contracts/{w.contract.pk}/").status_code == 404
