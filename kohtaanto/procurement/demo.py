"""Demo procurement (issue 17): the demo provider's contracts under each price model, one
with an outcome bonus over a randomised cohort, referred clients of whom some found work, a
refresh that makes the bonus due, an invoice with one line that does not match the referrals,
and a challenge round with a question and a proposal. Contracts, invoices and rounds go
through the services (audited); the referrals and employment records stand in for what the
register and the case workers would have recorded."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from . import invoices, rounds, services
from .models import Contract

CLIENTS = 24


def procurement_demo_install(*, seed: int) -> dict[str, int]:
    """Idempotent: makes nothing when any contract exists. Returns counts of what was made."""
    from kohtaanto.accounts.models import User
    from kohtaanto.catalogue.models import ProviderMember
    from kohtaanto.clients.models import Client
    from kohtaanto.outcomes.services import employment_add
    from kohtaanto.referrals.models import Referral

    if Contract.objects.exists():
        return {}
    officer = User.objects.filter(username="procurement").first()
    seller = User.objects.filter(username="provider").first()
    member = ProviderMember.objects.filter(user=seller).select_related("provider").first()
    if officer is None or member is None:
        return {}
    provider = member.provider
    offered = list(provider.services.order_by("pk")[:2])
    if not offered:
        return {}
    rng = random.Random(seed)
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    bonus = {
        "valid_from": start.isoformat(),
        "source": "Palvelusopimus 6 § (tulospalkkio)",
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
    made = {"contracts": 0, "referrals": 0, "employments": 0, "invoices": 0, "rounds": 0}
    coaching = services.contract_create(
        actor=officer,
        provider_id=provider.pk,
        title="Työhönvalmennus tulospalkkiolla",
        service_ids=[offered[0].pk],
        start=start,
        end=end,
        capacity=60,
        price_model="per_day",
        price=Decimal(48),
        randomised=True,
        comparison_share=Decimal("0.3"),
        bonus=bonus,
    )
    services.contract_create(
        actor=officer,
        provider_id=provider.pk,
        title="Uravalmennus, asiakaskohtainen hinta",
        service_ids=[offered[-1].pk],
        start=start,
        end=end,
        capacity=40,
        price_model="per_client",
        price=Decimal(900),
    )
    made["contracts"] += 2
    clients = list(Client.objects.filter(job_search_status="active").order_by("pk")[: CLIENTS * 4])
    rng.shuffle(clients)
    referred = []
    for n, client in enumerate(clients[:CLIENTS]):
        # The first two start in the contract's first month, which the demo invoice covers.
        began = start + dt.timedelta(days=rng.randint(0, 10) if n < 2 else rng.randint(0, 120))
        referral = Referral.objects.create(
            client=client, service=offered[0], state="started", start_date=began
        )
        Referral.objects.filter(pk=referral.pk).update(
            referred_at=dt.datetime.combine(began - dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC)
        )
        referred.append((client, began))
        made["referrals"] += 1
        if rng.random() < 0.4 and client.responsible_worker is not None:
            employment_add(
                actor=client.responsible_worker,
                client=client,
                employer_name="Demo Oy",
                start=min(today, began + dt.timedelta(days=rng.randint(30, 150))),
                weekly_hours=Decimal(rng.choice([20, 30, 37.5])),
            )
            made["employments"] += 1
    services.contract_refresh(actor=officer, contract_id=coaching.pk)
    # The provider invoices the first month; the second line claims more days than attended.
    (first, began), (second, began2) = sorted(referred, key=lambda r: r[1])[:2]
    month_end = start + dt.timedelta(days=30)
    days = max(1, (month_end - began).days + 1)
    invoices.invoice_submit(
        actor=seller,
        contract_id=coaching.pk,
        number=f"{start:%Y}-01",
        period_start=start,
        period_end=month_end,
        lines=[
            invoices.LineIn(first.pk, offered[0].pk, days, Decimal(48) * days),
            invoices.LineIn(second.pk, offered[0].pk, 31, Decimal(1488)),
        ],
    )
    made["invoices"] += 1
    found = rounds.round_create(
        actor=officer,
        title="Haastekilpailu: nuorten polut töihin",
        need="Etsimme uusia tapoja tukea alle 30-vuotiaita, joilla ei ole toisen asteen tutkintoa.",
        deadline=today + dt.timedelta(days=30),
        documents=[],
    )
    question = rounds.question_ask(actor=seller, round_id=found.pk, question="Montako asiakasta vuodessa?")
    rounds.question_answer(actor=officer, question_id=question.pk, answer="Noin 80 asiakasta vuodessa.")
    made["rounds"] += 1
    return made
