"""Issue 15 for procurement: a contract and a procurement round belong to the area whose
officer made them. Another area's officer does not see them (404), cannot change them, and
an officer with no area cannot make one; the provider sees its own contracts whatever the
area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kohtaanto.procurement import rounds, selectors, services
from tests.factories import MunicipalityFactory, OfficeFactory, UserFactory

from .factories import officer, world

pytestmark = pytest.mark.django_db


def _espoo_officer():
    return officer(
        office=OfficeFactory(municipality=MunicipalityFactory(code="049", name="Espoo"), name="Leppävaara")
    )


def test_another_areas_officer_sees_and_changes_nothing(client):
    w = world()
    espoo = _espoo_officer()
    assert w.contract.area.code == "091"
    assert list(selectors.contracts_for(actor=espoo)) == []
    with pytest.raises(Http404):
        selectors.contract_get(actor=espoo, contract_id=w.contract.pk)
    with pytest.raises(ValidationError):
        services.contract_refresh(actor=espoo, contract_id=w.contract.pk)
    client.force_login(espoo)
    assert client.get(f"/procurement/contracts/{w.contract.pk}/").status_code == 404
    assert client.get(f"/api/v1/procurement/contracts/{w.contract.pk}").status_code == 404
    # The provider sees its contract; the own area's officer too.
    assert list(selectors.contracts_for(actor=w.provider_user)) == [w.contract]
    assert list(selectors.contracts_for(actor=w.officer)) == [w.contract]


def test_rounds_are_the_areas_for_officers_and_public_to_providers():
    w = world()
    found = rounds.round_create(
        actor=w.officer,
        title="Haaste",
        need="Nuorten työllistyminen",
        deadline=dt.date(2030, 1, 1),
        documents=[],
    )
    espoo = _espoo_officer()
    assert list(selectors.rounds_for(actor=espoo)) == []
    with pytest.raises(ValidationError):
        rounds.round_set_state(actor=espoo, round_id=found.pk, state="open")
    assert list(selectors.rounds_for(actor=w.provider_user)) == [found]


def test_an_officer_with_no_area_cannot_make_a_contract_or_round():
    w = world()
    nowhere = UserFactory(role="procurement_officer", team=None, unit=None)
    with pytest.raises(ValidationError, match="no employment area"):
        services.contract_create(
            actor=nowhere,
            provider_id=w.provider.pk,
            title="x",
            service_ids=[w.service.pk],
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 12, 31),
            capacity=1,
            price_model="per_client",
            price=1,
        )
    with pytest.raises(ValidationError, match="no employment area"):
        rounds.round_create(actor=nowhere, title="x", need="y", deadline=dt.date(2030, 1, 1), documents=[])
