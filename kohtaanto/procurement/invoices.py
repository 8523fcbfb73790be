"""Providers' invoices and their check against referrals, attendance and outcomes (issue 17).

A line for a client the provider never received a referral for, or for a service outside
the contract, refuses the whole invoice with the line's number and writes nothing: such a
line cannot be a difference to discuss, it is a wrong invoice. Other mismatches are stored
as difference codes on the line, and the procurement officer accepts or disputes each line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.referrals.models import Referral, ReferralState

from .models import Arm, Contract, Invoice, InvoiceLine, LineDecision, PriceModel
from .selectors import officer_area
from .services import PURPOSE, require_officer

# What a check can find on a line; the codes are stored, the words shown.
DIFFERENCES = {
    "not_started": _("the referral has not started"),
    "days_exceed_attendance": _("more days than the referral's attendance in the period"),
    "outside_period": _("the referral's attendance is outside the invoice period"),
    "amount_differs": _("the amount differs from the contract price"),
    "comparison_group": _("the client is in the comparison group"),
    "already_invoiced": _("the client was already invoiced under a per-client price"),
}
ATTENDED = (ReferralState.STARTED, ReferralState.COMPLETED, ReferralState.INTERRUPTED)
MAX_LINES = 500


@dataclass(frozen=True)
class LineIn:
    client_id: int
    service_id: int
    days: int
    amount: Decimal


def _attendance_days(referral: Referral, start: dt.date, end: dt.date) -> int:
    if referral.state not in ATTENDED or referral.start_date is None:
        return 0
    first = max(referral.start_date, start)
    last = min(referral.end_date or end, end)
    return max((last - first).days + 1, 0)


def _check(
    contract: Contract, invoice: Invoice, line: LineIn, referral: Referral, arms: dict
) -> tuple[list[str], Decimal | None]:
    found: list[str] = []
    attended = _attendance_days(referral, invoice.period_start, invoice.period_end)
    if referral.state not in ATTENDED:
        found.append("not_started")
    elif attended == 0:
        found.append("outside_period")
    if contract.price_model == PriceModel.PER_DAY:
        expected = contract.price * line.days
        if line.days > attended:
            found.append("days_exceed_attendance")
    elif contract.price_model == PriceModel.PER_CLIENT:
        expected = contract.price
        earlier = InvoiceLine.objects.filter(
            invoice__contract=contract,
            client_id=line.client_id,
            decision__in=[LineDecision.PENDING, LineDecision.ACCEPTED],
        ).exclude(invoice=invoice)
        if earlier.exists():
            found.append("already_invoiced")
    else:
        expected = None
    if expected is not None and expected != line.amount:
        found.append("amount_differs")
    if arms.get(line.client_id) == Arm.COMPARISON:
        found.append("comparison_group")
    return found, expected


def invoice_submit(
    *,
    actor,
    contract_id: int,
    number: str,
    period_start: dt.date,
    period_end: dt.date,
    lines: list[LineIn],
    request_id: str = "",
) -> Invoice:
    """The provider's invoice, every line checked; refused whole on a line that cannot be."""
    provider = provider_of(actor)
    contract = Contract.objects.filter(pk=contract_id).first()
    if provider is None or contract is None or contract.provider_id != provider.pk:
        raise PermissionDenied("a provider invoices only its own contracts")
    if not lines or len(lines) > MAX_LINES:
        raise ValidationError(f"an invoice has 1 to {MAX_LINES} lines")
    if period_end < period_start:
        raise ValidationError("the invoice period ends before it starts")
    if period_start < contract.start or period_end > contract.end:
        raise ValidationError("the invoice period is outside the contract period")
    number = number.strip()
    if not number or contract.invoices.filter(number=number).exists():
        raise ValidationError(f"invoice number {number!r} is empty or already used on this contract")
    services = set(contract.services.values_list("pk", flat=True))
    referrals: dict[tuple[int, int], Referral] = {}
    for r in (
        Referral.objects.filter(service_id__in=services, client_id__in={line.client_id for line in lines})
        .exclude(state__in=[ReferralState.SUGGESTED, ReferralState.CANCELLED, ReferralState.DECLINED])
        .order_by("referred_at")
    ):
        referrals[(r.client_id, r.service_id)] = r
    for n, line in enumerate(lines, start=1):
        if line.service_id not in services:
            raise ValidationError(f"line {n}: service {line.service_id} is not in the contract")
        if (line.client_id, line.service_id) not in referrals:
            raise ValidationError(f"line {n}: client {line.client_id} was never referred to this service")
        if line.amount < 0 or line.days < 0:
            raise ValidationError(f"line {n}: the amount and days must not be negative")
    arms = dict(contract.members.values_list("client_id", "arm"))
    with transaction.atomic():
        invoice = Invoice.objects.create(
            contract=contract,
            number=number,
            period_start=period_start,
            period_end=period_end,
            submitted_by=actor,
        )
        rows = []
        for line in lines:
            differences, expected = _check(
                contract, invoice, line, referrals[(line.client_id, line.service_id)], arms
            )
            rows.append(
                InvoiceLine(
                    invoice=invoice,
                    client_id=line.client_id,
                    service_id=line.service_id,
                    days=line.days,
                    amount=line.amount,
                    expected_amount=expected,
                    differences=differences,
                )
            )
        InvoiceLine.objects.bulk_create(rows)
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    "create",
                    "procurement.invoice_line",
                    invoice.pk,
                    row.client_id,
                    {"differences": row.differences},
                )
                for row in rows
            ],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return invoice


def line_decide(*, actor, line_id: int, decision: str, note: str = "", request_id: str = "") -> InvoiceLine:
    """The procurement officer accepts or disputes a line; a dispute needs a note."""
    require_officer(actor)
    if decision not in (LineDecision.ACCEPTED, LineDecision.DISPUTED):
        raise ValidationError("the decision is accepted or disputed")
    note = note.strip()
    if decision == LineDecision.DISPUTED and not note:
        raise ValidationError("a disputed line needs a note saying why")
    with transaction.atomic():
        line = (
            InvoiceLine.objects.select_for_update()
            .filter(officer_area(actor, "invoice__contract__area_id"), pk=line_id)
            .first()
        )
        if line is None:
            raise ValidationError(f"no invoice line {line_id}")
        line.decision, line.decision_note = decision, note[:500]
        line.decided_by, line.decided_at = actor, timezone.now()
        line.save(update_fields=["decision", "decision_note", "decided_by", "decided_at"])
        invoice = line.invoice
        if not invoice.lines.filter(decision=LineDecision.PENDING).exists():
            invoice.state = "decided"
            invoice.save(update_fields=["state"])
        audit_record(
            actor=actor,
            action="update",
            target_type="procurement.invoice_line",
            target_id=line.pk,
            subject_client_id=line.client_id,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"decision": decision},
        )
    return line
