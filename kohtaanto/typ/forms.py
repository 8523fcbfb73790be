"""The TYP page's forms; the services decide, the forms only parse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaanto.web.forms import date_field

from .models import ExitOutcome, Party


class StartForm(forms.Form):
    mapping_start = date_field(label=_("Mapping period starts"))
    support_days = forms.IntegerField(
        label=_("Labour-market support days (as Kela reports)"),
        required=False,
        min_value=0,
        max_value=5000,
        help_text=_(
            "Leave empty if not known; the continuous unemployment is then counted from the job search."
        ),
    )


class MemberForm(forms.Form):
    professional = forms.ModelChoiceField(queryset=None, label=_("Professional"))
    party = forms.ChoiceField(choices=Party.choices, label=_("Party"))

    def __init__(self, *args, professionals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = professionals
        self.fields["professional"].label_from_instance = lambda u: u.get_full_name() or u.username


class PlanForm(forms.Form):
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    services = forms.CharField(
        label=_("Agreed services"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    plan_date = date_field(label=_("Agreed on"))
    client_consent = forms.BooleanField(
        label=_("The client consents to the joint plan and to the parties sharing the data it needs"),
        required=False,
    )


class SignForm(forms.Form):
    party = forms.ChoiceField(choices=Party.choices, label=_("Party"))
    signer = forms.ModelChoiceField(queryset=None, label=_("Signed by"))
    signed_on = date_field(label=_("Signed on"))

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers
        self.fields["signer"].label_from_instance = lambda u: u.get_full_name() or u.username


class EndForm(forms.Form):
    ended_on = date_field(label=_("Ended on"))
    outcome = forms.ChoiceField(choices=ExitOutcome.choices, label=_("Outcome"))
