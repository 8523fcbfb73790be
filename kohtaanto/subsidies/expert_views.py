"""The subsidy expert's pages (issue 16, point 3–5): the queue by state, one application with
its eligibility, calculation and de minimis position, the decisions (with the second
approval above the configured amount), payment applications checked month by month,
payment batches with their CSV, and the budget follow-up. Thin: selectors scope and audit
the reads, the services decide and refuse; a refusal comes back onto the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaanto.web.forms import add_service_errors

from . import decision_services, handling, payment_services, selectors
from .access import require_expert
from .document_views import finance_file
from .expert_forms import (
    AID_BASIS_LABELS,
    DecisionForm,
    EndForm,
    FactsForm,
    PaymentDecisionForm,
    QuestionForm,
    QueueFilter,
    RecoveryForm,
)
from .models import Benefit, State


@login_required
def queue(request):
    require_expert(request.user)
    form = QueueFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    counts = selectors.queue_counts(actor=request.user)
    context = {
        "form": form,
        "applications": selectors.applications_list(
            actor=request.user, state=data.get("state", ""), benefit=data.get("benefit", "")
        ),
        "counts": [(value, label, counts.get(value, 0)) for value, label in State.choices],
    }
    return render(request, "subsidies/expert/queue.html", context)


def _handle_page(request, application_id: int, *, forms: dict | None = None, status: int = 200):
    app = selectors.application_get(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    facts = FactsForm(request.GET or None, prefix="p")
    preview = handling.preview(app, facts.facts())
    decisions = selectors.decisions_of(app)
    forms = forms or {}
    context = {
        "app": app,
        "facts": facts,
        "preview": preview,
        "aid_basis": AID_BASIS_LABELS.get(preview.result.aid_basis, "") if preview.result else "",
        "periods": handling.job_search_periods(app),
        "de_minimis": handling.de_minimis(app),
        "decisions": decisions,
        "current": next((d for d in decisions if d.in_force), None),
        "awaiting": [
            d for d in decisions if d.needs_second_approval and not d.in_force and not d.second_approver_id
        ],
        "payments": selectors.payments_of(app),
        "attachments": list(app.attachments.all()),
        "info_requests": list(app.info_requests.all()),
        "can_ask": app.state in (State.SUBMITTED, State.INFO_REQUESTED),
        "can_decide": app.state == State.SUBMITTED,
        "decided": app.state in (State.GRANTED, State.PARTLY_GRANTED, State.AMENDED),
        "question_form": forms.get("question") or QuestionForm(),
        "decision_form": forms.get("decision") or DecisionForm(initial=facts.facts() | {"kind": "first"}),
        "end_form": forms.get("end") or EndForm(),
        "recovery_form": forms.get("recovery") or RecoveryForm(),
    }
    return render(request, "subsidies/expert/application.html", context, status=status)


@login_required
def application(request, application_id: int):
    require_expert(request.user)
    return _handle_page(request, application_id)


def _action(request, application_id: int, key: str, form, act) -> HttpResponse:
    """One of the application page's forms: `act(cleaned_data)` runs the service and returns
    the message; a refusal goes back onto the form, on the page, with status 422."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("subsidy_handle", application_id)
    return _handle_page(request, application_id, forms={key: form}, status=422)


@login_required
@require_POST
def ask(request, application_id: int):
    require_expert(request.user)

    def act(data):
        decision_services.info_request(
            actor=request.user,
            application_id=application_id,
            question=data["question"],
            request_id=request.request_id,
        )
        return _("The request for information was sent to the applicant.")

    return _action(request, application_id, "question", QuestionForm(request.POST), act)


@login_required
@require_POST
def decide(request, application_id: int):
    require_expert(request.user)
    form = DecisionForm(request.POST)

    def act(data):
        decision = decision_services.decision_make(
            actor=request.user,
            application_id=application_id,
            grant=data["outcome"] == "grant",
            justification=data["justification"],
            months=data["months"],
            client_facts=form.facts(),
            kind=data["kind"],
            start=data["start"],
            request_id=request.request_id,
        )
        if decision.in_force:
            return _("The decision was made.")
        return _("The decision was saved and awaits a second expert's approval.")

    return _action(request, application_id, "decision", form, act)


@login_required
@require_POST
def end(request, application_id: int):
    require_expert(request.user)

    def act(data):
        decision_services.application_end(
            actor=request.user, application_id=application_id, end=data["end"], request_id=request.request_id
        )
        return _("The subsidy was ended.")

    return _action(request, application_id, "end", EndForm(request.POST), act)


@login_required
@require_POST
def approve(request, application_id: int, decision_id: int):
    require_expert(request.user)
    selectors.decision_get(actor=request.user, application_id=application_id, decision_id=decision_id)
    try:
        decision_services.decision_approve(
            actor=request.user, decision_id=decision_id, request_id=request.request_id
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The decision was approved and is in force."))
    return redirect("subsidy_handle", application_id)


@login_required
@require_POST
def recovery(request, application_id: int, decision_id: int):
    require_expert(request.user)
    selectors.decision_get(actor=request.user, application_id=application_id, decision_id=decision_id)

    def act(data):
        payment_services.recovery_add(
            actor=request.user,
            decision_id=decision_id,
            amount=data["amount"],
            reason=data["reason"],
            request_id=request.request_id,
        )
        return _("The overpayment was recorded; the next payments offset it.")

    return _action(request, application_id, "recovery", RecoveryForm(request.POST), act)


@login_required
def payments(request):
    require_expert(request.user)
    state = request.GET.get("state", "")
    context = {
        "payments": selectors.payments_list(actor=request.user, state=state),
        "state": state or "submitted",
        "approved_waiting": selectors.payments_list(actor=request.user, state="approved"),
    }
    return render(request, "subsidies/expert/payments.html", context)


@login_required
def payment(request, payment_id: int):
    require_expert(request.user)
    form = PaymentDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payment_services.payment_decide(
                actor=request.user,
                payment_id=payment_id,
                approve=form.cleaned_data["approve"] == "yes",
                reason=form.cleaned_data["reason"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The payment application was handled."))
            return redirect("subsidy_payments")
    found = selectors.payment_get(actor=request.user, payment_id=payment_id, request_id=request.request_id)
    context = {
        "payment": found,
        "app": found.decision.application,
        "checks": payment_services.month_checks(found.decision, found.lines),
        "form": form,
    }
    return render(request, "subsidies/expert/payment.html", context, status=422 if form.errors else 200)


@login_required
def batches(request):
    require_expert(request.user)
    if request.method == "POST":
        try:
            batch = payment_services.batch_create(actor=request.user, request_id=request.request_id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The payment batch was made."))
            return redirect("subsidy_batch", batch.pk)
        return redirect("subsidy_batches")
    context = {
        "batches": selectors.batches_list(actor=request.user),
        "approved": selectors.payments_list(actor=request.user, state="approved"),
    }
    return render(request, "subsidies/expert/batches.html", context)


@login_required
def batch(request, batch_id: int):
    found = _batch_or_404(request, batch_id)
    payments_in = list(found.payments.select_related("decision__application__employer").order_by("id"))
    return render(request, "subsidies/expert/batch.html", {"batch": found, "payments": payments_in})


@login_required
def batch_csv(request, batch_id: int):
    return finance_file(
        selectors.batch_download(actor=request.user, batch_id=batch_id, request_id=request.request_id)
    )


def _batch_or_404(request, batch_id: int):
    found = selectors.batch_get(actor=request.user, batch_id=batch_id)
    if found is None:
        raise Http404("no such batch")
    return found


@login_required
def budget(request):
    require_expert(request.user)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 5)
    labels = dict(Benefit.choices)
    rows = [(labels[r.benefit], r) for r in selectors.budget(actor=request.user, year=year, today=today)]
    return render(
        request,
        "subsidies/expert/budget.html",
        {"rows": rows, "year": year, "years": range(today.year - 2, today.year + 1), "today": today},
    )
