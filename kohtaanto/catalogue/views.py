"""Catalogue screens. Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kohtaanto.web.forms import int_param

from . import permissions, selectors, services
from .forms import ServiceForm
from .models import KIND_CHOICES, State


@login_required
def catalogue_list(request):
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    q = request.GET.get("q", "")
    page = selectors.service_list(
        actor=request.user,
        page=int_param(request.GET.get("page"), 1),
        query=q,
        kind=kind if kind in dict(KIND_CHOICES) else "",
        state=state if state in State.values else "",
    )
    context = {
        "page": page,
        "q": q,
        "kind": kind,
        "state": state,
        "kinds": KIND_CHOICES,
        "states": State.choices,
        "moderator": permissions.is_moderator(request.user),
        "can_create": permissions.can_create(request.user),
    }
    template = "catalogue/_service_table.html" if request.htmx else "catalogue/list.html"
    return render(request, template, context)


def _detail_context(request, service) -> dict:
    return {
        "s": service,
        "can_edit": permissions.can_edit(request.user, service),
        "targets": permissions.allowed_targets(request.user, service),
    }


@login_required
def service_detail(request, service_id: int):
    service = selectors.service_get(actor=request.user, service_id=service_id)
    return render(request, "catalogue/detail.html", _detail_context(request, service))


@login_required
def my_services(request):
    rows = selectors.provider_services(actor=request.user)
    return render(
        request,
        "catalogue/mine.html",
        {"rows": rows, "provider": permissions.provider_of(request.user), "can_create": True},
    )


def _save(request, form: ServiceForm, save) -> object | None:
    if not form.is_valid():
        return None
    try:
        return save(form.to_record())
    except ValidationError as exc:
        form.add_record_errors(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
        return None


@login_required
@require_http_methods(["GET", "POST"])
def service_new(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied
    moderator = permissions.provider_of(request.user) is None
    form = ServiceForm(request.POST or None, providers=moderator)

    def save(rec):
        provider = form.cleaned_data.get("provider")
        return services.service_create(
            actor=request.user,
            data=rec,
            provider_id=provider.pk if provider else None,
            request_id=request.request_id,
        )

    service = _save(request, form, save) if request.method == "POST" else None
    if service is not None:
        messages.success(request, _("The service was saved as a draft."))
        return redirect("catalogue_service", service_id=service.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "catalogue/form.html", {"form": form, "s": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, service_id: int):
    service = selectors.service_get(actor=request.user, service_id=service_id)
    if not permissions.can_edit(request.user, service):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, initial=ServiceForm.initial_from(service))

    def save(rec):
        return services.service_update(
            actor=request.user, service_id=service.pk, data=rec, request_id=request.request_id
        )

    saved = _save(request, form, save) if request.method == "POST" else None
    if saved is not None:
        if saved.state == State.READY and service.state != State.READY:
            messages.info(request, _("Saved. The changes go to a moderator before they are published."))
        else:
            messages.success(request, _("Saved."))
        return redirect("catalogue_service", service_id=service.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "catalogue/form.html", {"form": form, "s": service}, status=status)


@login_required
@require_POST
def service_transition(request, service_id: int):
    try:
        service = services.service_transition(
            actor=request.user,
            service_id=service_id,
            to=request.POST.get("to", ""),
            request_id=request.request_id,
        )
    except ValidationError as exc:
        service = selectors.service_get(actor=request.user, service_id=service_id)
        context = {**_detail_context(request, service), "error": " ".join(exc.messages)}
        return render(request, "catalogue/_moderation.html", context, status=422)
    if request.htmx:
        return render(request, "catalogue/_moderation.html", _detail_context(request, service))
    messages.success(request, _("The state is now: %(state)s.") % {"state": service.get_state_display()})
    return redirect("catalogue_service", service_id=service.pk)


@login_required
@require_POST
def service_review(request, service_id: int):
    service = services.service_mark_reviewed(
        actor=request.user, service_id=service_id, request_id=request.request_id
    )
    if request.htmx:
        return render(request, "catalogue/_moderation.html", _detail_context(request, service))
    messages.success(request, _("Marked as reviewed."))
    return redirect("catalogue_service", service_id=service.pk)
