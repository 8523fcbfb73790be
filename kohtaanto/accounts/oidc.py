"""OpenID Connect sign-in (Helsinki-tunnistus, or Suomi.fi through a broker) beside the local login.

Configured only from `KOHTAANTO_OIDC_*` environment variables (see kohtaanto/settings.py and
docs/security.md) and off when `KOHTAANTO_OIDC_CLIENT_ID` is not set: the routes answer 404 and
the login page shows no button.

Linking policy, chosen to be safe rather than convenient:

- OIDC never creates a user. A person signs in only to an account that already exists, was
  created by an administrator and is active.
- The link is the provider's verified e-mail address (`email` with `email_verified` true),
  optionally restricted to the domains in `KOHTAANTO_OIDC_EMAIL_DOMAINS`. Exactly one account
  must carry that address (case-insensitively); none or several refuse the login.
- Only staff roles below administrator may sign in this way. Administrators, Django staff and
  superusers, clients and service providers are refused and use the local login (which is
  throttled); a session opened through OIDC stops working if the account later becomes one
  of those or is deactivated.
- Besides what mozilla-django-oidc checks (signature against the provider's JWKS, algorithm,
  nonce, PKCE), the ID token's issuer, audience, authorised party, expiry and subject are
  verified, and the userinfo subject must equal the ID token's.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import User
from .policy import OIDC_ROLES

LOGGER = logging.getLogger(__name__)

# Roles that may sign in through the identity provider.
# Clock skew tolerated on `exp`/`iat`, in seconds.
LEEWAY = 30


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ENABLED)


def may_use_oidc(user: User) -> bool:
    """Whether an account may be reached through the identity provider at all."""
    return bool(user.is_active and not user.is_superuser and not user.is_staff and user.role in OIDC_ROLES)


class KohtaantoOIDCBackend(OIDCAuthenticationBackend):
    """Maps a verified OIDC identity to one existing staff account; creates nothing."""

    # Which callback this backend answers: clients' sign-in (portal/signin.py) marks its
    # requests "client", so neither backend ever acts on the other's identities.
    flow = "staff"

    def enabled(self) -> bool:
        return oidc_enabled()

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view passes the nonce it stored when the login started; any other
        # authenticate() call (the password form, the admin) is not an OIDC login.
        if request is None or not kwargs.get("nonce") or not self.enabled():
            return None
        if getattr(request, "oidc_flow", "staff") != self.flow:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, KeyError, ValueError) as exc:
            # Fail closed with a redirect to the login page, never a 500 with token details.
            LOGGER.warning("OIDC login refused: %s: %s", type(exc).__name__, exc)
            return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """Verify signature and the claims the library leaves unchecked (iss, aud, azp, exp)."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("token algorithm does not match OIDC_RP_SIGN_ALGO")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.get_settings("OIDC_OP_ISSUER"),
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token rejected: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token was issued to another party (azp)")
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            # OIDC Core 5.3.2: userinfo for another subject must not be used.
            raise SuspiciousOperation("userinfo subject differs from the ID token subject")
        if not self.verify_claims(user_info):
            raise SuspiciousOperation("claims verification failed")
        users = list(self.filter_users_by_claims(user_info)[:2])
        if len(users) != 1:
            # Unknown people are not given accounts, and an ambiguous address links nobody.
            raise SuspiciousOperation(f"{len(users) or 'no'} account(s) match the verified e-mail address")
        return self.update_user(users[0], user_info)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = str(claims.get("email") or "")
        if not email or claims.get("email_verified") not in (True, "true"):
            LOGGER.warning("OIDC login refused: no verified e-mail address in the claims")
            return False
        domains = [d.lower() for d in settings.OIDC_ALLOWED_EMAIL_DOMAINS]
        if domains and email.rsplit("@", 1)[-1].lower() not in domains:
            LOGGER.warning("OIDC login refused: e-mail domain not allowed")
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]):
        # All accounts with the address, active or not, so that a duplicate refuses the login.
        return self.UserModel.objects.filter(email__iexact=claims["email"])

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not may_use_oidc(user):
            raise SuspiciousOperation("this account may not sign in through OIDC")
        return user

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Kohtaanto does not create accounts from OIDC claims")

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        return user if user is not None and may_use_oidc(user) else None


class _LoginFailureMixin:
    @property
    def failure_url(self) -> str:
        return reverse("login") + "?oidc=failed"


class OIDCCallbackView(_LoginFailureMixin, OIDCAuthenticationCallbackView):
    pass


_start = OIDCAuthenticationRequestView.as_view()
_callback = OIDCCallbackView.as_view()


def login_start(request: HttpRequest) -> HttpResponse:
    """Redirect to the provider's authorization endpoint (state, nonce and PKCE in the session)."""
    if not oidc_enabled():
        raise Http404("single sign-on is not configured")
    return _start(request)


def login_callback(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    """The provider redirects back here with the authorization code."""
    if not oidc_enabled():
        raise Http404("single sign-on is not configured")
    return _callback(request)


def login_options(request: HttpRequest) -> dict[str, Any]:
    """Template context: the single sign-on button, shown only when OIDC is configured."""
    if not oidc_enabled():
        return {"oidc_login": None}
    return {"oidc_login": {"name": settings.OIDC_PROVIDER_NAME}}
