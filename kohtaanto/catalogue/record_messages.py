"""The catalogue record's validation messages (formats.record, a pure library that speaks
English codes such as `exceeds capacity` at paths such as `locations[0].lat`) as sentences
in the page language, with the field's label instead of its path."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIXED = {
    "must be text": gettext_lazy("Enter text."),
    "contains control characters": gettext_lazy("Remove the control characters."),
    "missing": gettext_lazy("This field is required."),
    "must be a whole number": gettext_lazy("Enter a whole number."),
    "must be a number": gettext_lazy("Enter a number."),
    "must be a list": gettext_lazy("Enter a list."),
    "must be an object": gettext_lazy("Enter the fields of the item."),
    "unknown field": gettext_lazy("This field is not known."),
    "coordinates missing": gettext_lazy("Give both the latitude and the longitude."),
    "must be a date YYYY-MM-DD": gettext_lazy("Enter a date as yyyy-mm-dd."),
    "must be a list of dates YYYY-MM-DD": gettext_lazy("Enter dates as yyyy-mm-dd."),
    "not an email address": gettext_lazy("Enter a valid email address."),
    "must start with https://": gettext_lazy("The address must start with https://."),
    "is below min_age": gettext_lazy("The maximum age is below the minimum age."),
    "exceeds capacity": gettext_lazy("There cannot be more available places than the capacity."),
    "must be true, false or null": gettext_lazy("Choose yes, no or unknown."),
    "not a valid business id (1234567-8)": gettext_lazy("Enter a valid business ID (1234567-8)."),
}
LOCATION_FIELDS = {
    "name": gettext_lazy("name"),
    "address": gettext_lazy("address"),
    "postal_code": gettext_lazy("postal code"),
    "lat": gettext_lazy("latitude"),
    "lon": gettext_lazy("longitude"),
}


def record_message(message: str) -> str:
    """One message as a sentence; an unknown one is passed on unchanged (never dropped)."""
    if message in FIXED:
        return str(FIXED[message])
    if m := re.fullmatch(r"longer than (\d+) characters", message):
        return _("Use at most %(n)s characters.") % {"n": m.group(1)}
    if m := re.fullmatch(r"must be between (\S+) and (\S+)", message):
        return _("Enter a value between %(low)s and %(high)s.") % {"low": m.group(1), "high": m.group(2)}
    if m := re.fullmatch(r"unknown value (.+)", message):
        return _("Unknown value %(value)s.") % {"value": m.group(1)}
    return message


def record_place(path: str) -> str:
    """Where in the form a nested path points ("locations[0].lat" -> "Location 1, latitude")."""
    if m := re.fullmatch(r"locations\[(\d+)\](?:\.(\w+))?", path):
        where = _("Location %(n)s") % {"n": int(m.group(1)) + 1}
        field = m.group(2)
        return f"{where}, {LOCATION_FIELDS.get(field, field)}" if field else where
    if m := re.fullmatch(r"(\w+)\[(\d+)\]", path):
        return _("Item %(n)s") % {"n": int(m.group(2)) + 1}
    return ""
