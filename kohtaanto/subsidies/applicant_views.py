"""The applicants' e-service: the employer's representative applies for pay subsidy,
Helsinki supplement or a work trial under /subsidies/employer/, and the client for the
start-up grant in the portal. Both sides share the pages; a `Side` says whose they are.
Thin: parse, call a service or selector, render; the services check everything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kohtaanto.accounts import policy
from kohtaanto.domain.subsidies.calculator import payment_application_deadline
from kohtaanto.employers.access import mandated_employers
from kohtaanto.employers.models import Employer
from kohtaanto.portal.documents import read_limit
from kohtaanto.web.forms import add_service_errors, int_param

from . import application_services, payment_services, selectors
from .applicant_forms import (
    EMPLOYER_ATTACHMENTS,
    STARTUP_ATTACHMENTS,
    AnswerForm,
    AttachmentForm,
    ContinuationForm,
    EmployerApplicationForm,
    PaymentForm,
    StartUpClaimForm,
    StartUpForm,
    case_rows,
)
from .decision_services import GRANTED_OUTCOMES
from .models import Benefit, PaymentState, State


@dataclass(frozen=True)
class Side:
    """Whose pages: the roles let in (403 for others, before anything is read), the URL
    names' prefix, the attachment kinds and where anonymous users sign in."""

    roles: frozenset
    prefix: str
    kinds: tuple
    login_url: str

    def url(self, name: str) -> str:
        return f"{self.prefix}_{name}"


EMPLOYER = Side(policy.REPRESENTATIVES, "subsidy_employer", EMPLOYER_ATTACHMENTS, "login")
STARTUP = Side(policy.CLIENTS, "portal_startup", STARTUP_ATTACHMENTS, "portal_signin")


def for_side(side: Side):
    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not policy.has_role(request.user, side.roles):
                raise PermissionDenied
            return view(request, side, *args, **kwargs)

        return login_required(wrapped, login_url=side.login_url)

    return decorate


def _names(side: Side) -> dict[str, str]:
    return {n: side.url(n) for n in ("list", "new", "detail", "attach", "submit", "answer", "payment")}


def _context(side: Side, **extra) -> dict:
    return {"side": side, "names": _names(side), "startup": side is STARTUP, **extra}


# Lists and new applications


def _list(request, side: Side):
    rows = selectors.applications_list(actor=request.user)
    return render(request, "subsidies/applicant/list.html", _context(side, applications=rows))


def _employers(user) -> list[Employer]:
    return list(Employer.objects.filter(pk__in=mandated_employers(user)).order_by("name"))


@require_http_methods(["GET", "POST"])
def _employer_new(request, side: Side):
    form = EmployerApplicationForm(request.POST or None, employers=_employers(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = application_services.application_create(
                actor=request.user,
                benefit=data["benefit"],
                employer_id=data["employer"],
                client_hetu=data["client_hetu"],
                start_date=data["start_date"],
                planned_months=data["planned_months"],
                case=form.case(),
                declared_aid=form.declared(),
                description=data["description"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The application was saved as a draft. Add the attachments and send it.")
            )
            return redirect(side.url("detail"), app.pk)
    status = 422 if form.errors else 200
    return render(request, "subsidies/applicant/form.html", _context(side, form=form), status=status)


@require_http_methods(["GET", "POST"])
def _startup_new(request, side: Side):
    form = StartUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = application_services.application_create(
                actor=request.user,
                benefit=Benefit.STARTTIRAHA,
                start_date=data["start_date"],
                planned_months=data["planned_months"],
                case=form.case(),
                description=data["description"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The application was saved as a draft. Add the attachments and send it.")
            )
            return redirect(side.url("detail"), app.pk)
    status = 422 if form.errors else 200
    return render(request, "subsidies/applicant/form.html", _context(side, form=form), status=status)


# One application: status, attachments, submission, answers, decisions, payments


def _document_url(application_id: int, decision_id: int) -> str:
    """The decision document page the experts' side provides, when it exists."""
    try:
        return reverse("subsidy_decision_document", args=(application_id, decision_id))
    except NoReverseMatch:
        return ""


def _detail(request, side: Side, application_id: int, *, forms: dict | None = None, status: int = 200):
    view = selectors.applicant_view(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    app = view.application
    have = {a.kind for a in view.attachments}
    expected = application_services.EXPECTED_ATTACHMENTS.get(app.benefit, ())
    forms = forms or {}
    granted = next((d for d in reversed(view.decisions) if d.outcome in GRANTED_OUTCOMES), None)
    context = _context(
        side,
        app=app,
        view=view,
        attach_form=forms.get("attach") or AttachmentForm(kinds=side.kinds),
        info_rows=[
            (
                r,
                None
                if r.answered_at is not None
                else (forms.get("answer") if forms.get("answer_for") == r.pk else None)
                or AnswerForm(initial={"request": r.pk}, auto_id=f"id_a{r.pk}_%s"),
            )
            for r in view.info_requests
        ],
        submit_errors=forms.get("submit", []) + _stray_answer_errors(forms, view.info_requests),
        missing=[k.label for k in expected if k not in have],
        case_rows=case_rows(app.case),
        editable=app.state in (State.DRAFT, State.INFO_REQUESTED),
        documents={d.pk: _document_url(app.pk, d.pk) for d in view.decisions},
        granted=granted,
        can_pay=granted is not None and app.state in (State.GRANTED, State.PARTLY_GRANTED, State.AMENDED),
        lapsed=[p for p in view.payments if p.state == PaymentState.LAPSED],
    )
    return render(request, "subsidies/applicant/detail.html", context, status=status)


def _stray_answer_errors(forms: dict, requests: list) -> list[str]:
    """An answer to a request that has no open form on the page (already answered, or not
    this application's): its errors go to the top of the page instead."""
    form = forms.get("answer")
    if form is None or any(r.pk == forms.get("answer_for") and r.answered_at is None for r in requests):
        return []
    return [str(e) for errors in form.errors.values() for e in errors]


@require_GET
def _detail_page(request, side: Side, application_id: int):
    return _detail(request, side, application_id)


@require_POST
def _attach(request, side: Side, application_id: int):
    form = AttachmentForm(request.POST, request.FILES, kinds=side.kinds)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            application_services.attachment_add(
                actor=request.user,
                application_id=application_id,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(read_limit()),
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect(side.url("detail"), application_id)
    return _detail(request, side, application_id, forms={"attach": form}, status=422)


@require_POST
def _submit(request, side: Side, application_id: int):
    try:
        application_services.application_submit(
            actor=request.user, application_id=application_id, request_id=request.request_id
        )
    except ValidationError as exc:
        return _detail(request, side, application_id, forms={"submit": exc.messages}, status=422)
    messages.success(request, _("The application was sent. You will be told when it has been decided."))
    return redirect(side.url("detail"), application_id)


@require_POST
def _answer(request, side: Side, application_id: int):
    raw = request.POST.get("request", "")
    pk = int(raw) if raw.isdigit() else None
    form = AnswerForm(request.POST, auto_id=f"id_a{pk}_%s")
    if form.is_valid():
        try:
            application_services.info_answer(
                actor=request.user,
                application_id=application_id,
                request_pk=form.cleaned_data["request"],
                answer=form.cleaned_data["answer"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your answer was sent."))
            return redirect(side.url("detail"), application_id)
    return _detail(request, side, application_id, forms={"answer": form, "answer_for": pk}, status=422)


# Payment applications


def _granted_decision(request, application_id: int):
    view = selectors.applicant_view(
        actor=request.user, application_id=application_id, request_id=request.request_id
    )
    decision = next((d for d in reversed(view.decisions) if d.outcome in GRANTED_OUTCOMES), None)
    return view, decision


def _payment_page(request, side: Side, application_id: int, form_class):
    view, decision = _granted_decision(request, application_id)
    if decision is None:
        messages.error(request, _("There is no granted decision to apply payment for."))
        return redirect(side.url("detail"), application_id)
    chosen = next((p.months for p in view.payments if p.state != PaymentState.REJECTED), None)
    if request.htmx and request.method == "GET":
        return _period_preview(request, decision)
    initial = {"months": chosen or 1}
    form = form_class(request.POST or None, initial=initial)
    for name in ("period_start", "months"):
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {
                    "hx-get": request.path,
                    "hx-trigger": "change",
                    "hx-target": "#period-preview",
                    "hx-include": "[name=period_start],[name=months]",
                    "aria-describedby": "period-preview",
                }
            )
    if request.method == "POST" and form.is_valid():
        startup = form_class is StartUpClaimForm
        lines = form.lines() if startup else form.lines(decision.end)
        try:
            payment = payment_services.payment_file(
                actor=request.user,
                decision_id=decision.pk,
                period_start=form.cleaned_data["period_start"],
                months=1 if startup else form.cleaned_data["months"],
                lines=lines,
                claimed=Decimal(0) if startup else form.cleaned_data["claimed"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if payment.state == PaymentState.LAPSED:
                messages.error(request, payment.reason)
            else:
                messages.success(request, _("The payment application was sent."))
            return redirect(side.url("detail"), application_id)
    context = _context(side, app=view.application, decision=decision, form=form, chosen=chosen)
    status = 422 if form.errors else 200
    return render(request, "subsidies/applicant/payment.html", context, status=status)


def _period_preview(request, decision):
    """Which months the rows stand for and the deadline, as the applicant picks the period
    (HTMX). A preview only: payment_services.payment_file decides when the form is sent."""
    try:
        start = dt.date.fromisoformat(request.GET.get("period_start", ""))
    except ValueError:
        return render(request, "subsidies/applicant/_period.html", {})
    months = int_param(request.GET.get("months"), 1) or 1
    last = min(start + relativedelta(months=max(1, min(months, 3))) - dt.timedelta(days=1), decision.end)
    rows = []
    cursor = start.replace(day=1)
    while cursor <= last:
        rows.append(cursor)
        cursor += relativedelta(months=1)
    deadline = payment_application_deadline(decision.start, last)
    context = {
        "months": rows,
        "deadline": deadline,
        "late": timezone.localdate() > deadline,
        "outside": not decision.start <= start <= decision.end,
    }
    return render(request, "subsidies/applicant/_period.html", context)


@require_http_methods(["GET", "POST"])
def _employer_payment(request, side: Side, application_id: int):
    return _payment_page(request, side, application_id, PaymentForm)


@require_http_methods(["GET", "POST"])
def _startup_claim(request, side: Side, application_id: int):
    return _payment_page(request, side, application_id, StartUpClaimForm)


@require_http_methods(["GET", "POST"])
def _startup_continue(request, side: Side, application_id: int):
    view, decision = _granted_decision(request, application_id)
    form = ContinuationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = application_services.startup_continuation(
                actor=request.user,
                application_id=application_id,
                planned_months=form.cleaned_data["planned_months"],
                description=form.cleaned_data["description"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The continuation application was saved as a draft. Add the attachments and send it."),
            )
            return redirect(side.url("detail"), app.pk)
    context = _context(side, app=view.application, decision=decision, form=form, continuation=True)
    status = 422 if form.errors else 200
    return render(request, "subsidies/applicant/form.html", context, status=status)


# The URLs' views, one set per side.

employer_list = for_side(EMPLOYER)(require_GET(_list))
employer_new = for_side(EMPLOYER)(_employer_new)
employer_detail = for_side(EMPLOYER)(_detail_page)
employer_attach = for_side(EMPLOYER)(_attach)
employer_submit = for_side(EMPLOYER)(_submit)
employer_answer = for_side(EMPLOYER)(_answer)
employer_payment = for_side(EMPLOYER)(_employer_payment)

startup_list = for_side(STARTUP)(require_GET(_list))
startup_new = for_side(STARTUP)(_startup_new)
startup_detail = for_side(STARTUP)(_detail_page)
startup_attach = for_side(STARTUP)(_attach)
startup_submit = for_side(STARTUP)(_submit)
startup_answer = for_side(STARTUP)(_answer)
startup_payment = for_side(STARTUP)(_startup_claim)
startup_continue = for_side(STARTUP)(_startup_continue)
