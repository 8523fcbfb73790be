from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FEEDBACK_TEXT_MAX, MESSAGE_MAX, RESCHEDULE_REASON_MAX


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX}),
        help_text=_("At most 5000 characters."),
    )


SCORES = [
    (5, _("5 – very good")),
    (4, _("4 – good")),
    (3, _("3 – neither good nor bad")),
    (2, _("2 – poor")),
    (1, _("1 – very poor")),
]


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did it go?"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us more (you can leave this empty)"),
        required=False,
        max_length=FEEDBACK_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_TEXT_MAX}),
    )
    language = forms.ChoiceField(
        label=_("Language you wrote in"),
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        required=False,
    )


class RescheduleForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the time not suit you?"),
        max_length=RESCHEDULE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": RESCHEDULE_REASON_MAX}),
    )
    preferred = forms.CharField(
        label=_("Which times would suit you? (you can leave this empty)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"maxlength": 200}),
    )
