"""Case worker screens that combine apps (the worklist's badges, the client page, the meeting
form with its outcome). Thin: parse input, call a selector or service, render."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kohtaanto.accounts import policy
from kohtaanto.accounts.policy import (
    TEAM_CASEWORK,
    can_record_meetings,
    can_record_network_sessions,
    can_write_meetings,
    has_role,
    meeting_needs_reason,
)
from kohtaanto.clients import selectors, services
from kohtaanto.clients.forms import MeetingForm
from kohtaanto.clients.session_views import session_form
from kohtaanto.outcomes.offer_selectors import below_obligation_last_month
from kohtaanto.outcomes.views import outcome_forms
from kohtaanto.portal.reschedule import clients_asking
from kohtaanto.portal.selfservice import clients_requesting
from kohtaanto.referrals.models import NEED_MAX_LENGTH
from kohtaanto.referrals.services import REFERRERS
from kohtaanto.web.forms import add_service_errors, int_param

from .client_page import client_page as read_client_page


@login_required
def worklist(request):
    page = selectors.client_worklist(
        actor=request.user,
        page=int_param(request.GET.get("page"), 1),
        query=request.GET.get("q", ""),
        request_id=request.request_id,
    )
    ids = [c.pk for c in page.rows]
    below = below_obligation_last_month(client_ids=ids, today=date.today())
    context = {
        "page": page,
        "q": request.GET.get("q", ""),
        "today": date.today(),
        "below_obligation": below,
        "asks_to_reschedule": clients_asking(client_ids=ids),
        "asks_for_referral": clients_requesting(client_ids=ids),
    }
    template = "clients/_worklist_table.html" if request.htmx else "clients/worklist.html"
    return render(request, template, context)


@login_required
def client_page(request, client_id: int):
    # One selector reads every section and writes one audit event listing them.
    page = read_client_page(
        actor=request.user,
        client_id=client_id,
        reason=request.GET.get("reason", ""),
        request_id=request.request_id,
    )
    return render(
        request,
        "clients/client_page.html",
        {
            "d": page.detail,
            "c": page.detail.client,
            "today": date.today(),
            "can_record": can_write_meetings(request.user, page.detail.client),
            "can_edit_plan": request.user.role in services.PLAN_EDITORS,
            "can_message": has_role(request.user, TEAM_CASEWORK),
            "can_read_typ": has_role(request.user, policy.TYP_READERS),
            "candidates": selectors.network_candidates(actor=request.user)
            if request.user.role in services.PLAN_EDITORS
            else [],
            "note_roles": services.NOTE_ROLES if request.user.role in services.NOTE_ROLES else [],
            "can_refer": request.user.role in REFERRERS,
            "need_max_length": NEED_MAX_LENGTH,
            "referrals": page.referrals,
            "form": MeetingForm(initial={"held_date": date.today()}),
            "outlook": page.outlook,
            "reschedule_requests": page.reschedule_requests,
            "referral_requests": page.referral_requests,
            "documents": page.documents,
            "market": page.market,
            "sessions": page.sessions,
            "outcomes": page.outcomes,
            **(
                outcome_forms(ended=page.detail.client.job_search_status == "ended")
                if can_write_meetings(request.user, page.detail.client)
                else {}
            ),
            "session_form": session_form() if can_record_network_sessions(request.user) else None,
        },
    )


def _meeting_writer(request, client) -> bool:
    """Refuse those outside the client's team; True when the writer must give a reason."""
    if not can_write_meetings(request.user, client):
        raise PermissionDenied
    return meeting_needs_reason(request.user, client)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, client_id: int):
    if not can_record_meetings(request.user):
        raise PermissionDenied
    # Reading the client first keeps the 404 for clients outside the actor's scope.
    client = selectors.client_get(
        actor=request.user, client_id=client_id, purpose="record meeting", request_id=request.request_id
    )
    needs_reason = _meeting_writer(request, client)
    form = MeetingForm(request.POST or None, initial={"held_date": date.today()}, needs_reason=needs_reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                actor=request.user, client_id=client.pk, request_id=request.request_id, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("client_page", client_id=client.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "clients/meeting_form.html", {"c": client, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_outcome(request, client_id: int, meeting_id: int):
    """Record what happened to a planned meeting: held, no-show, cancelled or moved. The
    form carries the meeting's notes, so saving keeps them (a change adds a version)."""
    if not can_record_meetings(request.user):
        raise PermissionDenied
    detail = selectors.client_detail(actor=request.user, client_id=client_id, request_id=request.request_id)
    needs_reason = _meeting_writer(request, detail.client)
    meeting = next((m for m in detail.meetings if m.pk == meeting_id), None)
    if meeting is None:
        raise Http404("meeting not found")
    initial = {
        "kind": meeting.kind,
        "status": "held" if meeting.status == "planned" else meeting.status,
        "channel": meeting.channel,
        "planned_date": meeting.planned_date,
        "held_date": meeting.held_date or date.today(),
        "start_time": meeting.start_time,
        "duration_minutes": meeting.duration_minutes,
        "office": meeting.office_id,
        "video_link": meeting.video_link,
        "notes": meeting.notes,
    }
    form = MeetingForm(request.POST or None, initial=initial, needs_reason=needs_reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                actor=request.user,
                client_id=client_id,
                meeting_id=meeting.pk,
                request_id=request.request_id,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("client_page", client_id=client_id)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "clients/meeting_form.html",
        {"c": detail.client, "form": form, "meeting": meeting},
        status=status,
    )


@login_required
def team_caseloads(request):
    rows = selectors.team_caseloads(actor=request.user, norm=settings.CASELOAD_NORM, today=date.today())
    over = sum(r.over_norm for r in rows)
    return render(
        request, "clients/caseloads.html", {"rows": rows, "norm": settings.CASELOAD_NORM, "over": over}
    )


@login_required
def home(request):
    landing = policy.home_for(request.user)
    return redirect(landing) if landing else render(request, "home.html")
