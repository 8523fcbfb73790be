"""The client's side of an introduction: in the portal the client reads the vacancy and
accepts or declines; on the staff side the client's worker records the client's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaanto.accounts import policy
from kohtaanto.clients.selectors import client_get
from kohtaanto.market.consents import ConsentRequired
from kohtaanto.portal.views import client_only

from . import vacancy_selectors, vacancy_services
from .models import Candidate, CandidateStatus

PURPOSE = "employer matching"


def _answer(request, candidate_id: int) -> None:
    accept = request.POST.get("answer") == "accept"
    try:
        vacancy_services.candidate_answer(
            actor=request.user, candidate_id=candidate_id, accept=accept, request_id=request.request_id
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConsentRequired as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Thank you: the employer now sees your details.")
            if accept
            else _("Thank you: the answer was saved."),
        )


@client_only
def portal_introductions(request):
    rows = vacancy_selectors.client_introductions(request.user)
    return render(request, "employers/portal_introductions.html", {"rows": rows, "Status": CandidateStatus})


@client_only
@require_POST
def portal_introduction_answer(request, candidate_id: int):
    if not Candidate.objects.filter(pk=candidate_id, client__user=request.user).exists():
        raise PermissionDenied
    _answer(request, candidate_id)
    return redirect("portal_introductions")


@login_required
def client_introductions(request, client_id: int):
    if not policy.can_record_meetings(request.user):
        raise PermissionDenied
    client = client_get(
        actor=request.user, client_id=client_id, purpose=PURPOSE, request_id=request.request_id
    )
    if not policy.can_write_meetings(request.user, client):
        raise PermissionDenied
    rows = vacancy_selectors.client_introductions(request.user, client_id=client.pk)
    context = {"c": client, "rows": rows, "Status": CandidateStatus}
    return render(request, "employers/client_introductions.html", context)


@login_required
@require_POST
def client_introduction_answer(request, client_id: int, candidate_id: int):
    if not policy.can_record_meetings(request.user):
        raise PermissionDenied
    if not Candidate.objects.filter(pk=candidate_id, client_id=client_id).exists():
        raise PermissionDenied
    _answer(request, candidate_id)
    return redirect("client_introductions", client_id)
