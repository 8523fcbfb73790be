"""Recruitment-event pages: the area's events with a form for a new one and one event with
its participants and attendance (employer staff); the upcoming events with register and
cancel in the portal, and on the client's behalf for their own team. Thin: parse, call a
service or selector, render."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kohtaanto.accounts import policy
from kohtaanto.clients.models import Client
from kohtaanto.portal.views import client_only
from kohtaanto.web.forms import add_service_errors, date_field, int_param

from . import access, event_selectors, event_services
from .models import Employer, RecruitmentEvent
from .vacancy_views import _only

PAST_SHOWN = 50


class EventForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    date = date_field(label=gettext_lazy("Date"))
    time = forms.TimeField(
        label=gettext_lazy("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Places"),
        required=False,
        min_value=1,
        max_value=event_services.MAX_CAPACITY,
        help_text=gettext_lazy("Leave empty if there is no limit."),
    )
    employers = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Employers taking part"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, employers: list[Employer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employers"].choices = [(e.pk, e.name) for e in employers]

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "starts_at": timezone.make_aware(datetime.combine(d["date"], d["time"])),
            "place": d["place"],
            "description": d["description"],
            "capacity": d["capacity"],
            "employers": d["employers"],
        }


def _employers(actor, event: RecruitmentEvent | None = None) -> list[Employer]:
    """The area's employers, and those already on the event."""
    wanted = access.employer_scope(actor)
    if event is not None:
        wanted |= Q(events=event)
    return list(Employer.objects.filter(wanted).distinct().order_by("name", "id")[:500])


def _initial(event: RecruitmentEvent) -> dict:
    local = timezone.localtime(event.starts_at)
    return {
        "title": event.title,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "place": event.place,
        "description": event.description,
        "capacity": event.capacity,
        "employers": [e.pk for e in event.employers.all()],
    }


@_only(policy.EVENT_ORGANISERS)
@require_http_methods(["GET", "POST"])
def event_list(request):
    can_add = event_selectors.can_organise(request.user)
    form = EventForm(request.POST or None, employers=_employers(request.user)) if can_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                event = event_services.event_create(
                    actor=request.user, data=form.service_data(), request_id=request.request_id
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("event_detail", event.pk)
    qs = event_selectors.events(request.user)
    today = event_selectors.start_of_today()
    context = {
        "upcoming": list(qs.filter(starts_at__gte=today)[:500]),
        "past": list(qs.filter(starts_at__lt=today).order_by("-starts_at", "-id")[:PAST_SHOWN]),
        "form": form,
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "employers/events.html", context, status=status)


@_only(policy.EVENT_ORGANISERS)
@require_http_methods(["GET", "POST"])
def event_detail(request, event_id: int):
    event = event_selectors.event_get(request.user, event_id)
    form = EventForm(request.POST or None, employers=_employers(request.user, event), initial=_initial(event))
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_update(
                actor=request.user, event_id=event.pk, data=form.service_data(), request_id=request.request_id
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("event_detail", event.pk)
    organises = event_selectors.organises(request.user, event)
    context = {
        "e": event,
        "form": form,
        "organises": organises,
        "participants": event_selectors.participants(request.user, event, request_id=request.request_id)
        if organises
        else [],
        "attendance_open": timezone.localdate(event.starts_at) <= timezone.localdate(),
    }
    return render(request, "employers/event_detail.html", context, status=422 if form.errors else 200)


ATTENDED = {"yes": True, "no": False, "": None}


@_only(policy.EVENT_PARTICIPANT_READERS)
@require_POST
def event_attendance(request, event_id: int):
    event_selectors.event_get(request.user, event_id)
    marks = {}
    for value in request.POST.getlist("registration"):
        pk = int_param(value)
        if pk is not None:
            marks[pk] = ATTENDED.get(request.POST.get(f"attended-{pk}", ""))
    try:
        event_services.attendance_mark(
            actor=request.user, event_id=event_id, marks=marks, request_id=request.request_id
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance was saved."))
    return redirect("event_detail", event_id)


def _write(request, call, success: str) -> None:
    """Run a registration write and tell the outcome as a message."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@client_only
@require_GET
def portal_events(request):
    if not Client.objects.filter(user=request.user).exists():
        return redirect("portal_register")  # identified, not yet a job seeker
    rows = event_selectors.portal_events(request.user, request_id=request.request_id)
    return render(request, "employers/portal_events.html", {"rows": rows})


@client_only
@require_POST
def portal_event_register(request, event_id: int):
    _write(
        request,
        lambda: event_services.registration_add(
            actor=request.user, event_id=event_id, request_id=request.request_id
        ),
        _("You have registered for the event."),
    )
    return redirect("portal_events")


@client_only
@require_POST
def portal_event_cancel(request, event_id: int):
    _write(
        request,
        lambda: event_services.registration_cancel(
            actor=request.user, event_id=event_id, request_id=request.request_id
        ),
        _("Your registration was cancelled."),
    )
    return redirect("portal_events")


def _team_only(request) -> None:
    """Other roles are refused before any client is read."""
    if not policy.can_record_meetings(request.user):
        raise PermissionDenied


@login_required
@require_GET
def client_events(request, client_id: int):
    _team_only(request)
    client, rows = event_selectors.client_events(request.user, client_id, request_id=request.request_id)
    return render(request, "employers/client_events.html", {"c": client, "rows": rows})


@login_required
@require_POST
def client_event_register(request, client_id: int, event_id: int):
    _team_only(request)
    _write(
        request,
        lambda: event_services.registration_add(
            actor=request.user, event_id=event_id, client_id=client_id, request_id=request.request_id
        ),
        _("The client was registered for the event."),
    )
    return redirect("client_events", client_id)


@login_required
@require_POST
def client_event_cancel(request, client_id: int, event_id: int):
    _team_only(request)
    _write(
        request,
        lambda: event_services.registration_cancel(
            actor=request.user, event_id=event_id, client_id=client_id, request_id=request.request_id
        ),
        _("The registration was cancelled."),
    )
    return redirect("client_events", client_id)
