"""Showing a service's ValidationError on the form that fed it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Errors on fields the form has go to those fields; the rest to the whole form."""
    for name, errs in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errs)
