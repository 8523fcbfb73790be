"""Ohjaamo forms: the visit, and the survey built from the questions in force."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kohtaanto.domain.ohjaamo import SurveyVersion
from kohtaanto.web.forms import date_field

from .models import AgeGroup, Topic, Transition


class VisitForm(forms.Form):
    date = date_field(label=_("Date"))
    topic = forms.ChoiceField(choices=Topic.choices, label=_("Topic"))
    age_group = forms.ChoiceField(
        choices=[("", "—"), *AgeGroup.choices], label=_("Age group"), required=False
    )
    transition = forms.ChoiceField(
        choices=Transition.choices, label=_("Transition to a service"), required=False
    )
    client_number = forms.CharField(
        label=_("Client number (leave empty for an anonymous visit)"), max_length=20, required=False
    )


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: SurveyVersion, **kwargs):
        super().__init__(*args, **kwargs)
        lang = (get_language() or "fi")[:2]
        for q in survey.questions:
            self.fields[q.id] = forms.TypedChoiceField(
                label=q.label(lang),
                choices=[(str(v), str(v)) for v in range(q.min, q.max + 1)],
                coerce=int,
                widget=forms.RadioSelect,
            )
