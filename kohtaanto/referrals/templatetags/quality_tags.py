"""`{{ quality|signal_for:s.service.pk }}`: a suggestion's provider quality signal, if any."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def signal_for(quality: dict, pk: int):
    return (quality or {}).get(pk)
