"""A person's way in: strong sign-in, the demo's test identification, registration as a job
seeker, and their contact details. Thin: parse, call, render."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kohtaanto.accounts import policy
from kohtaanto.clients import identity, intake
from kohtaanto.clients.contact_views import contact_page
from kohtaanto.clients.models import Client
from kohtaanto.web.forms import add_service_errors

from . import registration, selectors, signin
from .forms import SelfRegistrationForm
from .views import client_only


def signin_page(request):
    """Where a client starts: strong identification, or in a demo the test identification."""
    context = {
        "provider": settings.CLIENT_OIDC_PROVIDER_NAME if signin.client_oidc_enabled() else None,
        "test_identification": settings.TEST_IDENTIFICATION,
        "failed": request.GET.get("failed") == "1",
        "reason": request.session.pop("signin_refused", "") if request.GET.get("failed") else "",
    }
    return render(request, "portal/signin.html", context)


class TestIdentificationForm(forms.Form):
    hetu = forms.CharField(label=gettext_lazy("Identity code"), max_length=11, min_length=11)
    given_name = forms.CharField(label=gettext_lazy("First name"), max_length=100, required=False)
    family_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100, required=False)


@require_http_methods(["GET", "POST"])
def test_identification(request):
    """Testitunnistautuminen: a demo stand-in for Suomi.fi. It does not exist in production."""
    if not settings.TEST_IDENTIFICATION:
        raise Http404("no test identification here")
    form = TestIdentificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claims = {settings.CLIENT_OIDC_HETU_CLAIM: form.cleaned_data["hetu"], **form.cleaned_data}
        try:
            person = signin.person_from_claims(claims)
            user = signin.person_sign_in(
                person=person, method="test identification", request_id=request.request_id
            )
        except signin.IdentityRefused as exc:
            form.add_error("hetu", str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[registration.SESSION_KEY] = identity.encrypt(person.hetu)  # for registration
            return redirect("portal_home")
    status = 422 if form.errors else 200
    context = {"form": form, "examples": signin.demo_identities()}
    return render(request, "portal/test_identification.html", context, status=status)


@login_required(login_url="portal_signin")
@require_http_methods(["GET", "POST"])
def register(request):
    """Registration as a job seeker, for a signed-in person with no client record."""
    if not policy.is_client(request.user):
        raise PermissionDenied
    if Client.objects.filter(user=request.user).exists():
        messages.info(request, _("You are already registered as a job seeker."))
        return redirect("portal_home")
    stored = request.session.get(registration.SESSION_KEY, "")
    registration.identified_hetu(request.user, stored)  # 403 before the form when not identified
    initial = {"first_name": request.user.first_name, "last_name": request.user.last_name}
    form = SelfRegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        contact_data = {name: data.pop(name) for name in SelfRegistrationForm.CONTACT}
        try:
            client = registration.client_self_register(
                actor=request.user,
                identified=stored,
                registration=intake.Registration(hetu="", **data),
                contact_data=contact_data,
                request_id=request.request_id,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session.pop(registration.SESSION_KEY, None)
            messages.success(
                request,
                _("You are registered as a job seeker. Your client number is %(number)s.")
                % {"number": client.external_id},
            )
            return redirect("portal_home")
    return render(request, "portal/register.html", {"form": form}, status=422 if form.errors else 200)


@client_only
@require_http_methods(["GET", "POST"])
def portal_contact(request):
    client = selectors.portal_contact(actor=request.user, request_id=request.request_id)
    return contact_page(request, client, back=reverse("portal_home"))
