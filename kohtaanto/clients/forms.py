from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaanto.organisation.models import Office
from kohtaanto.web.forms import date_field

from .models import MEETING_NOTES_MAX, Channel, ContactChannel, MeetingKind, MeetingStatus


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.HELD)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    planned_date = date_field(label=_("Planned date"), required=False)
    held_date = date_field(label=_("Held on"), required=False)
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=45, required=False
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Office.objects.order_by("name"), required=False
    )
    video_link = forms.URLField(label=_("Video link"), required=False, max_length=500, assume_scheme="https")
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MEETING_NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Why you record this meeting for another worker's client"), required=False, max_length=300
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_reason:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class RegistrationForm(forms.Form):
    hetu = forms.CharField(label=_("Identity code"), max_length=11, min_length=11)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    mother_tongue = forms.CharField(
        label=_("Mother tongue (ISO code, e.g. fi, sv, so)"), max_length=3, initial="fi"
    )
    finnish_level = forms.ChoiceField(
        label=_("Finnish level"),
        choices=[(v, v) for v in ("native", "C2", "C1", "B2", "B1", "A2", "A1", "none")],
    )
    swedish_level = forms.ChoiceField(
        label=_("Swedish level"),
        choices=[(v, v) for v in ("none", "A1", "A2", "B1", "B2", "C1", "C2", "native")],
    )
    education_level = forms.ChoiceField(
        label=_("Education level"),
        choices=[
            ("none", _("no completed education")),
            ("basic", _("basic education")),
            ("upper_secondary", _("upper secondary")),
            ("tertiary", _("tertiary")),
        ],
    )
    needs_multiprofessional = forms.BooleanField(label=_("Needs multi-professional support"), required=False)
    arrival_date = date_field(label=_("Arrival in Finland"), required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=5, required=False)
    preferred_office = forms.ChoiceField(label=_("Preferred office"), required=False)


class BatchImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, JSON or JSON Lines)"))


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules (JSON)"), widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PlanForm(forms.Form):
    goals = forms.CharField(
        label=_("Goals"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    job_search_obligation = forms.IntegerField(
        label=_("Applications a month (0–4)"), min_value=0, max_value=4, initial=4
    )


class PlanTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300, required=False)
    assignee = forms.ChoiceField(label=_("For"), choices=[("client", _("client")), ("worker", _("worker"))])
    due_date = date_field(label=_("Due"), required=False)
    done = forms.BooleanField(label=_("Done"), required=False)


PlanTaskFormSet = forms.formset_factory(PlanTaskForm, extra=3, max_num=30)


class NetworkAddForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Professional"), coerce=int)
    consent_given = date_field(label=_("Client consented on"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Shared note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    visible_to = forms.MultipleChoiceField(
        label=_("Visible to"), widget=forms.CheckboxSelectMultiple, required=False
    )


class ReassignForm(forms.Form):
    from_worker = forms.TypedChoiceField(label=_("From worker"), coerce=int)
    to_worker = forms.TypedChoiceField(label=_("To worker"), coerce=int, required=False)
    mode = forms.ChoiceField(
        label=_("What"),
        choices=[
            ("one", _("Move the chosen clients to the chosen worker")),
            ("spread", _("The worker leaves: spread all clients over the team")),
        ],
        widget=forms.RadioSelect,
        initial="one",
    )
    client_numbers = forms.CharField(
        label=_("Client numbers (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(
        label=_("Handover note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactForm(forms.Form):
    """Renders the contact data; `clients.contact.ContactData` validates it (one set of rules
    for the portal, the worker's page and the API)."""

    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"autocomplete": "tel"})
    )
    email = forms.CharField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    street_address = forms.CharField(
        label=_("Street address"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    post_office = forms.CharField(
        label=_("Post office"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How do you want to hear that something waits for you?"),
        choices=[("", _("as the service decides")), *ContactChannel.choices],
        required=False,
    )
    contact_language = forms.ChoiceField(
        label=_("Language of service"),
        choices=[("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
    )
    interpreter_needed = forms.BooleanField(label=_("I need an interpreter"), required=False)
    interpreter_language = forms.CharField(
        label=_("Interpreter's language (e.g. ar, so, uk)"), required=False, max_length=3
    )
