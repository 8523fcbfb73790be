"""Ohjaamo pages: the staff's visit form with the unit's figures, paper survey entry, and
the client's survey in the portal. Thin: the services and selectors decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts.policy import CLIENTS, OHJAAMO_STAFF, has_role
from kohtaanto.web.forms import add_service_errors

from . import services
from .forms import SurveyForm, VisitForm
from .models import Topic
from .selectors import ohjaamo_counts, portal_survey_state, survey_questions


@login_required
def home(request):
    if not has_role(request.user, OHJAAMO_STAFF):
        raise PermissionDenied
    form = VisitForm(request.POST or None, initial={"date": timezone.localdate()}, prefix="v")
    if request.method == "POST":
        if form.is_valid():
            data = {k: v or "" for k, v in form.cleaned_data.items()}
            data["date"] = form.cleaned_data["date"]
            try:
                services.visit_record(actor=request.user, request_id=request.request_id, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The visit was recorded."))
                return redirect("ohjaamo_home")
    counts = ohjaamo_counts(actor=request.user, request_id=request.request_id)
    template = "ohjaamo/_counts.html" if request.htmx and request.method == "GET" else "ohjaamo/home.html"
    status = 422 if form.errors else 200
    return render(request, template, {"form": form, "counts": counts, "topics": Topic.choices}, status=status)


def _survey_page(request, *, save, template: str, done: str, redirect_to: str):
    survey = survey_questions()
    form = SurveyForm(request.POST or None, survey=survey, prefix="q")
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(redirect_to)
    status = 422 if form.errors else 200
    return render(request, template, {"form": form, "survey": survey}, status=status)


@login_required
def survey_paper(request):
    if not has_role(request.user, OHJAAMO_STAFF):
        raise PermissionDenied
    return _survey_page(
        request,
        save=lambda a: services.survey_paper_enter(
            actor=request.user, answers=a, request_id=request.request_id
        ),
        template="ohjaamo/survey_paper.html",
        done=_("The survey sheet was saved."),
        redirect_to="ohjaamo_survey_paper",
    )


@login_required
def survey_portal(request):
    if not has_role(request.user, CLIENTS):
        raise PermissionDenied
    if request.method == "GET" and portal_survey_state(actor=request.user):
        return render(request, "ohjaamo/survey_portal.html", {"answered": True})
    return _survey_page(
        request,
        save=lambda a: services.survey_portal_answer(
            actor=request.user, answers=a, request_id=request.request_id
        ),
        template="ohjaamo/survey_portal.html",
        done=_("Thank you for your answers!"),
        redirect_to="portal_ohjaamo_survey",
    )
