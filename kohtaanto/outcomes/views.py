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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kohtaanto.clients.models import EndReason
from kohtaanto.web.forms import date_field

from . import services
from .models import Employment


class PeriodEndForm(forms.Form):
    end = date_field(label=gettext_lazy("End date"))
    reason = forms.ChoiceField(label=gettext_lazy("Why the job search ended"), choices=EndReason.choices)


class PeriodOpenForm(forms.Form):
    start = date_field(label=gettext_lazy("Registered again on"))


class EmploymentForm(forms.Form):
    employer_name = forms.CharField(label=gettext_lazy("Employer"), max_length=200)
    business_id = forms.CharField(label=gettext_lazy("Business ID (optional)"), max_length=12, required=False)
    occupation_label = forms.CharField(label=gettext_lazy("Occupation"), max_length=300, required=False)
    start = date_field(label=gettext_lazy("Start date"))
    end = date_field(label=gettext_lazy("End date (fixed-term)"), required=False)
    weekly_hours = forms.DecimalField(label=gettext_lazy("Weekly hours"), max_digits=4, decimal_places=1)
    working_time = forms.ChoiceField(
        label=gettext_lazy("Working time"), choices=Employment.WorkingTime.choices
    )
    contract = forms.ChoiceField(label=gettext_lazy("Contract"), choices=Employment.Contract.choices)
    subsidised = forms.BooleanField(label=gettext_lazy("Subsidised"), required=False)


class EducationForm(forms.Form):
    institution = forms.CharField(label=gettext_lazy("Educational institution"), max_length=200)
    programme = forms.CharField(label=gettext_lazy("Programme or course"), max_length=300)
    start = date_field(label=gettext_lazy("Start date"))


def outcome_forms(*, ended: bool) -> dict:
    today = timezone.localdate()
    return {
        "period_form": PeriodOpenForm(initial={"start": today}, prefix="p")
        if ended
        else PeriodEndForm(initial={"end": today}, prefix="p"),
        "employment_form": EmploymentForm(prefix="e", initial={"weekly_hours": "37.5"}),
        "education_form": EducationForm(prefix="d"),
    }


def _form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errs)}" if name in form.fields else " ".join(errs)
        for name, errs in form.errors.items()
    )


def _post(request, client_id: int, form: forms.Form, service, done: str):
    if not form.is_valid():
        messages.error(request, _form_errors(form))
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
