"""The client page's job-search outcome forms: end the period, re-register, employment and
education. Each posts back to the client page with a message; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import (
    ANSWERS,
    ApplicationForm,
    EducationForm,
    EmploymentForm,
    PeriodEndForm,
    PeriodOpenForm,
    form_errors,
)


def outcome_forms(*, ended: bool) -> dict:
    today = timezone.localdate()
    return {
        "period_form": PeriodOpenForm(initial={"start": today}, prefix="p")
        if ended
        else PeriodEndForm(initial={"end": today}, prefix="p"),
        "employment_form": EmploymentForm(prefix="e", initial={"weekly_hours": "37.5"}),
        "education_form": EducationForm(prefix="d"),
        "application_form": ApplicationForm(initial={"applied_on": today}, prefix="a"),
        "answer_choices": ANSWERS,
    }


def _post(request, client_id: int, form: forms.Form, service, done: str):
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("client_page", client_id=client_id)
    try:
        service(actor=request.user, client_id=client_id, request_id=request.request_id, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("client_page", client_id=client_id)


@login_required
@require_POST
def period_end(request, client_id: int):
    form = PeriodEndForm(request.POST, prefix="p")
    return _post(request, client_id, form, services.period_end, _("The job search was ended."))


@login_required
@require_POST
def period_open(request, client_id: int):
    form = PeriodOpenForm(request.POST, prefix="p")
    return _post(request, client_id, form, services.period_open, _("A new job search was started."))


@login_required
@require_POST
def employment_new(request, client_id: int):
    form = EmploymentForm(request.POST, prefix="e")
    return _post(request, client_id, form, services.employment_record, _("The employment was recorded."))


@login_required
@require_POST
def education_new(request, client_id: int):
    form = EducationForm(request.POST, prefix="d")
    return _post(
        request, client_id, form, services.education_start_record, _("The education start was recorded.")
    )
