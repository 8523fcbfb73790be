from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kohtaanto.web.forms import date_field

from . import selectors


class AccessQueryForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    start = date_field(label=_("From"), required=False)
    end = date_field(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


@login_required
def my_access_log(request):
    events = selectors.access_log_for_client_user(actor=request.user)
    return render(request, "audit/my_access_log.html", {"events": events})


@login_required
def access_by_worker(request):
    workers = selectors.supervisable_workers(request.user).order_by("last_name", "first_name")
    form = AccessQueryForm(request.GET or None)
    form.fields["worker"].choices = [(w.pk, w.display_name) for w in workers]
    events = None
    if form.is_bound and form.is_valid():
        events = selectors.access_by_worker(
            actor=request.user,
            worker_id=form.cleaned_data["worker"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            request_id=request.request_id,
        )
    return render(request, "audit/access_by_worker.html", {"form": form, "events": events})
