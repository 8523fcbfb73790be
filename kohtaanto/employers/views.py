"""The employer coordinator's screens: the register with last contact and next action, and
one employer's details and contact history. Thin: parse, call, render."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kohtaanto.accounts import policy
from kohtaanto.web.forms import add_service_errors, date_field, int_param

from . import selectors, services, vacancy_selectors
from .models import InteractionKind


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InteractionKind.choices)
    date = date_field(label=gettext_lazy("Date"))
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_action = forms.CharField(label=gettext_lazy("Next action"), required=False, max_length=300)
    next_action_date = date_field(label=gettext_lazy("Next action on"), required=False)


@login_required
def employer_list(request):
    mine = (
        request.GET.get("mine", "1" if policy.has_role(request.user, policy.EMPLOYER_WRITERS) else "") == "1"
    )
    query = request.GET.get("q", "")[:100]
    page = selectors.employer_list(
        actor=request.user, query=query, mine=mine, page=int_param(request.GET.get("page"), 1) or 1
    )
    context = {
        "page": page,
        "q": query,
        "mine": mine,
        "query": urlencode({"q": query, "mine": "1" if mine else "0"}),
    }
    return render(request, "employers/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def employer_detail(request, employer_id: int):
    can_write = policy.has_role(request.user, policy.EMPLOYER_WRITERS)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    employer = selectors.employer_get(actor=request.user, employer_id=employer_id)
    form = InteractionForm(request.POST or None, initial={"date": date.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interaction_record(
                actor=request.user,
                employer_id=employer.pk,
                kind=data["kind"],
                on=data["date"],
                note=data["note"],
                next_action=data["next_action"],
                next_action_date=data["next_action_date"],
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact was recorded."))
            return redirect("employer_detail", employer.pk)
    context = {
        "e": employer,
        "contacts": employer.contacts.all(),
        "interactions": employer.interactions.select_related("recorded_by")[:100],
        "form": form if can_write else None,
        "vacancies": vacancy_selectors.vacancies(request.user, employer_id=employer.pk)[:50],
        "can_add_vacancy": policy.has_role(request.user, policy.VACANCY_STAFF),
    }
    return render(request, "employers/detail.html", context, status=422 if form.errors else 200)
