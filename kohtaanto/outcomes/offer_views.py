"""Pages for job offers and applications: the worker's buttons and forms on the client's
pages, and the client's own page in the portal (issue 12, point 2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kohtaanto.accounts.policy import can_record_meetings
from kohtaanto.clients.models import Client
from kohtaanto.portal.views import client_only

from . import offer_services as services
from .forms import ANSWERS, AnswerForm, ApplicationForm, form_errors
from .offer_selectors import application_months, offers_for


def application_form() -> ApplicationForm:
    return ApplicationForm(initial={"applied_on": timezone.localdate()}, prefix="a")


def _team_only(request) -> None:
    """The worker's buttons: the client answers in the portal, not on staff pages."""
    if not can_record_meetings(request.user):
        raise PermissionDenied


def _back(request, client_id: int):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("client_page", client_id=client_id)


def _run(request, call, done: str) -> None:
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


@login_required
@require_POST
def offer_send(request, client_id: int):
    _team_only(request)
    try:
        posting_id = int(request.POST.get("posting_id", ""))
    except ValueError:
        messages.error(request, _("No such job posting."))
        return _back(request, client_id)
    _run(
        request,
        lambda: services.job_offer_send(
            actor=request.user, client_id=client_id, posting_id=posting_id, request_id=request.request_id
        ),
        _("The job was offered to the client."),
    )
    return _back(request, client_id)


@login_required
@require_POST
def offer_answer(request, client_id: int, offer_id: int):
    _team_only(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(request, client_id)
    _run(
        request,
        lambda: services.job_offer_answer(
            actor=request.user,
            offer_id=offer_id,
            client_id=client_id,
            request_id=request.request_id,
            **form.cleaned_data,
        ),
        _("The answer was recorded."),
    )
    return _back(request, client_id)


@login_required
@require_POST
def application_new(request, client_id: int):
    _team_only(request)
    form = ApplicationForm(request.POST, prefix="a")
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(request, client_id)
    _run(
        request,
        lambda: services.job_application_report(
            actor=request.user, client_id=client_id, request_id=request.request_id, **form.cleaned_data
        ),
        _("The application was recorded."),
    )
    return _back(request, client_id)


@client_only
@require_http_methods(["GET", "POST"])
def portal_offers(request):
    client = Client.objects.filter(user=request.user).first()
    form = ApplicationForm(request.POST or None, prefix="a", initial={"applied_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.job_application_report(
                    actor=request.user, request_id=request.request_id, **form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Thank you: the application was recorded."))
                return redirect("portal_offers")
        else:
            messages.error(request, form_errors(form))
    context = {
        "offers": offers_for(client=client) if client else [],
        "months": application_months(client=client, today=timezone.localdate()) if client else [],
        "form": form,
        "answer_choices": ANSWERS,
    }
    return render(request, "outcomes/portal_offers.html", context)


@client_only
@require_POST
def portal_offer_answer(request, offer_id: int):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        _run(
            request,
            lambda: services.job_offer_answer(
                actor=request.user, offer_id=offer_id, request_id=request.request_id, **form.cleaned_data
            ),
            _("Thank you: your answer was recorded."),
        )
    return redirect("portal_offers")
