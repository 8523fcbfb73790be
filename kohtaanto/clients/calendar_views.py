"""The worker's week calendar page, its API and the iCalendar feed."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from ninja import Router, Schema

from kohtaanto.accounts.api_auth import role_auth
from kohtaanto.accounts.policy import TEAM_CASEWORK

from .calendar import calendar_feed_ics, calendar_feed_renew, calendar_feed_revoke, monday_of, week_calendar


def _monday(value: str | None) -> date:
    """`?week=2026-W49` or `?week=2026-12-03`; anything else is this week."""
    today = timezone.localdate()
    if value:
        try:
            if "W" in value:
                return date.fromisocalendar(int(value[:4]), int(value.split("W")[1]), 1)
            return monday_of(date.fromisoformat(value))
        except ValueError:
            pass
    return monday_of(today)


@login_required
@require_GET
def calendar_page(request):
    monday = _monday(request.GET.get("week"))
    entries = week_calendar(actor=request.user, monday=monday, request_id=request.request_id)
    days = [
        (monday + timedelta(days=i), [e for e in entries if e.day == monday + timedelta(days=i)])
        for i in range(7)
    ]
    context = {
        "monday": monday,
        "days": days,
        "conflicts": sum(e.conflict for e in entries),
        "prev": (monday - timedelta(days=7)).isoformat(),
        "next": (monday + timedelta(days=7)).isoformat(),
        "feed_url": request.session.pop("calendar_feed_url", None),
    }
    return render(request, "clients/calendar.html", context)


@login_required
@require_POST
def calendar_feed(request):
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(actor=request.user, request_id=request.request_id)
        messages.success(request, _("The calendar feed was turned off; its address no longer works."))
    else:
        token = calendar_feed_renew(actor=request.user, request_id=request.request_id)
        # Shown once, on the next page; only its hash is stored.
        request.session["calendar_feed_url"] = request.build_absolute_uri(
            reverse("calendar_ics", args=[token])
        )
    return redirect("calendar_page")


@require_GET
def calendar_ics(request, token: str):
    text = calendar_feed_ics(token=token)
    if text is None:
        raise Http404("no such calendar")
    return HttpResponse(text, content_type="text/calendar; charset=utf-8")


router = Router(tags=["casework"])


class EntryOut(Schema):
    meeting_id: int
    client_id: int
    client_name: str
    day: date
    start: time | None
    end: time | None
    kind: str
    kind_label: str
    channel_label: str
    place: str
    conflict: bool


@router.get(
    "",
    response=list[EntryOut],
    auth=role_auth(*TEAM_CASEWORK),
    summary="The worker's planned meetings in a week, with overlaps marked",
)
def calendar_api(request, week: str = ""):
    return week_calendar(actor=request.user, monday=_monday(week), request_id=request.request_id)
