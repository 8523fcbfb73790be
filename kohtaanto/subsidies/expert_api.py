"""/api/v1/subsidies, the experts' handling after the decision: the queue's counts, the second
approval, ending a subsidy, payment applications checked month by month and decided,
overpayments, and a batch's finance file. The same services and selectors as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema, Status

from . import decision_services, payment_services, selectors
from .api import EXPERTS, ApplicationOut, DecisionOut, _app, _decision
from .document_views import finance_file

router = Router(tags=["subsidies"])


class EndIn(Schema):
    end: dt.date


class PaymentDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=5000)


class RecoveryIn(Schema):
    amount: Decimal = Field(..., gt=0, le=1000000)
    reason: str = Field(..., min_length=1, max_length=5000)


class MonthCheckOut(Schema):
    month: str
    claimed: Decimal
    counted: Decimal
    share: Decimal | None
    granted: Decimal
    accepted: Decimal


class PaymentOut(Schema):
    id: int
    decision_id: int
    application_id: int
    period_start: dt.date
    period_end: dt.date
    months: int
    claimed: Decimal
    accepted: Decimal
    offset: Decimal
    payable: Decimal
    state: str
    reason: str
    deadline: dt.date
    filed_on: dt.date


class PaymentDetailOut(PaymentOut):
    checks: list[MonthCheckOut]


class RecoveryOut(Schema):
    id: int
    decision_id: int
    amount: Decimal
    settled: Decimal


def _payment(p) -> dict:
    return {
        "id": p.pk,
        "decision_id": p.decision_id,
        "application_id": p.decision.application_id,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "months": p.months,
        "claimed": p.claimed,
        "accepted": p.accepted,
        "offset": p.offset,
        "payable": p.payable,
        "state": p.state,
        "reason": p.reason,
        "deadline": p.deadline,
        "filed_on": p.filed_on,
    }


@router.get("/queue", response=dict[str, int], auth=EXPERTS, summary="Applications per state")
def queue(request):
    return selectors.queue_counts(actor=request.user)


@router.post(
    "/decisions/{decision_id}/approval",
    response={201: DecisionOut},
    auth=EXPERTS,
    summary="Second approval of a decision above the configured amount (another expert)",
)
def approve(request, decision_id: int):
    decision = decision_services.decision_approve(
        actor=request.user, decision_id=decision_id, request_id=request.request_id
    )
    return Status(201, _decision(decision))


@router.post(
    "/applications/{application_id}/end",
    response=ApplicationOut,
    auth=EXPERTS,
    summary="End a granted subsidy early",
)
def end(request, application_id: int, body: EndIn):
    app = decision_services.application_end(
        actor=request.user, application_id=application_id, end=body.end, request_id=request.request_id
    )
    return _app(app)


@router.get("/payments", response=list[PaymentOut], auth=EXPERTS, summary="Payment applications by state")
def payments(request, state: Literal["submitted", "approved", "rejected", "lapsed", "batched"] = "submitted"):
    return [_payment(p) for p in selectors.payments_list(actor=request.user, state=state)]


@router.get(
    "/payments/{payment_id}",
    response=PaymentDetailOut,
    auth=EXPERTS,
    summary="A payment application checked against its decision, month by month",
)
def payment(request, payment_id: int):
    p = selectors.payment_get(actor=request.user, payment_id=payment_id, request_id=request.request_id)
    checks = [c.__dict__ for c in payment_services.month_checks(p.decision, p.lines)]
    return {**_payment(p), "checks": checks}


@router.post(
    "/payments/{payment_id}/decision",
    response=PaymentOut,
    auth=EXPERTS,
    summary="Approve (overpayments offset first) or reject with a reason",
)
def payment_decide(request, payment_id: int, body: PaymentDecisionIn):
    p = payment_services.payment_decide(
        actor=request.user,
        payment_id=payment_id,
        approve=body.approve,
        reason=body.reason,
        request_id=request.request_id,
    )
    return _payment(p)


@router.post(
    "/decisions/{decision_id}/recoveries",
    response={201: RecoveryOut},
    auth=EXPERTS,
    summary="Record an overpayment; the decision's next payments offset it",
)
def recovery(request, decision_id: int, body: RecoveryIn):
    rec = payment_services.recovery_add(
        actor=request.user,
        decision_id=decision_id,
        amount=body.amount,
        reason=body.reason,
        request_id=request.request_id,
    )
    return Status(
        201, {"id": rec.pk, "decision_id": rec.decision_id, "amount": rec.amount, "settled": rec.settled}
    )


@router.get("/batches/{batch_id}/csv", auth=EXPERTS, summary="A batch's file for the finance system (CSV)")
def batch_csv(request, batch_id: int):
    return finance_file(
        selectors.batch_download(actor=request.user, batch_id=batch_id, request_id=request.request_id)
    )
