"""The outcome and placement forms of the client page and the portal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from kohtaanto.clients.models import EndReason
from kohtaanto.web.forms import date_field

from .models import Employment, OfferAnswer
from .offer_services import REASON_MAX


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


ANSWERS = [(a.value, a.label) for a in OfferAnswer if a != OfferAnswer.PENDING]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=gettext_lazy("Answer"), choices=ANSWERS)
    reason = forms.CharField(label=gettext_lazy("Why not suitable"), max_length=REASON_MAX, required=False)


class ApplicationForm(forms.Form):
    applied_on = date_field(label=gettext_lazy("Applied on"))
    employer_name = forms.CharField(label=gettext_lazy("Employer"), max_length=200)
    job_title = forms.CharField(label=gettext_lazy("Job"), max_length=300)


def form_errors(form: forms.Form) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errs)}" if name in form.fields else " ".join(errs)
        for name, errs in form.errors.items()
    )
