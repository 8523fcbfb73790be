"""Need to know on the pages: the reason form's answer, and showing a whole identity code."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import access, selectors


@login_required
@require_POST
def client_access(request, client_id: int):
    """Record the stated reason and go on to the page that asked for it."""
    try:
        access.access_grant(
            actor=request.user,
            client_id=client_id,
            reason=request.POST.get("reason", ""),
            request_id=request.request_id,
        )
    except ValidationError:
        return redirect("client_page", client_id)  # the form again: no reason, nothing opens
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("client_page", client_id)
    return redirect(target)


@login_required
@require_POST
def identity_code(request, client_id: int):
    """The whole code in place of the masked one (an HTMX swap); the request is audited."""
    code = selectors.identity_code_reveal(
        actor=request.user, client_id=client_id, request_id=request.request_id
    )
    return HttpResponse(format_html('<span class="identity-code">{}</span>', code))
