"""Form pieces every app shares: the one date widget, and a service's ValidationError shown
on the form that fed it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def int_param(value: str | None, default: int | None = None) -> int | None:
    """A whole number from a query or form parameter; `default` when missing or not a number."""
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Errors on fields the form has go to those fields; the rest to the whole form."""
    for name, errs in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errs)


class IsoDateInput(forms.DateInput):
    """`<input type="date">` whose value is always ISO (YYYY-MM-DD), whatever the language.

    Browsers accept only ISO in a date input; Django's DateInput formats the value with the
    locale's first input format, so Finnish pages rendered 03.12.2026, the browser showed an
    empty field and saving the form erased the date (issue 18). Every form's date field uses
    this widget (tests/clients/test_meeting_rights_and_notes.py checks it); the browser shows the date in the
    user's own convention."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(**kwargs) -> forms.DateField:
    """A form DateField with the ISO date widget."""
    return forms.DateField(widget=IsoDateInput(), **kwargs)
