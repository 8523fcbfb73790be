"""Text no database should store: NUL characters and unpaired UTF-16 surrogates.

PostgreSQL refuses both (SQLite stores them), so they would surface as a 500 deep in a
write. They are refused at the edge instead, with a 400 that says why: the API's JSON
bodies and query strings through `SafeParser`, and every request's query string and form
fields through `RejectBadTextMiddleware`.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from kohtaanto.domain import documents

_BAD = re.compile("[\x00\ud800-\udfff]")


def bad_text(value: Any) -> bool:
    """True if any string in a JSON-like structure (keys included) holds forbidden text."""
    if isinstance(value, str):
        return bool(_BAD.search(value))
    if isinstance(value, dict):
        return any(bad_text(k) or bad_text(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(bad_text(v) for v in value)
    return False


REASON = "text may not contain NUL characters or unpaired surrogates"


def document_rejected_message(exc: documents.DocumentRejected) -> str:
    """Why an upload was refused before parsing, in the user's language."""
    if exc.limit == "size":
        return _("The file is too large: at most %(max)s.") % {"max": filesizeformat(exc.maximum)}
    return _("The document nests deeper than %(max)s levels, which no valid file does.") % {
        "max": exc.maximum
    }


class SafeParser(Parser):
    def parse_body(self, request):
        data = documents.loads(request.body)
        if bad_text(data):
            raise NinjaValidationError([{"loc": ["body"], "msg": REASON, "type": "value_error"}])
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        if bad_text(result):
            raise NinjaValidationError([{"loc": ["query"], "msg": REASON, "type": "value_error"}])
        return result


class RejectBadTextMiddleware:
    """Refuse a request whose query string or form fields carry forbidden text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = list(request.GET.lists())
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            fields += list(request.POST.lists())
        if any(bad_text(k) or bad_text(v) for k, v in fields) or bad_text(request.path):
            return JsonResponse({"detail": REASON}, status=400)
        return self.get_response(request)
