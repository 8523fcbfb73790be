"""Forms of the procurement pages; the services validate again and decide."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kohtaanto.catalogue.models import Provider, Service
from kohtaanto.web.forms import IsoDateInput

from .invoices import MAX_LINES, LineIn
from .models import LineDecision, PriceModel, RoundState

DATE = IsoDateInput()


class ContractForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.order_by("name"))
    title = forms.CharField(label=_("Title"), max_length=200)
    services = forms.ModelMultipleChoiceField(
        label=_("Services"), queryset=Service.objects.select_related("provider").order_by("name_fi")
    )
    start = forms.DateField(label=_("Start date"), widget=DATE)
    end = forms.DateField(label=_("End date"), widget=DATE)
    capacity = forms.IntegerField(label=_("Capacity commitment (clients)"), min_value=1)
    price_model = forms.ChoiceField(label=_("Price model"), choices=PriceModel.choices)
    price = forms.DecimalField(label=_("Price (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    randomised = forms.BooleanField(
        label=_("Randomise the cohort against a comparison group"), required=False
    )
    comparison_share = forms.DecimalField(
        label=_("Comparison group share"),
        required=False,
        min_value=0,
        max_value=Decimal("0.99"),
        decimal_places=2,
    )
    bonus_min_hours = forms.DecimalField(label=_("Bonus: at least hours a week"), required=False, min_value=1)
    bonus_within_months = forms.IntegerField(
        label=_("Bonus: employed within months"), required=False, min_value=1
    )
    bonus_still_months = forms.IntegerField(
        label=_("Bonus: still employed after months"), required=False, min_value=0
    )
    bonus_amount = forms.DecimalField(label=_("Bonus amount (EUR)"), required=False, min_value=0)
    bonus_rules = forms.CharField(
        label=_("Other bonus rules (JSON list)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A JSON list of rules in the form the API takes, for example a share of earnings."),
    )

    def bonus(self) -> dict | None:
        """The first rule version, or None without bonus rules."""
        data = self.cleaned_data
        rules: list = []
        if data.get("bonus_amount"):
            rules.append(
                {
                    "outcome": "employed",
                    "min_weekly_hours": data.get("bonus_min_hours"),
                    "within_months": data.get("bonus_within_months"),
                    "still_employed_after_months": data.get("bonus_still_months") or 0,
                    "amount": data["bonus_amount"],
                }
            )
        if data.get("bonus_rules"):
            try:
                extra = json.loads(data["bonus_rules"])
            except ValueError as exc:
                raise ValidationError({"bonus_rules": _("The bonus rules are not valid JSON.")}) from exc
            rules.extend(extra if isinstance(extra, list) else [extra])
        if not rules:
            return None
        return {"valid_from": data["start"], "valid_to": None, "source": data["title"], "rules": rules}

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "provider_id": data["provider"].pk,
            "title": data["title"],
            "service_ids": [s.pk for s in data["services"]],
            "start": data["start"],
            "end": data["end"],
            "capacity": data["capacity"],
            "price_model": data["price_model"],
            "price": data["price"],
            "randomised": data["randomised"],
            "comparison_share": data.get("comparison_share") or Decimal(0),
            "bonus": self.bonus(),
        }


class InvoiceForm(forms.Form):
    contract = forms.ChoiceField(label=_("Contract"))
    number = forms.CharField(label=_("Invoice number"), max_length=40)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    lines = forms.CharField(
        label=_("Lines"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One line each: client number; service number; days; amount"),
    )

    def __init__(self, *args, contracts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [(c.pk, c.title) for c in contracts]

    def clean_lines(self) -> list[LineIn]:
        parsed = []
        rows = [r for r in self.cleaned_data["lines"].splitlines() if r.strip()]
        if len(rows) > MAX_LINES:
            raise ValidationError(_("Too many lines."))
        for n, row in enumerate(rows, start=1):
            parts = [p.strip() for p in row.replace(",", ";").split(";")]
            try:
                client, service, days, amount = parts
                parsed.append(LineIn(int(client), int(service), int(days), Decimal(amount)))
            except (ValueError, InvalidOperation):
                raise ValidationError(
                    _("Line %(n)s: write client number; service number; days; amount.") % {"n": n}
                ) from None
        return parsed


class DecisionForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(LineDecision.ACCEPTED, _("accept")), (LineDecision.DISPUTED, _("dispute"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    need = forms.CharField(label=_("The need"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)
    deadline = forms.DateField(label=_("Proposal deadline"), widget=DATE)
    documents = forms.CharField(
        label=_("Documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One each line: title; address"),
    )

    def clean_documents(self) -> list[dict]:
        docs = []
        for row in self.cleaned_data["documents"].splitlines():
            if row.strip():
                title, _sep, url = row.partition(";")
                if not url.strip():
                    raise ValidationError(_("Write each document as: title; address"))
                docs.append({"title": title.strip()[:200], "url": url.strip()[:500]})
        return docs


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class AnswerForm(forms.Form):
    question_id = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), max_length=5000)


class ProposalForm(forms.Form):
    summary = forms.CharField(
        label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    price_model = forms.ChoiceField(label=_("Price model"), choices=PriceModel.choices)
    price = forms.DecimalField(label=_("Price (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    capacity = forms.IntegerField(label=_("Capacity (clients)"), min_value=1)


class ScoreForm(forms.Form):
    proposal_id = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("Score (0-100)"), min_value=0, max_value=100, decimal_places=1)
    note = forms.CharField(label=_("Evaluation note"), max_length=500, required=False)


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=RoundState.choices)


class AwardForm(forms.Form):
    proposal_id = forms.IntegerField(widget=forms.HiddenInput)
    services = forms.ModelMultipleChoiceField(
        label=_("Services"), queryset=Service.objects.order_by("name_fi")
    )
    start = forms.DateField(label=_("Start date"), widget=DATE)
    end = forms.DateField(label=_("End date"), widget=DATE)
