from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, MeetingKind, MeetingStatus


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.HELD)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    planned_date = forms.DateField(
        label=_("Planned date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    held_date = forms.DateField(
        label=_("Held on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
