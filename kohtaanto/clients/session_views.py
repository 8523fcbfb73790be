"""The network professional's form for their own session, on the client page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kohtaanto.accounts.policy import can_record_network_sessions
from kohtaanto.web.forms import date_field

from .models import SESSION_SUMMARY_MAX, Channel, SessionKind
from .session_services import network_session_record


class SessionForm(forms.Form):
    date = date_field(label=gettext_lazy("Date"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of session"), choices=SessionKind.choices)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=Channel.choices)
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        required=False,
        max_length=SESSION_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Seen by you and the client's own team; others see only that a session took place."
        ),
    )


def session_form() -> SessionForm:
    return SessionForm(initial={"date": timezone.localdate()})


@login_required
@require_POST
def network_session_new(request, client_id: int):
    if not can_record_network_sessions(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            network_session_record(
                actor=request.user, client_id=client_id, request_id=request.request_id, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The session was recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("client_page", client_id=client_id)
