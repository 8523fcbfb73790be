"""Service matching on the client page, referrals, and the provider's incoming list."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaanto.accounts import policy
from kohtaanto.organisation.tenancy import area_code_of
from kohtaanto.web.forms import int_param

from . import selectors, services
from .matching import refer_from_suggestions, suggest_services
from .models import DismissReason, ReferralState
from .quality import quality_for

# Who takes referral steps at all: the client's workers and the providers (their own services).
STEPPERS = services.REFERRERS | policy.PROVIDERS


@login_required
@require_POST
def match(request, client_id: int):
    if request.user.role not in services.REFERRERS:
        raise PermissionDenied
    need = request.POST.get("need", "")
    try:
        suggestions = suggest_services(
            actor=request.user, client_id=client_id, need=need, request_id=request.request_id
        )
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    context = {
        "suggestions": suggestions,
        "quality": quality_for(
            suggestions, area_code_of(request.user)
        ),  # shown beside each suggestion; never reorders
        "need": need,
        "client_id": client_id,
        "reasons": DismissReason.choices,
    }
    return render(request, "referrals/_suggestions.html", context)


@login_required
@require_POST
def refer(request, client_id: int):
    if request.user.role not in services.REFERRERS:
        raise PermissionDenied
    try:
        refer_from_suggestions(
            actor=request.user,
            client_id=client_id,
            service_id=int_param(request.POST.get("service_id"), 0),
            need=request.POST.get("need", ""),
            note=request.POST.get("note", ""),
            request_id=request.request_id,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The client was referred to the service."))
    return redirect("client_page", client_id=client_id)


@login_required
@require_POST
def dismiss(request, client_id: int):
    if request.user.role not in services.REFERRERS:
        raise PermissionDenied
    try:
        services.suggestion_dismiss(
            actor=request.user,
            client_id=client_id,
            service_id=int_param(request.POST.get("service_id"), 0),
            reason=request.POST.get("reason", ""),
            comment=request.POST.get("comment", ""),
            need_text=request.POST.get("need", ""),
            rank=int_param(request.POST.get("rank")),
            request_id=request.request_id,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The suggestion was set aside; thank you for the feedback."))
    return redirect("client_page", client_id=client_id)


@login_required
def incoming(request):
    states = request.GET.getlist("state")
    rows = selectors.provider_referrals(actor=request.user, states=states, request_id=request.request_id)
    return render(
        request,
        "referrals/incoming.html",
        {"rows": rows, "states": ReferralState.choices, "today": date.today()},
    )


@login_required
@require_POST
def step(request, referral_id: int):
    if request.user.role not in STEPPERS:
        raise PermissionDenied
    # A worker's step form names the client page to return to; without it, refuse up front.
    if request.user.role in services.REFERRERS and (int_param(request.POST.get("client_id")) or 0) <= 0:
        return HttpResponseBadRequest(_("The client is missing from the request."))
    try:
        on = date.fromisoformat(request.POST["on"]) if request.POST.get("on") else None
    except ValueError:
        return _failed(request, [_("The date must be YYYY-MM-DD.")])
    try:
        referral = services.referral_step(
            actor=request.user,
            referral_id=referral_id,
            to=request.POST.get("to", ""),
            on=on,
            reason=request.POST.get("reason", ""),
            request_id=request.request_id,
        )
    except ValidationError as exc:
        return _failed(request, exc.messages)
    messages.success(request, _("The referral was updated."))
    if request.user.role in services.REFERRERS:
        return redirect("client_page", client_id=referral.client_id)
    return redirect("referrals_incoming")


def _failed(request, errors: list[str]):
    """After a failed step a worker returns to the client page they came from (checked
    in `step`), a provider to the incoming list."""
    if request.user.role not in services.REFERRERS:
        messages.error(request, " ".join(errors))
        return redirect("referrals_incoming")
    messages.error(request, " ".join(errors))
    return redirect("client_page", client_id=int_param(request.POST.get("client_id")))
