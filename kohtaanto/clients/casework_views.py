"""Case-work screens beyond the client page: plan editor, network, shared notes, reassignment."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kohtaanto.accounts import policy
from kohtaanto.web.forms import add_service_errors

from . import selectors, services
from .forms import NetworkAddForm, NoteForm, PlanForm, PlanTaskFormSet, ReassignForm
from .models import Client


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, client_id: int):
    if request.user.role not in services.PLAN_EDITORS:
        raise PermissionDenied
    detail = selectors.client_detail(actor=request.user, client_id=client_id, request_id=request.request_id)
    plan = detail.plan
    initial = {"goals": plan.goals, "job_search_obligation": plan.job_search_obligation} if plan else None
    tasks = (
        [
            {"title": t.title, "assignee": t.assignee, "due_date": t.due_date, "done": t.done}
            for t in plan.tasks.all()
        ]
        if plan
        else []
    )
    form = PlanForm(request.POST or None, initial=initial)
    formset = PlanTaskFormSet(request.POST or None, initial=tasks, prefix="tasks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("title")]
        try:
            services.plan_save(
                actor=request.user,
                client_id=client_id,
                tasks=rows,
                request_id=request.request_id,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan was saved as a new version."))
            return redirect("client_page", client_id=client_id)
    return render(
        request,
        "clients/plan_edit.html",
        {"c": detail.client, "form": form, "formset": formset},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def network_add(request, client_id: int):
    if request.user.role not in services.PLAN_EDITORS:
        raise PermissionDenied
    selectors.client_get(
        actor=request.user, client_id=client_id, purpose="client network", request_id=request.request_id
    )
    form = NetworkAddForm(request.POST)
    form.fields["member"].choices = [
        (u.pk, u.display_name) for u in selectors.network_candidates(actor=request.user)
    ]
    if form.is_valid():
        try:
            services.network_add(
                actor=request.user,
                client_id=client_id,
                request_id=request.request_id,
                member_id=form.cleaned_data["member"],
                consent_given=form.cleaned_data["consent_given"],
            )
            messages.success(request, _("The professional was added to the network."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose the professional and the date of the client's consent."))
    return redirect("client_page", client_id=client_id)


@login_required
@require_POST
def network_remove(request, client_id: int, member_id: int):
    if request.user.role not in services.PLAN_EDITORS:
        raise PermissionDenied
    services.network_remove(
        actor=request.user, client_id=client_id, member_id=member_id, request_id=request.request_id
    )
    messages.success(request, _("The professional was removed from the network."))
    return redirect("client_page", client_id=client_id)


@login_required
@require_POST
def note_add(request, client_id: int):
    if request.user.role not in services.NOTE_ROLES:
        raise PermissionDenied
    selectors.client_get(
        actor=request.user, client_id=client_id, purpose="shared note", request_id=request.request_id
    )
    form = NoteForm(request.POST)
    form.fields["visible_to"].choices = [(r, r) for r in services.NOTE_ROLES]
    if form.is_valid():
        services.note_share(
            actor=request.user, client_id=client_id, request_id=request.request_id, **form.cleaned_data
        )
        messages.success(request, _("The note was shared."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("client_page", client_id=client_id)


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request):
    if not policy.is_supervisor(request.user):
        raise PermissionDenied
    workers = [r.worker for r in selectors.team_caseloads(actor=request.user, norm=0, today=date.today())]
    choices = [(w.pk, w.display_name) for w in workers]
    form = ReassignForm(request.POST or None)
    form.fields["from_worker"].choices = choices
    form.fields["to_worker"].choices = [("", "–"), *choices]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["mode"] == "spread":
                n = services.worker_offboard(
                    actor=request.user,
                    worker_id=d["from_worker"],
                    note=d["note"],
                    request_id=request.request_id,
                )
            else:
                numbers = [x.strip() for x in d["client_numbers"].split() if x.strip()]
                ids = list(
                    Client.objects.filter(
                        external_id__in=numbers, responsible_worker_id=d["from_worker"]
                    ).values_list("pk", flat=True)
                )
                if len(ids) != len(set(numbers)):
                    raise ValidationError(
                        {"client_numbers": _("Some client numbers are not this worker's clients.")}
                    )
                if not d["to_worker"]:
                    raise ValidationError({"to_worker": _("Choose the new worker.")})
                n = services.clients_reassign(
                    actor=request.user,
                    client_ids=ids,
                    to_worker_id=d["to_worker"],
                    note=d["note"],
                    request_id=request.request_id,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)s client was reassigned.", "%(n)s clients were reassigned.", n) % {"n": n},
            )
            return redirect("team_caseloads")
    return render(request, "clients/reassign.html", {"form": form}, status=422 if form.errors else 200)
