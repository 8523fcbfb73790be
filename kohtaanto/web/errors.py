"""The 500 page: the styled template in the user's language, with the request (Django's
default renders 500.html without it, so the layout would lose the user and the language
menu); a plain page if rendering itself fails, since the error may be in the layout."""

from __future__ import annotations

from django.http import HttpResponseServerError
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
