"""The service edit form. It only shapes input into a catalogue record; the rules are in
formats.record (via services), so the form, the API and imports validate the same way."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .formats import vocab
from .models import (
    BENEFIT_EFFECT_LABELS,
    CHANNEL_LABELS,
    CHARGE_LABELS,
    KIND_CHOICES,
    LEVEL_CHOICES,
    LIFE_SITUATION_LABELS,
    TARGET_GROUP_LABELS,
    TYPE_LABELS,
    Provider,
)
from .record_messages import record_message, record_place

LANG_NAMES = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
MULTILINGUAL = {
    "name": (_("Name"), False),
    "summary": (_("Summary"), True),
    "description": (_("Description"), True),
    "eligibility": (_("Eligibility conditions"), True),
    "price": (_("Price details"), True),
    "accessibility": (_("Accessibility"), True),
    "benefit_effect_info": (_("Effect on the benefit, details"), True),
    "referral_steps": (_("Referral steps for the worker"), True),
    "client_register_entry": (_("What to record in the client register"), True),
}
YES_NO = [("", _("not specified")), ("yes", _("yes")), ("no", _("no"))]
BOOLS = {"yes": True, "no": False, "": None}
CONTACT = {
    "name": _("Contact name"),
    "email": _("Contact email"),
    "phone": _("Contact phone"),
    "url": _("Web page"),
}


def _blank(choices: list) -> list:
    return [("", _("not specified")), *choices]


def _codes(labels: dict) -> list:
    return list(labels.items())


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    service_type = forms.ChoiceField(label=_("Service type"), choices=_codes(TYPE_LABELS))
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups (empty: open to all)"),
        choices=_codes(TARGET_GROUP_LABELS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    life_situations = forms.MultipleChoiceField(
        label=_("Life situations"),
        choices=_codes(LIFE_SITUATION_LABELS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.CharField(
        label=_("Service languages (codes, comma-separated: fi, sv, en)"), required=False, max_length=100
    )
    required_finnish_level = forms.ChoiceField(
        label=_("Required Finnish level"), choices=_blank(LEVEL_CHOICES), required=False
    )
    required_swedish_level = forms.ChoiceField(
        label=_("Required Swedish level"), choices=_blank(LEVEL_CHOICES), required=False
    )
    municipalities = forms.CharField(
        label=_("Municipalities (codes, comma-separated, e.g. 091; empty: all)"),
        required=False,
        max_length=400,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=_codes(CHANNEL_LABELS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = forms.CharField(
        label=_("Locations, one a line: name | address | postal code | latitude | longitude"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    charge_type = forms.ChoiceField(label=_("Charge"), choices=_blank(_codes(CHARGE_LABELS)), required=False)
    attendance_obligatory = forms.ChoiceField(
        label=_("Attendance obligatory"), choices=YES_NO, required=False
    )
    benefit_effect = forms.ChoiceField(
        label=_("Effect on unemployment benefit"),
        choices=_blank(_codes(BENEFIT_EFFECT_LABELS)),
        required=False,
    )
    replaces_job_search_conversation = forms.ChoiceField(
        label=_("Replaces a job-search conversation"), choices=YES_NO, required=False
    )
    consent_required = forms.ChoiceField(label=_("Client consent needed"), choices=YES_NO, required=False)
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=0)
    available_places = forms.IntegerField(label=_("Available places"), required=False, min_value=0)
    start_dates = forms.CharField(
        label=_("Start dates (YYYY-MM-DD, comma-separated)"), required=False, max_length=1000
    )
    waiting_days = forms.IntegerField(label=_("Waiting time in days"), required=False, min_value=0)

    GROUPS = (
        (_("Description"), ("name", "summary", "description", "kind", "service_type")),
        (
            _("Who it is for"),
            ("target_groups", "min_age", "max_age", "life_situations", "municipalities", "eligibility"),
        ),
        (_("Languages"), ("languages", "required_finnish_level", "required_swedish_level")),
        (_("Where and how"), ("channels", "locations", "accessibility", "charge_type", "price")),
        (
            _("Effects and obligations"),
            (
                "attendance_obligatory",
                "benefit_effect",
                "benefit_effect_info",
                "replaces_job_search_conversation",
                "consent_required",
            ),
        ),
        (_("Referral"), ("referral_steps", "client_register_entry")),
        (_("Capacity"), ("capacity", "available_places", "start_dates", "waiting_days")),
        (_("Contact"), tuple(f"contact_{k}" for k in CONTACT)),
    )

    def __init__(self, *args: Any, providers: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, (label, long) in MULTILINGUAL.items():
            for lang in vocab.LANGS:
                widget = forms.Textarea(attrs={"rows": 4 if field == "description" else 2}) if long else None
                self.fields[f"{field}_{lang}"] = forms.CharField(
                    label=f"{label} ({LANG_NAMES[lang]})",
                    required=field == "name" and lang == "fi",
                    max_length=20000,
                    widget=widget,
                )
        for key, label in CONTACT.items():
            self.fields[f"contact_{key}"] = forms.CharField(label=label, required=False, max_length=300)
        if providers:
            self.fields["provider"] = forms.ModelChoiceField(
                label=_("Provider"), queryset=Provider.objects.all()
            )

    def fieldsets(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for the template, languages of a text side by side."""
        out = []
        for legend, names in self.GROUPS:
            bound = []
            for name in names:
                if name in MULTILINGUAL:
                    bound += [self[f"{name}_{lang}"] for lang in vocab.LANGS]
                else:
                    bound.append(self[name])
            out.append((legend, bound))
        if "provider" in self.fields:
            out[0][1].insert(0, self["provider"])
        return out

    def to_record(self) -> dict[str, Any]:
        d = self.cleaned_data
        rec: dict[str, Any] = {
            f: {lang: d.get(f"{f}_{lang}", "") for lang in vocab.LANGS} for f in MULTILINGUAL
        }
        for f in (
            "kind",
            "service_type",
            "target_groups",
            "life_situations",
            "channels",
            "min_age",
            "max_age",
        ):
            rec[f] = d.get(f)
        for f in ("capacity", "available_places", "waiting_days"):
            rec[f] = d.get(f)
        for f in ("required_finnish_level", "required_swedish_level", "charge_type", "benefit_effect"):
            rec[f] = d.get(f) or None
        for f in ("attendance_obligatory", "replaces_job_search_conversation", "consent_required"):
            rec[f] = BOOLS.get(d.get(f) or "")
        rec["languages"] = _split(d.get("languages", ""))
        rec["municipalities"] = _split(d.get("municipalities", ""))
        rec["start_dates"] = _split(d.get("start_dates", ""))
        rec["contact"] = {k: d.get(f"contact_{k}", "") for k in CONTACT}
        rec["locations"] = self._locations(d.get("locations", ""))
        return rec

    def _locations(self, text: str) -> list[dict]:
        out = []
        for line in text.splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            name, address, postal, lat, lon = (parts + [""] * 5)[:5]
            out.append(
                {"name": name, "address": address, "postal_code": postal, "lat": _num(lat), "lon": _num(lon)}
            )
        return out

    @classmethod
    def initial_from(cls, service) -> dict[str, Any]:
        """Form values from a service."""
        initial: dict[str, Any] = {}
        for f in MULTILINGUAL:
            for lang in vocab.LANGS:
                initial[f"{f}_{lang}"] = (getattr(service, f) or {}).get(lang, "")
        for f in (
            "kind",
            "service_type",
            "target_groups",
            "life_situations",
            "channels",
            "min_age",
            "max_age",
            "capacity",
            "available_places",
            "waiting_days",
            "required_finnish_level",
            "required_swedish_level",
            "charge_type",
            "benefit_effect",
        ):
            initial[f] = getattr(service, f)
        for f in ("attendance_obligatory", "replaces_job_search_conversation", "consent_required"):
            initial[f] = {True: "yes", False: "no"}.get(getattr(service, f), "")
        initial["languages"] = ", ".join(service.languages)
        initial["municipalities"] = ", ".join(service.municipalities)
        initial["start_dates"] = ", ".join(service.start_dates)
        for k in CONTACT:
            initial[f"contact_{k}"] = service.contact.get(k, "")
        initial["locations"] = "\n".join(
            " | ".join(str(loc.get(k, "")) for k in ("name", "address", "postal_code", "lat", "lon"))
            for loc in service.locations
        )
        return initial

    def add_record_errors(self, errors: dict[str, list[str]]) -> None:
        """Put a service's ValidationError (fields like name.fi, locations[0].lat) on form fields."""
        for path, messages in errors.items():
            name = re.sub(r"\[\d+\].*$", "", path).replace(".", "_")
            if name not in self.fields:
                name = name.split("_")[0] if name.split("_")[0] in self.fields else None
            place = "" if path.replace(".", "_") == name else record_place(path)
            for message in messages:
                sentence = record_message(message)
                self.add_error(name, f"{place}: {sentence}" if place else sentence)


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,\s]+", text) if p.strip()]


def _num(text: str) -> float | str | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text  # formats.record reports "must be a number" for this location
