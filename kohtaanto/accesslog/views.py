from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kohtaanto.audit.labels import PURPOSE_LABELS
from kohtaanto.audit.models import Action
from kohtaanto.web.forms import date_field, int_param

from . import selectors


class AccessQueryForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    start = date_field(label=_("From"), required=False)
    end = date_field(label=_("To"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[
            (selectors.Outcome.ALL, _("all")),
            (selectors.Outcome.REFUSED, _("refused attempts")),
            (selectors.Outcome.ALLOWED, _("allowed access")),
        ],
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(w.pk, w.display_name) for w in workers]
        self.fields["action"].choices = [("", _("all")), *Action.choices]
        purposes = sorted(((code, str(label)) for code, label in PURPOSE_LABELS.items()), key=lambda p: p[1])
        self.fields["purpose"].choices = [("", _("all")), *purposes]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def _page_number(request) -> int:
    return max(1, int_param(request.GET.get("page"), 1) or 1)


@login_required
def my_access_log(request):
    log = selectors.access_log_for_client_user(actor=request.user, page=_page_number(request))
    return render(request, "audit/my_access_log.html", {"log": log})


@login_required
def access_by_worker(request):
    workers = selectors.supervisable_workers(request.user).order_by("last_name", "first_name")
    form = AccessQueryForm(request.GET or None, workers=workers)
    log = None
    if form.is_bound and form.is_valid():
        log = selectors.access_by_worker(
            actor=request.user,
            worker_id=form.cleaned_data["worker"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            action=form.cleaned_data["action"],
            purpose=form.cleaned_data["purpose"],
            outcome=form.cleaned_data["outcome"],
            page=_page_number(request),
            request_id=request.request_id,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/access_by_worker.html", {"form": form, "log": log, "query": query.urlencode()}
    )
