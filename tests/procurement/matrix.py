"""For the authorization matrices (tests/authz): the procurement objects a route acts on,
all of the matrix provider's own contract, so that only the role decides."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kohtaanto.procurement.models import (
    Contract,
    Invoice,
    InvoiceLine,
    ProcurementRound,
    Proposal,
    RoundQuestion,
)
from kohtaanto.referrals.models import Referral
from tests.factories import MunicipalityFactory

OFFICER = {"procurement_officer"}
PARTIES = {"procurement_officer", "service_provider"}
PROVIDER = {"service_provider"}
# (method, route) -> allowed roles on the matrix provider's own objects.
PROCUREMENT_MATRIX = {
    ("GET", "/procurement/contracts/"): {"own": PARTIES},
    ("POST", "/procurement/contracts/"): {"own": OFFICER},
    ("GET", "/procurement/contracts/<int:contract_id>/"): {"own": PARTIES, "foreign": set()},
    ("POST", "/procurement/contracts/<int:contract_id>/"): {"own": OFFICER},
    ("GET", "/procurement/invoices/"): {"own": PARTIES},
    ("POST", "/procurement/invoices/"): {"own": PROVIDER},
    ("GET", "/procurement/invoices/<int:invoice_id>/"): {"own": PARTIES, "foreign": set()},
    ("POST", "/procurement/invoices/<int:invoice_id>/"): {"own": OFFICER},
    ("GET", "/procurement/rounds/"): {"own": PARTIES},
    ("POST", "/procurement/rounds/"): {"own": OFFICER},
    ("GET", "/procurement/rounds/<int:round_id>/"): {"own": PARTIES},
    ("POST", "/procurement/rounds/<int:round_id>/"): {"own": PARTIES},
    ("GET", "/api/v1/procurement/contracts"): {"own": PARTIES},
    ("POST", "/api/v1/procurement/contracts"): {"own": OFFICER},
    ("GET", "/api/v1/procurement/contracts/{contract_id}"): {"own": PARTIES, "foreign": set()},
    ("GET", "/api/v1/procurement/contracts/{contract_id}/performance"): {"own": OFFICER, "foreign": set()},
    ("POST", "/api/v1/procurement/contracts/{contract_id}/rules"): {"own": OFFICER},
    ("POST", "/api/v1/procurement/contracts/{contract_id}/refresh"): {"own": OFFICER},
    ("GET", "/api/v1/procurement/invoices"): {"own": PARTIES},
    ("POST", "/api/v1/procurement/invoices"): {"own": PROVIDER},
    ("GET", "/api/v1/procurement/invoices/{invoice_id}"): {"own": PARTIES, "foreign": set()},
    ("POST", "/api/v1/procurement/invoice-lines/{line_id}/decision"): {"own": OFFICER},
    ("GET", "/api/v1/procurement/rounds"): {"own": PARTIES},
    ("POST", "/api/v1/procurement/rounds"): {"own": OFFICER},
    ("GET", "/api/v1/procurement/rounds/{round_id}"): {"own": PARTIES},
    ("POST", "/api/v1/procurement/rounds/{round_id}/state"): {"own": OFFICER},
    ("POST", "/api/v1/procurement/rounds/{round_id}/questions"): {"own": PROVIDER},
    ("POST", "/api/v1/procurement/questions/{question_id}/answer"): {"own": OFFICER},
    ("POST", "/api/v1/procurement/rounds/{round_id}/proposals"): {"own": PROVIDER},
    ("POST", "/api/v1/procurement/proposals/{proposal_id}/score"): {"own": OFFICER},
    ("POST", "/api/v1/procurement/proposals/{proposal_id}/award"): {"own": OFFICER},
}


def procurement_path(path: str, route: str, service, area=None) -> str:
    """`path` with the procurement ids of `route` filled in, objects made as needed: the
    contract is `service`'s provider's in `area` (the target client's: the matrix officer's
    own area, or another for the foreign target)."""
    if "/procurement/" not in route:
        return path
    area = area or MunicipalityFactory()
    contract, _ = Contract.objects.get_or_create(
        provider=service.provider,
        title="Matriisisopimus",
        defaults={
            "area": area,
            "start": dt.date(2020, 1, 1),
            "end": dt.date(2030, 12, 31),
            "capacity": 10,
            "price_model": "per_client",
            "price": Decimal(100),
        },
    )
    contract.services.add(service)
    ids = {"contract_id": contract.pk}
    if "invoice" in route:
        invoice, _ = Invoice.objects.get_or_create(
            contract=contract,
            number="M-1",
            defaults={"period_start": contract.start, "period_end": contract.start},
        )
        referral = Referral.objects.filter(service=service).first()
        line, _ = InvoiceLine.objects.get_or_create(
            invoice=invoice, client_id=referral.client_id, service=service, defaults={"amount": Decimal(100)}
        )
        ids |= {"invoice_id": invoice.pk, "line_id": line.pk}
    if "round" in route or "question" in route or "proposal" in route:
        found, _ = ProcurementRound.objects.get_or_create(
            title="Matriisikilpailu",
            defaults={"need": "Tarve", "deadline": dt.date(2030, 1, 1), "area": area},
        )
        question, _ = RoundQuestion.objects.get_or_create(
            round=found, provider=service.provider, question="?"
        )
        proposal, _ = Proposal.objects.get_or_create(
            round=found,
            provider=service.provider,
            defaults={"summary": "Tarjous", "price_model": "per_client", "price": Decimal(1), "capacity": 1},
        )
        ids |= {"round_id": found.pk, "question_id": question.pk, "proposal_id": proposal.pk}
    for name, value in ids.items():
        path = re.sub(rf"<int:{name}>|\{{{name}\}}", str(value), path)
    return path
