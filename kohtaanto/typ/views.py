"""The TYP pages: a client's case for the parties of the joint service, and the indicators
for team leaders and service managers. Thin: forms parse, services and selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TYP_PROFESSIONALS
from kohtaanto.web.forms import add_service_errors

from . import services
from .forms import EndForm, MemberForm, PlanForm, SignForm, StartForm
from .selectors import typ_for, typ_indicators


def _professionals():
    """Everyone the service accepts on a team: Kela's and the other network professionals too."""
    return User.objects.filter(is_active=True, role__in=TYP_PROFESSIONALS).order_by("last_name", "first_name")


def _page(request, client_id: int, status: int = 200, **bound):
    view = typ_for(
        actor=request.user,
        client_id=client_id,
        reason=request.GET.get("reason", ""),
        request_id=request.request_id,
    )
    today = timezone.localdate()
    team = list(view.case.team.all()) if view.case else []
    signers = User.objects.filter(pk__in=[m.professional_id for m in team])
    context = {
        "view": view,
        "client": view.client,
        "team": team,
        "start_form": bound.get("start") or StartForm(initial={"mapping_start": today}, prefix="s"),
        "member_form": bound.get("member") or MemberForm(professionals=_professionals(), prefix="m"),
        "plan_form": bound.get("plan") or PlanForm(initial={"plan_date": today}, prefix="p"),
        "sign_form": bound.get("sign") or SignForm(signers=signers, initial={"signed_on": today}, prefix="g"),
        "end_form": bound.get("end") or EndForm(initial={"ended_on": today}, prefix="e"),
    }
    return render(request, "typ/case.html", context, status=status)


@login_required
@require_GET
def case_page(request, client_id: int):
    return _page(request, client_id)


def _post(request, client_id: int, key: str, form, call, done: str):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("typ_case", client_id=client_id)
    return _page(request, client_id, status=422, **{key: form})


@login_required
@require_POST
def case_start(request, client_id: int):
    services.require_writer(request.user)
    form = StartForm(request.POST, prefix="s")
    return _post(
        request,
        client_id,
        "start",
        form,
        lambda d: services.case_start(
            actor=request.user, client_id=client_id, request_id=request.request_id, **d
        ),
        _("The mapping period started."),
    )


@login_required
@require_POST
def team_add(request, client_id: int):
    services.require_writer(request.user)
    form = MemberForm(request.POST, professionals=_professionals(), prefix="m")
    return _post(
        request,
        client_id,
        "member",
        form,
        lambda d: services.team_member_add(
            actor=request.user,
            client_id=client_id,
            professional_id=d["professional"].pk,
            party=d["party"],
            request_id=request.request_id,
        ),
        _("The professional joined the team."),
    )


@login_required
@require_POST
def plan_agree(request, client_id: int):
    services.require_writer(request.user)
    form = PlanForm(request.POST, prefix="p")
    return _post(
        request,
        client_id,
        "plan",
        form,
        lambda d: services.plan_agree(
            actor=request.user, client_id=client_id, request_id=request.request_id, **d
        ),
        _("The joint plan was saved. Record each party's signature."),
    )


@login_required
@require_POST
def plan_sign(request, client_id: int):
    form = SignForm(request.POST, signers=_professionals(), prefix="g")
    return _post(
        request,
        client_id,
        "sign",
        form,
        lambda d: services.plan_sign(
            actor=request.user,
            client_id=client_id,
            party=d["party"],
            signer_id=d["signer"].pk,
            signed_on=d["signed_on"],
            request_id=request.request_id,
        ),
        _("The signature was recorded."),
    )


@login_required
@require_POST
def case_end(request, client_id: int):
    services.require_writer(request.user)
    form = EndForm(request.POST, prefix="e")
    return _post(
        request,
        client_id,
        "end",
        form,
        lambda d: services.case_end(
            actor=request.user,
            client_id=client_id,
            ended_on=d["ended_on"],
            outcome=d["outcome"],
            request_id=request.request_id,
        ),
        _("The joint-service case was ended."),
    )


@login_required
@require_GET
def indicators(request):
    found = typ_indicators(actor=request.user, request_id=request.request_id)
    return render(request, "typ/indicators.html", {"found": found})
