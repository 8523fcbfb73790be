"""Clients' strong sign-in (issue 13, point 1): OpenID Connect as with Suomi.fi identification
through the city's broker (Helsinki-tunnistus, Tunnistus), and in demo installations a test
identification page.

The provider's national identity code claim (`KOHTAANTO_CLIENT_OIDC_HETU_CLAIM`) is matched
to the client by the keyed look-up hash; the first sign-in creates the person's user, linked
to their client record if one exists (else the portal offers registration). This flow has its
own provider settings (`KOHTAANTO_CLIENT_OIDC_*`), routes and session marker, so:

- it only ever signs in users with the client role: an identity code that belongs to a staff
  account is refused, and staff single sign-on refuses client accounts (accounts/oidc.py);
- each backend acts only on its own callback (`request.oidc_flow`).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.oidc import KohtaantoOIDCBackend
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client
from kohtaanto.domain.hetu import InvalidHetu, validate_hetu

from .registration import SESSION_KEY

LOGGER = logging.getLogger(__name__)
FLOW = "client"
BACKEND = "kohtaanto.portal.signin.ClientOIDCBackend"


def client_oidc_enabled() -> bool:
    return bool(settings.CLIENT_OIDC.get("OIDC_RP_CLIENT_ID"))


def _settings(attr: str, *default: Any) -> Any:
    """The client flow's own provider settings first, then the shared OIDC defaults."""
    if attr in settings.CLIENT_OIDC:
        return settings.CLIENT_OIDC[attr]
    return import_from_settings(attr, *default)


@dataclass(frozen=True)
class Person:
    """Who the identity provider vouches for; `hetu` is validated, never shown back."""

    hetu: str
    sub: str = ""
    given_name: str = ""
    family_name: str = ""


class IdentityRefused(Exception):
    """The identification cannot sign anyone in; the message says why, without the code."""


def person_from_claims(claims: dict[str, Any]) -> Person:
    raw = str(claims.get(settings.CLIENT_OIDC_HETU_CLAIM) or "")
    if not raw:
        raise IdentityRefused(f"no {settings.CLIENT_OIDC_HETU_CLAIM} claim")
    try:
        validate_hetu(identity.normalise(raw))
    except InvalidHetu as exc:
        raise IdentityRefused(f"malformed identity code claim ({exc.part})") from exc
    return Person(
        hetu=identity.normalise(raw),
        sub=str(claims.get("sub") or ""),
        given_name=str(claims.get("given_name") or "")[:100],
        family_name=str(claims.get("family_name") or "")[:100],
    )


def person_sign_in(*, person: Person, method: str, request_id: str = "") -> User:
    """The client user for a strongly identified person, created at the first sign-in.

    Raises IdentityRefused when the identity code belongs to an account that is not a
    client's, or the client's record is linked to another account."""
    key = identity.lookup_hash(person.hetu)
    with transaction.atomic():
        client = Client.objects.select_for_update().filter(hetu_hash=key, anonymised_at__isnull=True).first()
        user = User.objects.select_for_update().filter(identity_hash=key).first()
        if user is None and client is not None and client.user_id:
            user = client.user
        if user is not None and (not policy.is_client(user) or user.is_staff or user.is_superuser):
            raise IdentityRefused("the identity code belongs to an account that is not a client's")
        if user is not None and not user.is_active:
            raise IdentityRefused("the account is closed")
        if client is not None and client.user_id and client.user_id != getattr(user, "pk", None):
            raise IdentityRefused("the client record is linked to another account")
        created = user is None
        if user is None:
            user = User(
                username=f"client-{secrets.token_hex(8)}",
                role=policy.IDENTIFIED_PERSON,
                first_name=person.given_name,
                last_name=person.family_name,
            )
            user.set_unusable_password()
        user.identity_hash = key
        if person.sub:
            user.person_sub = person.sub
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:  # the provider's subject is already someone else's
            raise IdentityRefused("the provider's subject belongs to another account") from exc
        if client is not None and client.user_id is None:
            client.user = user
            client.save(update_fields=["user"])
        audit_record(
            actor=user,
            action="login",
            target_type="person.sign_in",
            target_id=user.pk,
            subject_client_id=client.pk if client else None,
            purpose="strong identification",
            detail={"method": method, "first": created},
            request_id=request_id,
        )
    return user


class ClientOIDCBackend(KohtaantoOIDCBackend):
    """Signs in clients from the identity code claim; creates the user the first time."""

    flow = FLOW

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _settings(attr, *args)

    def enabled(self) -> bool:
        return client_oidc_enabled()

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims = dict(payload)
        if settings.CLIENT_OIDC_HETU_CLAIM not in claims:
            info = self.get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo subject differs from the ID token subject")
            claims.update(info)
        try:
            person = person_from_claims(claims)
            user = person_sign_in(
                person=person, method="oidc", request_id=getattr(self.request, "request_id", "")
            )
            self.request.session[SESSION_KEY] = identity.encrypt(person.hetu)  # for registration
            return user
        except IdentityRefused as exc:
            self.request.session["signin_refused"] = str(exc)
            raise SuspiciousOperation(str(exc)) from exc

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        return user if user is not None and policy.is_client(user) and not user.is_staff else None


class _ClientStart(OIDCAuthenticationRequestView):
    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _settings(attr, *args)


class _ClientCallback(OIDCAuthenticationCallbackView):
    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return _settings(attr, *args)

    @property
    def failure_url(self) -> str:
        return reverse("portal_signin") + "?failed=1"

    def get(self, request: HttpRequest) -> HttpResponse:
        request.oidc_flow = FLOW  # type: ignore[attr-defined]
        return super().get(request)


_start = _ClientStart.as_view()
_callback = _ClientCallback.as_view()


def signin_start(request: HttpRequest) -> HttpResponse:
    if not client_oidc_enabled():
        raise Http404("client identification is not configured")
    return _start(request)


def signin_callback(request: HttpRequest) -> HttpResponse:
    if not client_oidc_enabled():
        raise Http404("client identification is not configured")
    return _callback(request)


def demo_identities(limit: int = 3) -> list[tuple[str, str]]:
    """(identity code, name) of a few clients, for the demo's test identification page only:
    the demo client's own record first. Never called unless TEST_IDENTIFICATION is on."""
    if not settings.TEST_IDENTIFICATION:
        return []
    rows = (
        Client.objects.filter(anonymised_at__isnull=True, job_search_status="active")
        .exclude(hetu_encrypted="")
        .order_by(F("user_id").desc(nulls_last=True), "id")[:limit]
    )
    shown = [(c.pk, identity.decrypt(c.hetu_encrypted), c.full_name) for c in rows]
    # Even demo data is read on the record: the clients' logs show the page showed them.
    audit_record_many(
        actor=None,
        entries=[AuditEntry("read", "client.hetu", pk, pk) for pk, _code, _name in shown],
        purpose="demo: test identification",
    )
    return [(code, name) for _pk, code, name in shown]
