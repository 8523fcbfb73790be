"""The contact-data form, for the worker here and for the client in the portal (one page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kohtaanto.accounts import policy
from kohtaanto.web.forms import add_service_errors

from . import contact, selectors
from .forms import ContactForm
from .models import Client


def contact_page(request, client: Client, *, back: str):
    """GET shows the client's contact data; POST saves it or shows what is wrong (422)."""
    own = client.user_id == request.user.pk
    form = ContactForm(request.POST or None, initial=contact.contact_of(client).model_dump())
    if request.method == "POST" and form.is_valid():
        try:
            contact.client_contact_update(
                actor=request.user, client=client, data=form.cleaned_data, request_id=request.request_id
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact details saved."))
            return redirect(back)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "client": client, "own": own, "back": back}
    return render(request, "clients/contact_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def client_contact_edit(request, client_id: int):
    if not policy.can_record_meetings(request.user):  # the team's roles, before anything is read
        raise PermissionDenied
    client = selectors.client_get(
        actor=request.user, client_id=client_id, purpose="contact data", request_id=request.request_id
    )
    if not contact.may_edit_contact(request.user, client):
        raise PermissionDenied
    return contact_page(request, client, back=reverse("client_page", args=[client.pk]))
