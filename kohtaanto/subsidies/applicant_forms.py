"""Forms of the applicants' e-service: the employer's application, the start-up grant, an
attachment, an answer and a payment application. They only parse; the services check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kohtaanto.portal.documents import ACCEPTED
from kohtaanto.web.forms import date_field

from .models import AttachmentKind, Benefit

EMPLOYER_BENEFITS = [
    (Benefit.PALKKATUKI.value, _("Pay subsidy (palkkatuki)")),
    (Benefit.HELSINKI_LISA.value, _("Helsinki supplement (Helsinki-lisä)")),
    (Benefit.TYOKOKEILU.value, _("Work trial (työkokeilu)")),
]
GROUNDS = [
    ("", _("— not for this benefit —")),
    ("lack_of_skills", _("lack of professional skills (50 %)")),
    ("reduced_work_capacity", _("reduced work capacity (70 %)")),
    ("association_100", _("association or foundation, non-business activity (100 %)")),
    ("age_55_plus", _("employment support for those aged 55 or over")),
]
EMPLOYER_KINDS = [
    ("business", _("business")),
    ("association", _("association, foundation or religious community")),
    ("public", _("public body")),
    ("private_person", _("private person")),
]
AID_BASES = [
    ("", _("— not a business —")),
    ("de_minimis", _("de minimis aid")),
    ("block_exemption", _("general block exemption")),
]
EMPLOYER_ATTACHMENTS = (
    AttachmentKind.CONTRACT,
    AttachmentKind.PAY,
    AttachmentKind.DE_MINIMIS,
    AttachmentKind.OTHER,
)
STARTUP_ATTACHMENTS = (
    AttachmentKind.BUSINESS_PLAN,
    AttachmentKind.CALCULATIONS,
    AttachmentKind.ADVISORY,
    AttachmentKind.OTHER,
)
DECLARED_ROWS = 3
PAY_MONTHS = 3
CASE_DECIMALS = (
    "monthly_pay",
    "side_costs_monthly",
    "holiday_pay_monthly",
    "working_time_percent",
    "weekly_hours",
    "hours_per_day",
    "pay_subsidy_monthly",
)


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=1000000, max_digits=12, decimal_places=2, **kwargs
    )


class EmployerApplicationForm(forms.Form):
    employer = forms.TypedChoiceField(label=_("Employer"), coerce=int)
    benefit = forms.ChoiceField(label=_("Benefit"), choices=EMPLOYER_BENEFITS)
    client_hetu = forms.CharField(
        label=_("The employee's personal identity code"),
        max_length=11,
        help_text=_("The person must be registered as a job seeker."),
    )
    start_date = date_field(label=_("Start date of the employment or trial"))
    planned_months = forms.IntegerField(label=_("Planned duration in months"), min_value=1, max_value=36)
    ground = forms.ChoiceField(label=_("Ground for the pay subsidy"), choices=GROUNDS, required=False)
    employer_kind = forms.ChoiceField(label=_("Kind of employer"), choices=EMPLOYER_KINDS)
    aid_basis = forms.ChoiceField(label=_("State aid basis (businesses)"), choices=AID_BASES, required=False)
    monthly_pay = _money(_("Gross monthly pay, €"))
    side_costs_monthly = _money(_("Employer's side costs a month, €"))
    holiday_pay_monthly = _money(_("Holiday pay a month, €"))
    working_time_percent = forms.DecimalField(
        label=_("Working time, percentage of full time"),
        required=False,
        min_value=1,
        max_value=100,
        decimal_places=2,
    )
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"), required=False, min_value=1, max_value=80, decimal_places=1
    )
    hours_per_day = forms.DecimalField(
        label=_("Work trial: hours a day"), required=False, min_value=1, max_value=24, decimal_places=1
    )
    days_per_week = forms.IntegerField(
        label=_("Work trial: days a week"), required=False, min_value=1, max_value=7
    )
    pay_subsidy_monthly = _money(_("Helsinki supplement: pay subsidy granted a month, €"))
    pay_subsidy_months = forms.IntegerField(
        label=_("Helsinki supplement: months of pay subsidy granted"),
        required=False,
        min_value=0,
        max_value=36,
    )
    description = forms.CharField(
        label=_("Description of the job"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, employers: list, **kwargs):
        super().__init__(*args, **kwargs)
        employer = self.fields["employer"]
        assert isinstance(employer, forms.ChoiceField)
        employer.choices = [(e.pk, f"{e.name} ({e.business_id})") for e in employers]
        for i in range(1, DECLARED_ROWS + 1):
            self.fields[f"aid{i}_granted_on"] = date_field(
                label=_("Other de minimis aid %(n)s: granted on") % {"n": i}, required=False
            )
            self.fields[f"aid{i}_amount"] = _money(_("Other de minimis aid %(n)s: amount, €") % {"n": i})
            self.fields[f"aid{i}_grantor"] = forms.CharField(
                label=_("Other de minimis aid %(n)s: grantor") % {"n": i}, required=False, max_length=200
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, DECLARED_ROWS + 1):
            on, amount = data.get(f"aid{i}_granted_on"), data.get(f"aid{i}_amount")
            if (on is None) != (amount is None):
                self.add_error(f"aid{i}_amount", _("Give both the date and the amount of the aid."))
        return data

    def case(self) -> dict[str, Any]:
        """The calculator's case fields the applicant filled in."""
        data = self.cleaned_data
        case: dict[str, Any] = {"employer_kind": data["employer_kind"]}
        for name in ("ground", "aid_basis"):
            if data.get(name):
                case[name] = data[name]
        for name in CASE_DECIMALS:
            if data.get(name) is not None:
                case[name] = str(data[name])
        for name in ("days_per_week", "pay_subsidy_months"):
            if data.get(name):
                case[name] = data[name]
        return case

    def declared(self) -> list[dict[str, str]]:
        out = []
        for i in range(1, DECLARED_ROWS + 1):
            on, amount = self.cleaned_data.get(f"aid{i}_granted_on"), self.cleaned_data.get(f"aid{i}_amount")
            if on is not None and amount is not None:
                grantor = self.cleaned_data.get(f"aid{i}_grantor") or ""
                out.append({"granted_on": on.isoformat(), "amount": str(amount), "grantor": grantor})
        return out


class StartUpForm(forms.Form):
    description = forms.CharField(
        label=_("Your business in brief"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_date = date_field(label=_("Start date of the grant"))
    planned_months = forms.IntegerField(label=_("Months applied for"), min_value=1, max_value=6, initial=6)
    full_time = forms.BooleanField(label=_("I will work in the business full-time"), required=False)
    skills = forms.BooleanField(label=_("I have the skills the business needs"), required=False)
    tax_arrears = forms.BooleanField(label=_("I have tax arrears"), required=False)
    started_before_decision = forms.BooleanField(
        label=_("I have already started the business full-time"), required=False
    )

    def case(self) -> dict[str, Any]:
        keys = ("full_time", "skills", "tax_arrears", "started_before_decision")
        return {"startup": {k: bool(self.cleaned_data[k]) for k in keys}}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of attachment"))
    file = forms.FileField(
        label=_("File (PDF, PNG, JPEG, DOCX or ODT)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{e}" for v in ACCEPTED.values() for e in v)}
        ),
    )

    def __init__(self, *args, kinds: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, k.label) for k in kinds]


class AnswerForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Your answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PaymentForm(forms.Form):
    """A payment application: the period and the pay actually paid each month of it."""

    period_start = date_field(label=_("First day of the payment period"))
    months = forms.TypedChoiceField(
        label=_("Payment period"),
        coerce=int,
        choices=[(1, _("1 month")), (2, _("2 months")), (3, _("3 months"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, PAY_MONTHS + 1):
            self.fields[f"pay{i}"] = _money(_("Month %(n)s: gross pay paid, €") % {"n": i})
            self.fields[f"side{i}"] = _money(_("Month %(n)s: side costs, €") % {"n": i})
            self.fields[f"holiday{i}"] = _money(_("Month %(n)s: holiday pay, €") % {"n": i})
            self.fields[f"paid{i}"] = forms.BooleanField(
                label=_("Month %(n)s: the pay has been paid") % {"n": i}, required=False
            )
        self.fields["claimed"] = _money(_("Total claimed, €"))
        self.fields["claimed"].required = True

    def lines(self, last_day: dt.date) -> list[dict[str, Any]]:
        """One line for each month of the period, up to the decision's last day."""
        data = self.cleaned_data
        start: dt.date = data["period_start"]
        out = []
        for i in range(data["months"]):
            month = start.replace(day=1) + relativedelta(months=i)
            if month > last_day:
                break
            n = i + 1
            out.append(
                {
                    "month": month.strftime("%Y-%m"),
                    "pay": str(data.get(f"pay{n}") or Decimal(0)),
                    "side_costs": str(data.get(f"side{n}") or Decimal(0)),
                    "holiday_pay": str(data.get(f"holiday{n}") or Decimal(0)),
                    "paid": bool(data.get(f"paid{n}")),
                }
            )
        return out


class StartUpClaimForm(forms.Form):
    """The start-up grant's monthly claim: the month and that the business went on full-time."""

    period_start = date_field(label=_("First day of the month claimed"))
    confirm = forms.BooleanField(
        label=_("My business went on full-time during the month"),
        error_messages={"required": _("Confirm that the business went on full-time.")},
    )

    def lines(self) -> list[dict[str, Any]]:
        month = self.cleaned_data["period_start"].strftime("%Y-%m")
        return [{"month": month, "pay": "0", "paid": True}]


class ContinuationForm(forms.Form):
    description = forms.CharField(
        label=_("How has your business gone, and why do you need a continuation?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    planned_months = forms.IntegerField(label=_("Months applied for"), min_value=1, max_value=6, initial=6)


def case_rows(case: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The application's figures with the form's own labels, for the status page."""
    rows: list[tuple[Any, Any]] = []
    fields = EmployerApplicationForm.base_fields
    for name, value in case.items():
        if name == "startup" and isinstance(value, dict):
            for key, flag in value.items():
                if key in StartUpForm.base_fields:
                    rows.append((StartUpForm.base_fields[key].label, _("yes") if flag else _("no")))
        elif name in CASE_DECIMALS:
            rows.append((fields[name].label, number_format(Decimal(str(value)), 2)))
        elif name in fields:
            choices = dict(getattr(fields[name], "choices", None) or [])
            rows.append((fields[name].label, choices.get(value, value)))
    return rows
