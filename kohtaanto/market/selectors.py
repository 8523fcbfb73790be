"""Reads of the market profile and matching: scoped by the actor, gated by consent, audited.

Who: the client (their own record, through the portal or its API) and the client's case
workers and team leader (`MARKET_STAFF`, within `client_scope`). The client reads their own
profile by right of access; everyone else reads it only under an active
"profile_sharing_with_worker" consent and sees only the fields it covers. Every matching,
by anyone, needs an active consent for its purpose and uses only the fields it covers. A
refusal is audited ("refused") and nothing of the profile is read before the check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import TEAM_CASEWORK
from kohtaanto.audit.services import AuditEntry, Reads, audit_record, audit_record_many
from kohtaanto.clients.models import Client
from kohtaanto.clients.selectors import client_get
from kohtaanto.portal.selectors import own_client

from . import consents as consent_rules
from .escodata import esco
from .models import PROFILE_FIELDS, Consent, Profile, Purpose

MARKET_STAFF = TEAM_CASEWORK  # accounts.policy
MARKET_USERS = MARKET_STAFF | policy.CLIENTS
TOP_JOBS, TOP_EDUCATION = 20, 10


def is_owner(actor: User) -> bool:
    return policy.is_client(actor)


def market_client(*, actor: User, client_id: int | None, purpose: str, request_id: str = "") -> Client:
    """The client whose profile is at stake: the client's own record, or for staff a client
    in their scope (404 outside it). Other roles: 403 before anything is read."""
    if is_owner(actor):
        return own_client(actor)
    if getattr(actor, "role", None) not in MARKET_STAFF:
        raise PermissionDenied(_("Your role does not use labour-market profiles."))
    if client_id is None:
        raise Http404("client not found")
    return client_get(actor=actor, client_id=client_id, purpose=purpose, request_id=request_id)


def _audit(actor, client, action, target, purpose, request_id, **detail) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=target,
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=purpose,
        request_id=request_id,
        detail=detail or None,
    )


def check_consent(
    actor, client, purpose: str, target: str, request_id: str, fields=(), reads: Reads | None = None
) -> Consent:
    """`consents.require`, with the refusal written to the audit log before it is raised (or,
    on a page that writes one event for all its sections, added to `reads` as refused)."""
    try:
        return consent_rules.require(client, purpose, fields)
    except consent_rules.ConsentRequired as exc:
        if reads is not None:
            reads.add(target, purpose=str(purpose), refused="consent", fields=list(exc.fields))
        else:
            _audit(
                actor,
                client,
                "refused",
                target,
                purpose,
                request_id,
                reason="consent",
                fields=list(exc.fields),
            )
        raise


def profile_data(client: Client, fields=PROFILE_FIELDS) -> dict:
    """The stored profile cut to `fields` (empty values when there is no profile yet)."""
    profile = Profile.objects.filter(client=client).first()
    if profile is None:
        profile = Profile(client=client)
    return profile.data(fields)


@dataclass
class ProfileView:
    client: Client
    data: dict
    fields: tuple[str, ...]  # the fields the actor may see and edit
    consent: Consent | None  # the sharing consent a worker reads under
    owner: bool

    @property
    def hidden(self) -> list[str]:
        return [f for f in PROFILE_FIELDS if f not in self.fields]

    @property
    def hidden_labels(self) -> list[str]:
        return [str(consent_rules.FIELD_NAMES[f]) for f in self.hidden]


def profile_get(*, actor: User, client_id: int | None = None, request_id: str = "") -> ProfileView:
    client = market_client(actor=actor, client_id=client_id, purpose="market profile", request_id=request_id)
    return _read_profile(actor, client, request_id)


def _read_profile(actor: User, client: Client, request_id: str, reads: Reads | None = None) -> ProfileView:
    if is_owner(actor):
        data = profile_data(client)
        _audit(actor, client, "read", "market.profile", "own profile", request_id)
        return ProfileView(client, data, PROFILE_FIELDS, None, True)
    consent = check_consent(
        actor, client, Purpose.SHARING_WITH_WORKER, "market.profile", request_id, reads=reads
    )
    fields = tuple(consent.fields)
    data = profile_data(client, fields)
    if reads is not None:
        # A consent-purpose read: the purpose, the receipt and the fields, as in its own event.
        reads.add(
            "market.profile",
            purpose=str(Purpose.SHARING_WITH_WORKER),
            consent=str(consent.receipt_id),
            fields=list(fields),
        )
        return ProfileView(client, data, fields, consent, False)
    _audit(
        actor,
        client,
        "read",
        "market.profile",
        Purpose.SHARING_WITH_WORKER,
        request_id,
        consent=str(consent.receipt_id),
        fields=list(fields),
    )
    return ProfileView(client, data, fields, consent, False)


def consents_of(client: Client) -> list[Consent]:
    return list(Consent.objects.filter(client=client).order_by("-granted_at", "-id"))


def consents_list(*, actor: User, client_id: int | None = None, request_id: str = "") -> list[Consent]:
    """The client's market consents: their own, or (staff) those of a client in scope, so
    the worker knows what the client has allowed. Consents hold no profile data."""
    client = market_client(actor=actor, client_id=client_id, purpose="market consents", request_id=request_id)
    rows = consents_of(client)
    if is_owner(actor):
        _audit(actor, client, "read", "market.consents", "own consents", request_id)
    return rows


def consent_receipt(*, actor: User, receipt_id, request_id: str = "") -> dict:
    """The Kantara receipt of one of the client's own consents."""
    client = market_client(actor=actor, client_id=None, purpose="consent receipt", request_id=request_id)
    consent = Consent.objects.filter(client=client, receipt_id=receipt_id).first()
    if consent is None:
        raise Http404("consent not found")
    _audit(
        actor, client, "export", "market.consent_receipt", "own consents", request_id, consent=str(receipt_id)
    )
    return consent.receipt


@dataclass
class Matches:
    client: Client
    purpose: str
    consent: Consent
    fields: tuple[str, ...]
    results: list = field(default_factory=list)
    candidates: int = 0
    empty_reason: str = ""

    @property
    def unused_fields(self) -> list[str]:
        return [f for f in PROFILE_FIELDS if f not in self.fields]

    @property
    def unused_labels(self) -> list[str]:
        return [str(consent_rules.FIELD_NAMES[f]) for f in self.unused_fields]


def _match(*, actor, client_id, purpose, target, explain, top_k, request_id) -> Matches:
    client = market_client(actor=actor, client_id=client_id, purpose=str(purpose), request_id=request_id)
    consent = check_consent(actor, client, purpose, target, request_id)
    fields = tuple(consent.fields)
    data = profile_data(client, fields)
    result = Matches(client, purpose, consent, fields)
    has_content = any(data.get(f) for f in ("occupations", "work_history", "skills"))
    if not has_content:
        result.empty_reason = _(
            "Add occupations, work history or skills to the profile (and to the consent) to get matches."
        )
    else:
        from .engine import to_vector

        e = esco()
        lang = (translation.get_language() or "fi")[:2]
        result.results, result.candidates = explain(to_vector(data, e), e, top_k=top_k, lang=lang)
        if not result.results:
            result.empty_reason = _("There is nothing to match against yet.")
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                "read",
                "market.profile",
                client.pk,
                client.pk,
                {"consent": str(consent.receipt_id), "fields": list(fields)},
            ),
            AuditEntry(
                "match",
                target,
                client.pk,
                client.pk,
                {"consent": str(consent.receipt_id), "results": len(result.results)},
            ),
        ],
        purpose=str(purpose),
        request_id=request_id,
    )
    return result


def match_jobs(
    *, actor: User, client_id: int | None = None, top_k: int = TOP_JOBS, request_id: str = ""
) -> Matches:
    from .engine import explain_jobs

    return _match(
        actor=actor,
        client_id=client_id,
        purpose=Purpose.JOB_MATCHING,
        target="market.match.jobs",
        explain=explain_jobs,
        top_k=top_k,
        request_id=request_id,
    )


def match_education(
    *, actor: User, client_id: int | None = None, top_k: int = TOP_EDUCATION, request_id: str = ""
) -> Matches:
    from .engine import explain_education

    return _match(
        actor=actor,
        client_id=client_id,
        purpose=Purpose.EDUCATION_MATCHING,
        target="market.match.education",
        explain=explain_education,
        top_k=top_k,
        request_id=request_id,
    )


@dataclass
class StaffSection:
    """What the client page shows of the market profile: consent states, and the shared
    profile (as lines of text) if the client has shared it."""

    client: Client
    consents: list[tuple[str, Consent | None]]  # (purpose label, active consent)
    profile: ProfileView | None
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (field label, entries)
    refusal: str = ""


def staff_section(
    *, actor: User, client: Client, reads: Reads | None = None, request_id: str = ""
) -> StaffSection | None:
    """For the staff client page (the client is already read and in scope); None for roles
    that do not use market profiles. The page passes its `reads` collector, so the consent
    states and the profile read (or its refusal for want of consent) are sections of the
    page's one audit event; without one, the profile read is audited on its own."""
    if getattr(actor, "role", None) not in MARKET_STAFF:
        return None
    from .display import display_rows

    states = [(str(label), consent_rules.active_consent(client, p)) for p, label in Purpose.choices]
    if reads is not None:
        reads.add("market.consents", purpose="market consents")
    section = StaffSection(client, states, None)
    try:
        section.profile = _read_profile(actor, client, request_id, reads)
    except consent_rules.ConsentRequired as exc:
        section.refusal = str(exc)
        return section
    lang = (translation.get_language() or "fi")[:2]
    shown = display_rows(section.profile.data, lang)
    section.rows = [(str(consent_rules.FIELD_NAMES[f]), [t for _, t in shown[f]]) for f in shown]
    return section
