from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kohtaanto.clients.forms import ContactForm, RegistrationForm
from kohtaanto.organisation.models import Office

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


LANGUAGES = [
    ("fi", "suomi"),
    ("sv", "svenska"),
    ("en", "English"),
    ("ru", "русский"),
    ("et", "eesti"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
    ("uk", "українська"),
    ("fa", "فارسی"),
    ("ku", "Kurdî"),
    ("zh", "中文"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("es", "español"),
    ("pt", "português"),
    ("fr", "français"),
    ("de", "Deutsch"),
    ("pl", "polski"),
    ("sq", "shqip"),
    ("ti", "ትግርኛ"),
    ("ne", "नेपाली"),
    ("bn", "বাংলা"),
    ("tl", "Tagalog"),
]


class SelfRegistrationForm(RegistrationForm):
    """The worker's registration form without what the person cannot say of themselves
    (the identity code comes from the identification; the need for multi-professional
    support is assessed in the initial interview), with contact details."""

    mother_tongue = forms.ChoiceField(label=_("Mother tongue"), choices=LANGUAGES, initial="fi")
    phone = ContactForm.base_fields["phone"]
    email = ContactForm.base_fields["email"]
    preferred_channel = ContactForm.base_fields["preferred_channel"]
    contact_language = ContactForm.base_fields["contact_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["hetu"]
        del self.fields["needs_multiprofessional"]
        self.fields["preferred_office"].choices = [
            ("", "–"),
            *[(o.name, o.name) for o in Office.objects.order_by("name")],
        ]

    CONTACT = ("phone", "email", "preferred_channel", "contact_language")
