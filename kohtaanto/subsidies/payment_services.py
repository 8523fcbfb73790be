"""Payment applications against a decision, their checks, overpayments and the batches sent
to the finance system.

The first application chooses the period length (the rule data's choices: 1, 2 or 3
months); later ones follow it. Each month's line must be pay actually paid, the lines must
add up to the claimed sum, and the period must lie within the decision. An application
filed after the deadline (rule data: months after the end of the period's last month) is
kept as lapsed with its reason, so the applicant sees why nothing is paid."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.domain.subsidies.calculator import payment_application_deadline
from kohtaanto.domain.subsidies.rules import PalkkatukiVersion, rulebook
from kohtaanto.organisation.tenancy import area_of

from .access import (
    PURPOSE,
    application_for,
    application_scope,
    payment_scope,
    require_applicant,
    require_expert,
)
from .decision_services import GRANTED_OUTCOMES
from .models import Decision, PaymentApplication, PaymentBatch, PaymentState, Recovery, SubsidyApplication

CENT = Decimal("0.01")
OPEN = (PaymentState.SUBMITTED, PaymentState.APPROVED, PaymentState.BATCHED)


def _payment_rules(start: dt.date) -> PalkkatukiVersion:
    # The payment rules (periods, deadline) are the pay subsidy's, in force on the decision's start.
    version = rulebook().in_force("palkkatuki", start)
    assert isinstance(version, PalkkatukiVersion)
    return version


def _months_of(start: dt.date, end: dt.date) -> list[str]:
    out, cursor = [], start.replace(day=1)
    while cursor <= end:
        out.append(cursor.strftime("%Y-%m"))
        cursor += relativedelta(months=1)
    return out


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give an amount in euros.")}) from None
    if amount < 0 or amount > Decimal("1000000"):
        raise ValidationError({field: _("The amount is not valid.")})
    return amount


def check_lines(lines: list[dict[str, Any]], months: list[str], claimed: Decimal) -> dict[str, Decimal]:
    """Costs by month; refuses a missing or extra month, pay not paid, and lines that do not
    add up to the claimed sum."""
    if sorted(str(line.get("month", "")) for line in lines) != months:
        raise ValidationError(
            {"lines": _("Give one line for each month of the period: %(m)s.") % {"m": ", ".join(months)}}
        )
    costs: dict[str, Decimal] = {}
    for line in lines:
        if line.get("paid") is not True:
            raise ValidationError(
                {"lines": _("Only pay actually paid can be claimed (%(m)s).") % {"m": line["month"]}}
            )
        costs[str(line["month"])] = sum(
            (_money(line.get(k, 0), "lines") for k in ("pay", "side_costs", "holiday_pay")), Decimal(0)
        )
    total = sum(costs.values(), Decimal(0))
    if total != claimed:
        raise ValidationError(
            {
                "claimed": _("The lines add up to %(lines)s €, not the claimed %(claimed)s €.")
                % {"lines": total, "claimed": claimed}
            }
        )
    return costs


def counted_items(decision: Decision) -> tuple[str, ...]:
    """The pay items the rate is taken of: the pay subsidy counts the pay only (side costs and
    holiday pay excluded since 1.7.2023); the Helsinki supplement as its rule version says;
    the start-up grant is a daily amount, not a share of costs."""
    benefit = decision.application.benefit
    if benefit == "palkkatuki":
        return ("pay",)
    if benefit == "helsinki_lisa":
        version = rulebook().in_force("helsinki_lisa", decision.start)
        return (
            ("pay",)
            + (("side_costs",) if getattr(version, "pay_costs_include_side_costs", False) else ())
            + (("holiday_pay",) if getattr(version, "pay_costs_include_holiday_pay", False) else ())
        )
    return ()


def side_cost_coefficient(decision: Decision) -> Decimal:
    """The pay subsidy's 100 % ground lifts the pay by the rule data's side-cost coefficient
    (1.23, as the guidance counts it); the other grounds and benefits count the items as such."""
    app = decision.application
    if app.benefit != "palkkatuki" or not app.case.get("ground"):
        return Decimal(1)
    ground = _payment_rules(decision.start).grounds.get(app.case["ground"])
    return ground.side_cost_coefficient if ground is not None else Decimal(1)


@dataclass(frozen=True)
class MonthCheck:
    """One month of a payment application against the decision, for the expert's page."""

    month: str
    claimed: Decimal  # the month's pay items as claimed
    counted: Decimal  # the items the rate is taken of
    share: Decimal | None  # the rate of the counted costs (None: not a share of costs)
    granted: Decimal  # the decision's amount for the month (0 outside the decision)
    accepted: Decimal


def month_checks(decision: Decision, lines: list[dict[str, Any]]) -> list[MonthCheck]:
    """Each month: the decision's amount for that month, or the rate of the counted costs if less."""
    amounts = [Decimal(a) for a in decision.monthly_amounts]
    first = decision.start.replace(day=1)
    items = counted_items(decision)
    coefficient = side_cost_coefficient(decision)
    out = []
    for line in sorted(lines, key=lambda row: str(row.get("month", ""))):
        month = str(line["month"])
        year, mon = (int(x) for x in month.split("-"))
        index = (year - first.year) * 12 + mon - first.month
        granted = amounts[index] if 0 <= index < len(amounts) else Decimal(0)
        claimed = sum(
            (_money(line.get(k, 0), "lines") for k in ("pay", "side_costs", "holiday_pay")), Decimal(0)
        )
        counted = (sum((_money(line.get(k, 0), "lines") for k in items), Decimal(0)) * coefficient).quantize(
            CENT
        )
        share = (decision.rate * counted).quantize(CENT) if decision.rate is not None and items else None
        accepted = min(granted, share) if share is not None else granted
        out.append(MonthCheck(month, claimed, counted, share, granted, accepted))
    return out


def accepted_amount(decision: Decision, lines: list[dict[str, Any]]) -> Decimal:
    return sum((m.accepted for m in month_checks(decision, lines)), Decimal(0))


def payment_file(
    *,
    actor: User,
    decision_id: int,
    period_start: dt.date,
    months: int,
    lines: list[dict[str, Any]],
    claimed: Decimal,
    today: dt.date | None = None,
    request_id: str = "",
) -> PaymentApplication:
    require_applicant(actor)
    today = today or timezone.localdate()
    with transaction.atomic():
        decision = Decision.objects.filter(
            pk=decision_id, in_force=True, outcome__in=GRANTED_OUTCOMES
        ).first()
        if decision is None:
            raise ValidationError({"decision": _("No granted decision to apply payment for.")})
        app = application_for(actor, decision.application_id, lock=True)
        rules = _payment_rules(decision.start)
        if months not in rules.payment.periods_months:
            raise ValidationError(
                {
                    "months": _("A payment period is %(m)s months.")
                    % {"m": "/".join(map(str, rules.payment.periods_months))}
                }
            )
        earlier = decision.payments.exclude(state__in=(PaymentState.REJECTED,)).order_by("period_start")
        chosen = earlier.values_list("months", flat=True).first()
        if chosen is not None and chosen != months:
            raise ValidationError(
                {
                    "months": _("The payment period was chosen as %(n)s months in the first application.")
                    % {"n": chosen}
                }
            )
        period_end = min(period_start + relativedelta(months=months) - dt.timedelta(days=1), decision.end)
        if period_start < decision.start or period_start > decision.end:
            raise ValidationError(
                {
                    "period_start": _("The period is outside the decision (%(a)s–%(b)s).")
                    % {
                        "a": date_format(decision.start, "SHORT_DATE_FORMAT"),
                        "b": date_format(decision.end, "SHORT_DATE_FORMAT"),
                    }
                }
            )
        if earlier.filter(
            period_start__lte=period_end,
            period_end__gte=period_start,
            state__in=OPEN + (PaymentState.LAPSED,),
        ).exists():
            raise ValidationError({"period_start": _("A payment has already been applied for this period.")})
        claimed = _money(claimed, "claimed")
        check_lines(lines, _months_of(period_start, period_end), claimed)
        deadline = payment_application_deadline(decision.start, period_end)
        lapsed = today > deadline
        accepted = Decimal(0) if lapsed else accepted_amount(decision, lines)
        payment = PaymentApplication.objects.create(
            decision=decision,
            period_start=period_start,
            period_end=period_end,
            months=months,
            lines=[
                {
                    **line,
                    **{k: str(_money(line.get(k, 0), "lines")) for k in ("pay", "side_costs", "holiday_pay")},
                }
                for line in lines
            ],
            claimed=claimed,
            accepted=accepted,
            payable=accepted,
            state=PaymentState.LAPSED if lapsed else PaymentState.SUBMITTED,
            reason=_("The application came after the deadline %(d)s; the payment has lapsed.")
            % {"d": date_format(deadline, "SHORT_DATE_FORMAT")}
            if lapsed
            else "",
            deadline=deadline,
            filed_by=actor,
            filed_on=today,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="subsidy.payment",
            target_id=payment.pk,
            subject_client_id=app.client_id,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"state": payment.state},
        )
    return payment


def payment_decide(
    *, actor: User, payment_id: int, approve: bool, reason: str = "", request_id: str = ""
) -> PaymentApplication:
    """The expert approves (outstanding overpayments are offset first) or rejects with a reason."""
    require_expert(actor)
    with transaction.atomic():
        payment = (
            PaymentApplication.objects.select_for_update(of=("self",))
            .select_related("decision__application")
            .filter(payment_scope(actor), pk=payment_id)
            .first()
        )
        if payment is None:  # none, or another area's
            raise Http404("no such payment application")
        if payment.state != PaymentState.SUBMITTED:
            raise ValidationError({"payment": _("The payment application is not waiting for a decision.")})
        if not approve and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for rejecting.")})
        if approve:
            payment.offset = _offset(payment.decision, payment.accepted)
            payment.payable = payment.accepted - payment.offset
            payment.state = PaymentState.APPROVED
        else:
            payment.state, payment.payable = PaymentState.REJECTED, Decimal(0)
        payment.reason, payment.handled_by = reason.strip()[:5000], actor
        payment.save(update_fields=["offset", "payable", "state", "reason", "handled_by"])
        audit_record(
            actor=actor,
            action="update",
            target_type="subsidy.payment",
            target_id=payment.pk,
            subject_client_id=payment.decision.application.client_id,
            purpose=PURPOSE,
            request_id=request_id,
            detail={"state": payment.state},
        )
    return payment


def _offset(decision: Decision, available: Decimal) -> Decimal:
    used = Decimal(0)
    for rec in Recovery.objects.select_for_update().filter(decision=decision).order_by("created_at", "id"):
        take = min(rec.amount - rec.settled, available - used)
        if take > 0:
            rec.settled += take
            rec.save(update_fields=["settled"])
            used += take
    return used


def recovery_add(
    *, actor: User, decision_id: int, amount: Decimal, reason: str, request_id: str = ""
) -> Recovery:
    """An overpayment found afterwards; the next payments of the decision offset it."""
    require_expert(actor)
    amount = _money(amount, "amount")
    if amount <= 0 or not reason.strip():
        raise ValidationError({"amount": _("Give the overpaid amount and the reason.")})
    with transaction.atomic():
        decision = (
            Decision.objects.select_related("application")
            .filter(
                pk=decision_id, application__in=SubsidyApplication.objects.filter(application_scope(actor))
            )
            .first()
        )
        if decision is None:  # none, or another area's
            raise Http404("no such decision")
        rec = Recovery.objects.create(
            decision=decision, amount=amount, reason=reason.strip()[:5000], created_by=actor
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="subsidy.recovery",
            target_id=rec.pk,
            subject_client_id=decision.application.client_id,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return rec


CSV_HEADER = [
    "payment_id",
    "decision_id",
    "benefit",
    "business_id",
    "payee",
    "period_start",
    "period_end",
    "amount",
]


def batch_create(*, actor: User, request_id: str = "") -> PaymentBatch:
    """Every approved payment of the expert's area not yet sent, as one CSV with a totals line
    and its sha256."""
    require_expert(actor)
    area = area_of(actor)
    with transaction.atomic():
        payments = list(
            PaymentApplication.objects.select_for_update(of=("self",))
            .filter(payment_scope(actor), state=PaymentState.APPROVED, batch__isnull=True)
            .select_related("decision__application__employer", "decision__application__client")
            .order_by("id")
        )
        if not payments:
            raise ValidationError({"batch": _("There are no approved payments to send.")})
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        total = Decimal(0)
        for p in payments:
            app = p.decision.application
            payee = app.employer.name if app.employer else f"client-{app.client_id}"
            writer.writerow(
                [
                    p.pk,
                    p.decision_id,
                    app.benefit,
                    p.decision.business_id,
                    payee,
                    p.period_start.isoformat(),
                    p.period_end.isoformat(),
                    f"{p.payable:.2f}",
                ]
            )
            total += p.payable
        writer.writerow(["TOTAL", len(payments), "", "", "", "", "", f"{total:.2f}"])
        text = out.getvalue()
        batch = PaymentBatch.objects.create(
            area_id=area,
            created_by=actor,
            count=len(payments),
            total=total,
            csv=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        PaymentApplication.objects.filter(pk__in=[p.pk for p in payments]).update(
            batch=batch, state=PaymentState.BATCHED
        )
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry("update", "subsidy.payment", str(p.pk), p.decision.application.client_id)
                for p in payments
            ]
            + [AuditEntry("create", "subsidy.batch", str(batch.pk))],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return batch
