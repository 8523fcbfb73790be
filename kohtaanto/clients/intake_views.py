"""Intake screens: registration, batch import, segmentation rules with a dry-run preview."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kohtaanto.accounts import policy
from kohtaanto.domain import documents
from kohtaanto.organisation.models import Office
from kohtaanto.web.input import document_rejected_message

from . import intake
from .batch import parse_batch
from .forms import BatchImportForm, RegistrationForm, RulesForm


def _require_registrar(user) -> None:
    if user.role not in intake.REGISTRARS:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    _require_registrar(request.user)
    form = RegistrationForm(request.POST or None)
    form.fields["preferred_office"].choices = [
        ("", "–"),
        *[(o.name, o.name) for o in Office.objects.order_by("name")],
    ]
    if request.method == "POST" and form.is_valid():
        try:
            (client,) = intake.clients_register(
                actor=request.user,
                registrations=[intake.Registration(**form.cleaned_data)],
                request_id=request.request_id,
            )
        except intake.ImportRejected as exc:
            for r in exc.rejected:
                form.add_error(r["field"] if r["field"] in form.fields else None, r["message"])
        else:
            messages.success(
                request,
                _("Client %(number)s registered to team %(team)s.")
                % {"number": client.external_id, "team": client.team.name},
            )
            if policy.is_case_worker(request.user) and client.responsible_worker_id == request.user.pk:
                return redirect("client_page", client_id=client.pk)
            # Shown once on the next form, so the registrar can open the new client.
            request.session["registered_client"] = {"id": client.pk, "number": client.external_id}
            return redirect("register_client")
    registered = request.session.pop("registered_client", None) if request.method == "GET" else None
    return render(
        request,
        "clients/register.html",
        {"form": form, "registered": registered},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_import(request):
    _require_registrar(request.user)
    form = BatchImportForm(request.POST or None, request.FILES or None)
    rejected, created = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        try:
            documents.check_size(upload.size, max_bytes=limit)
            regs = parse_batch(upload.read(), upload.name, max_bytes=limit)
            created = len(
                intake.clients_register(actor=request.user, registrations=regs, request_id=request.request_id)
            )
        except intake.ImportRejected as exc:
            rejected = exc.rejected
        except documents.DocumentRejected as exc:
            too_big = {"row": 0, "field": "", "message": document_rejected_message(exc)}
            return render(
                request,
                "clients/batch_import.html",
                {"form": form, "rejected": [too_big], "created": None},
                status=400,
            )
    status = 422 if rejected else 200
    return render(
        request,
        "clients/batch_import.html",
        {"form": form, "rejected": rejected, "created": created},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def segmentation_rules(request):
    if not policy.is_administrator(request.user):
        raise PermissionDenied
    initial = {"rules": json.dumps(intake.current_rules(), ensure_ascii=False, indent=2)}
    form = RulesForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            rules = documents.loads(form.cleaned_data["rules"])
            if "save" in request.POST:
                intake.rules_save(
                    actor=request.user,
                    rules=rules,
                    note=form.cleaned_data["note"],
                    request_id=request.request_id,
                )
                messages.success(request, _("Rules saved. They apply to new registrations."))
                return redirect("segmentation_rules")
            preview = intake.rules_preview(actor=request.user, rules=rules)
        except json.JSONDecodeError as exc:
            form.add_error(
                "rules", _("Invalid JSON at line %(line)s: %(msg)s") % {"line": exc.lineno, "msg": exc.msg}
            )
        except documents.DocumentRejected as exc:
            form.add_error("rules", document_rejected_message(exc))
        except ValidationError as exc:
            form.add_error("rules", exc.message_dict.get("rules", exc.messages))
    return render(
        request,
        "clients/segmentation_rules.html",
        {"form": form, "preview": preview},
        status=422 if form.errors else 200,
    )
