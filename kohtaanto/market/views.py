"""Market profile, consents and matching pages for the client (/portal/profile/...) and
the worker (/clients/<id>/profile/...), and the staff market view. Thin: parse, call, render."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kohtaanto.accounts.policy import CLIENTS, STAFF_ROLES

from . import consents as consent_rules
from . import overview, selectors, services
from .forms import apply_edit, editor_context
from .models import PROFILE_FIELDS, Purpose


def market_role(*roles):
    """403 for other roles before anything is read."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


client_only = market_role(*CLIENTS)
staff_only = market_role(*selectors.MARKET_STAFF)


def _refused(request, exc: consent_rules.ConsentRequired, client_id: int | None):
    context = {"reason": str(exc), "purpose": exc.purpose, "client_id": client_id, "owner": client_id is None}
    return render(request, "market/consent_needed.html", context, status=403)


def _urls(client_id: int | None) -> dict:
    if client_id is None:
        return {
            "profile": reverse("market_portal_profile"),
            "jobs": reverse("market_portal_jobs"),
            "education": reverse("market_portal_education"),
            "consents": reverse("market_portal_consents"),
        }
    return {
        "profile": reverse("market_staff_profile", args=[client_id]),
        "jobs": reverse("market_staff_jobs", args=[client_id]),
        "education": reverse("market_staff_education", args=[client_id]),
        "consents": "",
    }


def _profile_page(request, client_id: int | None):
    try:
        view = selectors.profile_get(actor=request.user, client_id=client_id, request_id=request.request_id)
    except consent_rules.ConsentRequired as exc:
        return _refused(request, exc, client_id)
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        try:
            changes = apply_edit(view, request.POST)
            services.profile_update(
                actor=request.user, client_id=client_id, changes=changes, request_id=request.request_id
            )
        except consent_rules.ConsentRequired as exc:
            return _refused(request, exc, client_id)
        except ValidationError as exc:
            errors = [
                f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in exc.message_dict.items()
            ]
            status = 422
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(_urls(client_id)["profile"])
    context = editor_context(view)
    context.update({"errors": errors, "urls": _urls(client_id), "client_id": client_id})
    if client_id is None:
        context["consents"] = selectors.consents_of(view.client)
    return render(request, "market/profile.html", context, status=status)


@client_only
@require_http_methods(["GET", "POST"])
def portal_profile(request):
    return _profile_page(request, None)


@staff_only
@require_http_methods(["GET", "POST"])
def staff_profile(request, client_id: int):
    return _profile_page(request, client_id)


def _matches_page(request, client_id: int | None, kind: str):
    select = selectors.match_jobs if kind == "jobs" else selectors.match_education
    try:
        result = select(actor=request.user, client_id=client_id, request_id=request.request_id)
    except consent_rules.ConsentRequired as exc:
        return _refused(request, exc, client_id)
    context = {"m": result, "kind": kind, "urls": _urls(client_id), "client_id": client_id}
    return render(request, "market/matches.html", context)


@client_only
@require_GET
def portal_jobs(request):
    return _matches_page(request, None, "jobs")


@client_only
@require_GET
def portal_education(request):
    return _matches_page(request, None, "education")


@staff_only
@require_GET
def staff_jobs(request, client_id: int):
    return _matches_page(request, client_id, "jobs")


@staff_only
@require_GET
def staff_education(request, client_id: int):
    return _matches_page(request, client_id, "education")


@client_only
@require_http_methods(["GET", "POST"])
def portal_consents(request):
    status, errors = 200, {}
    if request.method == "POST":
        try:
            months = int(request.POST.get("months", "0"))
        except ValueError:
            months = 0
        try:
            consent = services.consent_grant(
                actor=request.user,
                purpose=request.POST.get("purpose", ""),
                fields=request.POST.getlist("fields"),
                months=months,
                language=(translation.get_language() or "fi")[:2],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            errors, status = exc.message_dict, 422
        else:
            messages.success(
                request,
                _("Thank you. Your consent for %(p)s is in force.") % {"p": consent.get_purpose_display()},
            )
            return redirect("market_portal_consents")
    rows = selectors.consents_list(actor=request.user, request_id=request.request_id)
    context = {
        "rows": rows,
        "purposes": [(p, label, consent_rules.PURPOSE_TEXT[p]) for p, label in Purpose.choices],
        "fields": [(f, consent_rules.FIELD_NAMES[f]) for f in PROFILE_FIELDS],
        "durations": list(consent_rules.DURATIONS.items()),
        "errors": errors,
        "chosen": request.POST if request.method == "POST" else None,
    }
    return render(request, "market/consents.html", context, status=status)


@client_only
@require_POST
def portal_consent_withdraw(request, receipt_id):
    consent = services.consent_withdraw(
        actor=request.user, receipt_id=receipt_id, request_id=request.request_id
    )
    messages.success(
        request,
        _("You withdrew your consent for %(p)s. It stopped at once.") % {"p": consent.get_purpose_display()},
    )
    return redirect("market_portal_consents")


@client_only
@require_GET
def portal_consent_receipt(request, receipt_id):
    receipt = selectors.consent_receipt(
        actor=request.user, receipt_id=receipt_id, request_id=request.request_id
    )
    response = HttpResponse(
        json.dumps(receipt, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="consent-receipt-{receipt_id}.json"'
    return response


@market_role(*selectors.MARKET_USERS)
@require_GET
def suggest(request):
    """HTMX: ESCO suggestions for what the person is typing (no personal data involved)."""
    kind = request.GET.get("kind", "occupation")
    rows = overview.suggestions(
        kind=kind,
        text=request.GET.get("q") or request.GET.get("text", ""),
        lang=(translation.get_language() or "fi")[:2],
    )
    # The section names the radio ids, so two editors on one page never share an id.
    section = "".join(ch for ch in request.GET.get("section", kind) if ch.isalpha() or ch == "_")[:30]
    return render(request, "market/_suggestions.html", {"rows": rows, "kind": kind, "section": section})


@market_role(*STAFF_ROLES)
@require_GET
def market_view(request):
    view = overview.market_overview(
        actor=request.user,
        group=request.GET.get("group", "isco2"),
        area=request.GET.get("area", ""),
        request_id=request.request_id,
    )
    return render(request, "market/market.html", {"v": view})
