"""Procurement pages (issue 17): contracts, invoices and rounds. Thin: the selectors scope
what the user sees, the services decide and refuse; a refusal is shown on the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kohtaanto.catalogue.permissions import provider_of
from kohtaanto.web.forms import add_service_errors

from . import forms, invoices, rounds, selectors, services
from .invoices import DIFFERENCES


def _fail(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def contract_list(request):
    officer = selectors.is_officer(request.user)
    qs = selectors.contracts_for(actor=request.user)
    form = forms.ContractForm(request.POST or None) if officer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                contract = services.contract_create(
                    actor=request.user, request_id=request.request_id, **form.service_data()
                )
            except ValidationError as exc:
                add_service_errors(form, exc) if hasattr(exc, "error_dict") else form.add_error(None, exc)
            else:
                messages.success(request, _("The contract was saved."))
                return redirect("procurement_contract", contract.pk)
    status = 422 if form is not None and form.errors else 200
    return render(
        request, "procurement/contracts.html", {"contracts": list(qs[:500]), "form": form}, status=status
    )


@login_required
def contract_detail(request, contract_id: int):
    if request.method == "POST":
        try:
            count = services.contract_refresh(
                actor=request.user, contract_id=contract_id, request_id=request.request_id
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Outcomes were recomputed: %(n)s events.") % {"n": count})
        return redirect("procurement_contract", contract_id)
    contract = selectors.contract_read(
        actor=request.user, contract_id=contract_id, request_id=request.request_id
    )
    context = {
        "contract": contract,
        "officer": selectors.is_officer(request.user),
        "services": list(contract.services.all()),
        "versions": list(contract.rule_versions.all()),
        "invoices": list(contract.invoices.all()),
        **selectors.contract_summary(contract),
    }
    if selectors.can_read_performance(request.user):
        context["performance"] = selectors.contract_performance(actor=request.user, contract=contract)
    return render(request, "procurement/contract_detail.html", context)


@login_required
def invoice_list(request):
    qs = selectors.invoices_for(actor=request.user)
    provider = provider_of(request.user)
    form = None
    if provider is not None:
        contracts = selectors.contracts_for(actor=request.user)
        form = forms.InvoiceForm(request.POST or None, contracts=contracts)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                invoice = invoices.invoice_submit(
                    actor=request.user,
                    contract_id=int(data["contract"]),
                    number=data["number"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    lines=data["lines"],
                    request_id=request.request_id,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The invoice was submitted."))
                return redirect("procurement_invoice", invoice.pk)
    status = 422 if form is not None and form.errors else 200
    return render(
        request, "procurement/invoices.html", {"invoices": list(qs[:500]), "form": form}, status=status
    )


@login_required
def invoice_detail(request, invoice_id: int):
    invoice = selectors.invoice_get(actor=request.user, invoice_id=invoice_id)
    if request.method == "POST":
        services.require_officer(request.user)
        form = forms.DecisionForm(request.POST)
        if not form.is_valid() or not invoice.lines.filter(pk=form.cleaned_data["line"]).exists():
            messages.error(request, _("Choose a decision for a line of this invoice."))
        else:
            try:
                invoices.line_decide(
                    actor=request.user,
                    line_id=form.cleaned_data["line"],
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                    request_id=request.request_id,
                )
            except ValidationError as exc:
                _fail(request, exc)
            else:
                messages.success(request, _("The decision was saved."))
        return redirect("procurement_invoice", invoice_id)
    invoice = selectors.invoice_read(actor=request.user, invoice_id=invoice_id, request_id=request.request_id)
    lines = list(invoice.lines.select_related("service"))
    for line in lines:
        line.difference_labels = [DIFFERENCES.get(code, code) for code in line.differences]
    context = {"invoice": invoice, "lines": lines, "officer": selectors.is_officer(request.user)}
    return render(request, "procurement/invoice_detail.html", context)


@login_required
def round_list(request):
    qs = selectors.rounds_for(actor=request.user)
    officer = selectors.is_officer(request.user)
    form = forms.RoundForm(request.POST or None) if officer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                found = rounds.round_create(
                    actor=request.user, request_id=request.request_id, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The procurement round was opened."))
                return redirect("procurement_round", found.pk)
    status = 422 if form is not None and form.errors else 200
    return render(request, "procurement/rounds.html", {"rounds": list(qs[:500]), "form": form}, status=status)


def _round_post(request, round_id: int) -> None:
    """One endpoint for the round's steps; each form names its action."""
    action, user, rid = request.POST.get("action", ""), request.user, request.request_id
    steps = {
        "state": (
            forms.StateForm,
            lambda d: rounds.round_set_state(actor=user, round_id=round_id, state=d["state"], request_id=rid),
        ),
        "question": (
            forms.QuestionForm,
            lambda d: rounds.question_ask(actor=user, round_id=round_id, request_id=rid, **d),
        ),
        "answer": (forms.AnswerForm, lambda d: rounds.question_answer(actor=user, request_id=rid, **d)),
        "proposal": (
            forms.ProposalForm,
            lambda d: rounds.proposal_submit(actor=user, round_id=round_id, request_id=rid, **d),
        ),
        "score": (forms.ScoreForm, lambda d: rounds.proposal_score(actor=user, request_id=rid, **d)),
        "award": (
            forms.AwardForm,
            lambda d: rounds.round_award(
                actor=user,
                proposal_id=d["proposal_id"],
                service_ids=[s.pk for s in d["services"]],
                start=d["start"],
                end=d["end"],
                request_id=rid,
            ),
        ),
    }
    if action not in steps:
        messages.error(request, _("Unknown action."))
        return
    form_class, step = steps[action]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return
    try:
        step(form.cleaned_data)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Saved."))


@login_required
def round_detail(request, round_id: int):
    if request.method == "POST":
        selectors.round_get(actor=request.user, round_id=round_id)
        _round_post(request, round_id)
        return redirect("procurement_round", round_id)
    found, questions, proposals = selectors.round_detail(actor=request.user, round_id=round_id)
    officer = selectors.is_officer(request.user)
    context = {
        "round": found,
        "questions": questions,
        "proposals": proposals,
        "officer": officer,
        "is_provider": provider_of(request.user) is not None,
        "question_form": forms.QuestionForm(),
        "proposal_form": forms.ProposalForm(),
        "award_services": forms.AwardForm().fields["services"].queryset if officer else [],
    }
    return render(request, "procurement/round_detail.html", context)
