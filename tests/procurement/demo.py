"""Procurement objects on the demo, for the browser read-through (tests/browser): a contract
of the demo provider with a bonus and outcomes, an invoice with a checked line, and a round
with a question and a proposal. Returns the detail pages for each demo user who sees them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def procurement_pages() -> dict[str, list[str]]:
    from kohtaanto.accounts.models import User
    from kohtaanto.catalogue.models import ProviderMember
    from kohtaanto.procurement import invoices, rounds, services
    from kohtaanto.referrals.models import Referral
    from tests.factories import ClientFactory

    from .factories import BONUS, employ

    officer = User.objects.get(username="procurement")
    seller = User.objects.get(username="provider")
    provider = ProviderMember.objects.get(user=seller).provider
    service = provider.services.order_by("pk").first()
    today = dt.date.today()
    start = today.replace(year=today.year - 1, month=1, day=1)
    contract = services.contract_create(
        actor=officer,
        provider_id=provider.pk,
        title="Työllisyys-SIB",
        service_ids=[service.pk],
        start=start,
        end=start.replace(month=12, day=31),
        capacity=50,
        price_model="per_day",
        price=Decimal(50),
        randomised=True,
        comparison_share=Decimal("0.2"),
        bonus=dict(BONUS, valid_from=start),
    )
    client = ClientFactory()
    referral = Referral.objects.create(client=client, service=service, state="started", start_date=start)
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)
    )
    employ(client, start + dt.timedelta(days=40))
    services.contract_refresh(actor=officer, contract_id=contract.pk)
    invoice = invoices.invoice_submit(
        actor=seller,
        contract_id=contract.pk,
        number="2025-01",
        period_start=start,
        period_end=start + dt.timedelta(days=30),
        lines=[invoices.LineIn(client.pk, service.pk, 40, Decimal(1000))],
    )
    found = rounds.round_create(
        actor=officer, title="Nuorten haastekilpailu", need="Polku töihin", deadline=today, documents=[]
    )
    rounds.question_ask(actor=seller, round_id=found.pk, question="Montako asiakasta?")
    pages = [
        f"/procurement/contracts/{contract.pk}/",
        f"/procurement/invoices/{invoice.pk}/",
        f"/procurement/rounds/{found.pk}/",
    ]
    return {"procurement": pages, "provider": pages}
