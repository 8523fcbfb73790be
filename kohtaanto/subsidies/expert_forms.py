"""The subsidy expert's forms. They only shape the input; the services check it against the
application, the rules and the register, and their refusals come back onto these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaanto.web.forms import date_field

from .models import Benefit, DecisionKind, State

# The client facts the register does not hold, ticked by the expert from the application's
# evidence (decision_services.CLIENT_FLAGS); labels for the form and the preview.
FACT_LABELS = {
    "reduced_work_capacity": _("Reduced work capacity (diagnosed injury or illness)"),
    "basic_education_only": _("Basic education only"),
    "immigrant": _("Immigrant"),
    "helsinki_resident": _("Resident of Helsinki"),
    "helsinki_need_assessed": _("Need for the Helsinki supplement assessed"),
    "helsinki_card": _("Holds a Helsinki card (Helsinki-lisä card)"),
}


# The calculator's state-aid bases, as the expert reads them.
AID_BASIS_LABELS = {
    "de_minimis": _("de minimis aid"),
    "block_exemption": _("general block exemption"),
    "not_state_aid": _("not state aid"),
}


class FactsForm(forms.Form):
    """The facts ticked for the preview and the decision."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FACT_LABELS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def facts(self) -> dict[str, bool]:
        data = self.cleaned_data if self.is_valid() else {}
        return {k: True for k in FACT_LABELS if data.get(k)}


class DecisionForm(FactsForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices, initial="first")
    months = forms.IntegerField(
        label=_("Months granted"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("Empty: the months applied for. Fewer months is a partial grant."),
    )
    start = date_field(
        label=_("Start of the amended or continued period"),
        required=False,
        help_text=_("Only for an amendment or a continuation; empty: the application's start date."),
    )
    justification = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("The reasons are shown in the decision document."),
    )

    field_order = ["outcome", "kind", "months", "start", "justification"]


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("What information is needed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class EndForm(forms.Form):
    end = date_field(label=_("Last day of the subsidy"))


class RecoveryForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Overpaid amount (EUR)"), min_value=0, max_digits=12, decimal_places=2
    )
    reason = forms.CharField(label=_("Reason"), max_length=5000)


class PaymentDecisionForm(forms.Form):
    approve = forms.ChoiceField(
        label=_("Decision on the payment"),
        choices=[("yes", _("Approve")), ("no", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        help_text=_("Required when rejecting; shown to the applicant."),
    )


class QueueFilter(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("all"))] + list(State.choices), required=False
    )
    benefit = forms.ChoiceField(
        label=_("Benefit"), choices=[("", _("all"))] + list(Benefit.choices), required=False
    )
