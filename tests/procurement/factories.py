"""Factories for procurement tests: an officer, a provider with a user and a service, a
contract with an employment bonus, and referred clients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kohtaanto.accounts.models import Role
from kohtaanto.catalogue.models import Provider, Service
from kohtaanto.outcomes.models import Employment
from kohtaanto.procurement import services
from kohtaanto.procurement.models import Contract
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import ServiceFactory, provider_user
from tests.factories import ClientFactory, OfficeFactory, UserFactory

START = dt.date(2025, 1, 1)
BONUS = {
    "valid_from": START,
    "source": "sopimus 4 §",
    "rules": [
        {
            "outcome": "employed",
            "min_weekly_hours": 20,
            "within_months": 6,
            "still_employed_after_months": 3,
            "amount": "1500",
        }
    ],
}


def officer(**kwargs):
    """A procurement officer of the Helsinki area (shared staff: an office)."""
    kwargs.setdefault("office", OfficeFactory())
    return UserFactory(role=Role.PROCUREMENT_OFFICER, team=None, unit=None, **kwargs)


@dataclass
class World:
    officer: object
    provider: Provider
    provider_user: object
    service: Service
    contract: Contract


def world(*, price_model: str = "per_day", price: str = "50", bonus: dict | None = BONUS, **kwargs) -> World:
    service = ServiceFactory()
    boss = officer()
    contract = services.contract_create(
        actor=boss,
        provider_id=service.provider_id,
        title="Työllisyyskokeilu",
        service_ids=[service.pk],
        start=START,
        end=dt.date(2025, 12, 31),
        capacity=100,
        price_model=price_model,
        price=Decimal(price),
        bonus=bonus,
        **kwargs,
    )
    return World(boss, service.provider, provider_user(service.provider), service, contract)


def refer(service: Service, *, started: dt.date | None = START, state: str = "started", client=None):
    c = client or ClientFactory()
    r = Referral.objects.create(client=c, service=service, state=state, start_date=started)
    Referral.objects.filter(pk=r.pk).update(
        referred_at=dt.datetime.combine(started or START, dt.time(12), tzinfo=dt.UTC)
    )
    return c


def employ(client, start: dt.date, hours: str = "30", end: dt.date | None = None) -> Employment:
    return Employment.objects.create(
        client=client, employer_name="Oy Ab", start=start, end=end, weekly_hours=Decimal(hours)
    )
