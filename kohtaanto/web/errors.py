"""The 403 page (with the need-to-know reason form) and the 500 page: the styled template in the user's language, with the request (Django's
default renders 500.html without it, so the layout would lose the user and the language
menu); a plain page if rendering itself fails, since the error may be in the layout."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template import loader

PLAIN = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Kohtaanto</title></head>"
    "<body><h1>500</h1><p>Kohtaanto</p></body></html>"
)


def server_error(request):
    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        body = PLAIN
    return HttpResponseServerError(body)


class ReasonRequired(PermissionDenied):
    """Opening this client needs a stated reason first (need to know, issue 13 point 9).
    Raised by the client selectors; the 403 page offers the reasons, the API lists them."""

    def __init__(self, client_id: int, reasons: dict[str, str]):
        super().__init__("state a reason to open this client")
        self.client_id = client_id
        self.reasons = reasons


def forbidden(request, exception=None):
    """403: the reason form when a reason would open the client, else the usual page."""
    if isinstance(exception, ReasonRequired):
        context = {
            "client_id": exception.client_id,
            "reasons": exception.reasons,
            "next": request.get_full_path(),
        }
        return HttpResponseForbidden(loader.render_to_string("clients/access_reason.html", context, request))
    return HttpResponseForbidden(loader.render_to_string("403.html", request=request))
