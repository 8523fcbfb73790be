"""Reads of subsidy applications, scoped by `access.application_scope`: the expert's queue by
state, one application with its decisions and payments (audited: it is about a client),
the payment batches and the budget follow-up per benefit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.http import Http404

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record
from kohtaanto.organisation.tenancy import in_area

from .access import PURPOSE, application_for, application_scope, payment_scope, require_expert
from .decision_services import GRANTED_OUTCOMES
from .models import (
    Attachment,
    Benefit,
    Decision,
    PaymentApplication,
    PaymentBatch,
    PaymentState,
    SubsidyApplication,
)


def applications_list(
    *, actor: User, state: str = "", benefit: str = "", limit: int = 200
) -> list[SubsidyApplication]:
    """The applications `actor` may see (an expert's queue), newest first; no client data but
    the id is shown, so the list itself is not audited per client."""
    qs = SubsidyApplication.objects.filter(application_scope(actor)).select_related("employer")
    if state:
        qs = qs.filter(state=state)
    if benefit:
        qs = qs.filter(benefit=benefit)
    return list(qs[: max(1, min(limit, 1000))])


def queue_counts(*, actor: User) -> dict[str, int]:
    require_expert(actor)
    rows = SubsidyApplication.objects.filter(application_scope(actor)).values("state").annotate(n=Count("id"))
    return {r["state"]: r["n"] for r in rows}


def application_get(*, actor: User, application_id: int, request_id: str = "") -> SubsidyApplication:
    app = application_for(actor, application_id)
    audit_record(
        actor=actor,
        action="read",
        target_type="subsidy.application",
        target_id=app.pk,
        subject_client_id=app.client_id,
        purpose=PURPOSE,
        request_id=request_id,
    )
    return app


def decisions_of(app: SubsidyApplication) -> list[Decision]:
    return list(app.decisions.order_by("decided_at", "id"))


def payments_of(app: SubsidyApplication) -> list[PaymentApplication]:
    return list(PaymentApplication.objects.filter(decision__application=app).order_by("period_start", "id"))


def payments_waiting(*, actor: User) -> list[PaymentApplication]:
    require_expert(actor)
    return list(
        PaymentApplication.objects.filter(payment_scope(actor), state=PaymentState.SUBMITTED)
        .select_related("decision__application")
        .order_by("filed_on", "id")[:500]
    )


def batches_list(*, actor: User) -> list[PaymentBatch]:
    require_expert(actor)
    return list(PaymentBatch.objects.filter(in_area(actor, "area_id"))[:200])


def batch_get(*, actor: User, batch_id: int) -> PaymentBatch | None:
    require_expert(actor)
    return PaymentBatch.objects.filter(in_area(actor, "area_id"), pk=batch_id).first()


@dataclass(frozen=True)
class BudgetRow:
    benefit: str
    committed: Decimal  # decisions in force starting this year
    paid: Decimal  # sent for payment this year
    forecast: Decimal  # paid so far + the rest of the year at this year's monthly pace


def budget(*, actor: User, year: int, today: dt.date) -> list[BudgetRow]:
    require_expert(actor)
    scope = SubsidyApplication.objects.filter(application_scope(actor))
    rows = []
    for benefit in Benefit.values:
        committed = Decision.objects.filter(
            application__in=scope,
            application__benefit=benefit,
            in_force=True,
            outcome__in=GRANTED_OUTCOMES,
            start__year=year,
        ).aggregate(s=Sum("total"))["s"] or Decimal(0)
        paid = PaymentApplication.objects.filter(
            payment_scope(actor),
            decision__application__benefit=benefit,
            state=PaymentState.BATCHED,
            batch__created_at__year=year,
        ).aggregate(s=Sum("payable"))["s"] or Decimal(0)
        elapsed = 12 if today.year > year else max(today.month, 1) if today.year == year else 0
        forecast = paid if elapsed in (0, 12) else (paid / elapsed * 12).quantize(Decimal("0.01"))
        rows.append(BudgetRow(benefit, committed, paid, forecast))
    return rows


def decision_get(*, actor: User, application_id: int, decision_id: int, request_id: str = "") -> Decision:
    """A decision of an application `actor` may see (its applicant or an expert); audited."""
    app = application_for(actor, application_id)
    decision = app.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise Http404("no such decision")
    audit_record(
        actor=actor,
        action="read",
        target_type="subsidy.decision",
        target_id=decision.pk,
        subject_client_id=app.client_id,
        purpose=PURPOSE,
        request_id=request_id,
    )
    return decision


def attachment_get(
    *, actor: User, application_id: int, attachment_id: int, request_id: str = ""
) -> Attachment:
    """An attachment of an application `actor` may see; each download is audited."""
    app = application_for(actor, application_id)
    att = app.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise Http404("no such attachment")
    audit_record(
        actor=actor,
        action="read",
        target_type="subsidy.attachment",
        target_id=att.pk,
        subject_client_id=app.client_id,
        purpose=PURPOSE,
        request_id=request_id,
    )
    return att


def payment_get(*, actor: User, payment_id: int, request_id: str = "") -> PaymentApplication:
    """A payment application for the expert's check; audited (it is about a client)."""
    require_expert(actor)
    payment = (
        PaymentApplication.objects.select_related("decision__application__employer", "batch")
        .filter(payment_scope(actor), pk=payment_id)
        .first()
    )
    if payment is None:
        raise Http404("no such payment application")
    audit_record(
        actor=actor,
        action="read",
        target_type="subsidy.payment",
        target_id=payment.pk,
        subject_client_id=payment.decision.application.client_id,
        purpose=PURPOSE,
        request_id=request_id,
    )
    return payment


def payments_list(*, actor: User, state: str = "") -> list[PaymentApplication]:
    """Payment applications by state (default: waiting), oldest first; ids only, not audited."""
    require_expert(actor)
    qs = PaymentApplication.objects.filter(payment_scope(actor)).select_related(
        "decision__application__employer"
    )
    qs = qs.filter(state=state or PaymentState.SUBMITTED)
    return list(qs.order_by("filed_on", "id")[:500])


@dataclass(frozen=True)
class ApplicantView:
    """What the applicant's status page shows: one audited read of the application."""

    application: SubsidyApplication
    attachments: list
    info_requests: list
    decisions: list[Decision]
    payments: list[PaymentApplication]


def applicant_view(*, actor: User, application_id: int, request_id: str = "") -> ApplicantView:
    """The application with its attachments (metadata), requests, decisions in force and
    payments; 404 outside the actor's scope."""
    app = application_get(actor=actor, application_id=application_id, request_id=request_id)
    return ApplicantView(
        application=app,
        attachments=list(app.attachments.defer("data")),
        info_requests=list(app.info_requests.all()),
        decisions=[d for d in decisions_of(app) if d.in_force],
        payments=payments_of(app),
    )


def batch_download(*, actor: User, batch_id: int, request_id: str = "") -> PaymentBatch:
    """A batch's finance file names payees and amounts: the expert's own area's only (404
    otherwise), and each download is logged as one read."""
    batch = batch_get(actor=actor, batch_id=batch_id)
    if batch is None:
        raise Http404("no such batch")
    audit_record(
        actor=actor,
        action="read",
        target_type="subsidy.batch",
        target_id=batch.pk,
        purpose=PURPOSE,
        request_id=request_id,
    )
    return batch
