"""Changing one's own password (local accounts; single sign-on users change theirs at the
identity provider)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .services import user_password_change


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form (checks the current password and the validators); the write and its
    audit event go through accounts.services, and the session survives the change."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        user_password_change(
            actor=self.request.user,
            new_password=form.cleaned_data["new_password1"],
            request_id=getattr(self.request, "request_id", ""),
        )
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.get_success_url())
