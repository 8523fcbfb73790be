"""Writes of the market app: the profile, consents and the market data imports. One
transaction each, audited, the actor passed in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import audit_record

from . import consents as consent_rules
from .escodata import esco
from .models import Consent, EducationOffering, JobPosting, Profile, Purpose
from .profile import ProfileInvalid, clean_changes
from .selectors import check_consent, is_owner, market_client

LANGUAGES = ("fi", "sv", "en")


def _audit(actor, client, action, target, target_id, purpose, request_id, **detail) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type=target,
        target_id=target_id,
        subject_client_id=client.pk if client else None,
        purpose=purpose,
        request_id=request_id,
        detail=detail or None,
    )


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _has_uris(changes: dict) -> bool:
    return any(
        isinstance(item, dict) and item.get("uri")
        for name in ("occupations", "work_history", "skills")
        for item in _list(changes.get(name))
    )


def profile_update(
    *, actor: User, changes: dict, client_id: int | None = None, request_id: str = ""
) -> Profile:
    """Replace the given profile fields. The client edits their own profile; a worker only
    under an active sharing consent that covers every field changed."""
    client = market_client(actor=actor, client_id=client_id, purpose="market profile", request_id=request_id)
    purpose = "own profile"
    if not is_owner(actor):
        names = tuple(changes) if isinstance(changes, dict) else ()
        check_consent(actor, client, Purpose.SHARING_WITH_WORKER, "market.profile", request_id, names)
        purpose = Purpose.SHARING_WITH_WORKER
    known = {}
    if _has_uris(changes if isinstance(changes, dict) else {}):
        e = esco()
        known = {"occupations": e.occupation_uris, "skills": e.skill_uris}
    try:
        cleaned = clean_changes(changes, **known)
    except ProfileInvalid as exc:
        raise ValidationError(exc.errors) from None
    except ValueError as exc:
        raise ValidationError({"__all__": str(exc)}) from None
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(client=client)
        for name, value in cleaned.items():
            setattr(profile, name, value)
        profile.updated_by = actor
        if known:
            profile.esco_version = esco().version
        profile.save()
        _audit(
            actor, client, "update", "market.profile", client.pk, purpose, request_id, fields=sorted(cleaned)
        )
    return profile


def consent_grant(
    *,
    actor: User,
    purpose: str,
    fields: list[str],
    months: int | None = None,
    expires_at: datetime | None = None,
    language: str = "",
    collection_method: str = "Kohtaanto client portal",
    request_id: str = "",
) -> Consent:
    """The client grants a consent (replacing an active one for the same purpose) and gets
    its Kantara receipt. Only the client themself can grant."""
    if not is_owner(actor):
        raise PermissionDenied(_("Only the client can give consent."))
    client = market_client(actor=actor, client_id=None, purpose="market consents", request_id=request_id)
    errors = {}
    if purpose not in Purpose.values:
        errors["purpose"] = _("Unknown purpose: %(p)s.") % {"p": purpose}
    try:
        fields = consent_rules.clean_fields(fields)
    except ValueError as exc:
        errors["fields"] = str(exc)
    now = timezone.now()
    if (months is None) == (expires_at is None):
        errors["expires_at"] = _("Give either a duration in months or an end time.")
    elif months is not None:
        if months not in consent_rules.DURATIONS:
            errors["months"] = _("Choose 1, 3, 6 or 12 months.")
        else:
            expires_at = now + timedelta(days=round(months * 30.44))
    elif expires_at is not None and (expires_at <= now or expires_at - now > consent_rules.MAX_DURATION):
        errors["expires_at"] = _("The end time must be in the future and at most two years away.")
    language = (language or translation.get_language() or "fi")[:2]
    if language not in LANGUAGES:
        errors["language"] = _("The language must be fi, sv or en.")
    if errors or expires_at is None:
        raise ValidationError(errors)
    with transaction.atomic():
        replaced = list(
            Consent.objects.select_for_update().filter(
                client=client, purpose=purpose, withdrawn_at__isnull=True
            )
        )
        for old in replaced:
            old.withdrawn_at, old.ended_reason = now, "replaced"
            old.save(update_fields=["withdrawn_at", "ended_reason"])
        consent = Consent(
            client=client,
            purpose=purpose,
            fields=fields,
            granted_at=now,
            expires_at=expires_at,
            granted_by=actor,
            collection_method=collection_method[:60],
            language=language,
        )
        consent.receipt = consent_rules.build_receipt(consent, client)
        consent.save()
        _audit(
            actor,
            client,
            "create",
            "market.consent",
            consent.receipt_id,
            "own consents",
            request_id,
            consent_purpose=purpose,
            fields=fields,
            expires=expires_at.isoformat(),
            replaced=[str(c.receipt_id) for c in replaced],
        )
    return consent


def consent_withdraw(*, actor: User, receipt_id, request_id: str = "") -> Consent:
    """Withdrawal applies at once: every check reads `withdrawn_at` at the moment of use."""
    if not is_owner(actor):
        raise PermissionDenied(_("Only the client can withdraw their consent."))
    client = market_client(actor=actor, client_id=None, purpose="market consents", request_id=request_id)
    with transaction.atomic():
        consent = Consent.objects.select_for_update().filter(client=client, receipt_id=receipt_id).first()
        if consent is None:
            raise Http404("consent not found")
        if consent.withdrawn_at is None:
            consent.withdrawn_at, consent.ended_reason = timezone.now(), "withdrawn"
            consent.save(update_fields=["withdrawn_at", "ended_reason"])
            _audit(
                actor,
                client,
                "update",
                "market.consent",
                consent.receipt_id,
                "own consents",
                request_id,
                consent_purpose=consent.purpose,
                consent="withdrawn",
            )
    return consent


def consents_end_for(client, reason: str) -> int:
    """End every open consent of a client (anonymisation)."""
    return Consent.objects.filter(client=client, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), ended_reason=reason
    )


# --- Market data ---------------------------------------------------------------------------


def _upsert(model, rows: list[dict], source: str, replace: bool) -> tuple[int, int]:
    existing = dict(model.objects.filter(source=source).values_list("external_id", "id"))
    if replace:
        keep = {r["external_id"] for r in rows}
        model.objects.filter(source=source).exclude(external_id__in=keep).delete()
    created = [model(source=source, **r) for r in rows if r["external_id"] not in existing]
    updated = []
    for r in rows:
        if r["external_id"] in existing:
            obj = model(pk=existing[r["external_id"]], source=source, **r)
            updated.append(obj)
    model.objects.bulk_create(created, batch_size=1000)
    if updated:
        names = [f for f in rows[0] if f != "external_id"] + ["imported_at"]
        now = timezone.now()
        for obj in updated:
            obj.imported_at = now
        model.objects.bulk_update(updated, names, batch_size=500)
    return len(created), len(updated)


def postings_import(
    *, actor: User | None, rows: list[dict], source: str, replace: bool = False
) -> tuple[int, int]:
    """Store validated, enriched posting rows (importers.parse_postings + enrich) at once."""
    with transaction.atomic():
        created, updated = _upsert(JobPosting, rows, source, replace)
        audit_record(
            actor=actor,
            action="import",
            target_type="market.postings",
            target_id=source,
            purpose="market data",
            detail={"created": created, "updated": updated},
        )
    return created, updated


def offerings_import(
    *, actor: User | None, rows: list[dict], source: str, replace: bool = False
) -> tuple[int, int]:
    with transaction.atomic():
        created, updated = _upsert(EducationOffering, rows, source, replace)
        audit_record(
            actor=actor,
            action="import",
            target_type="market.education",
            target_id=source,
            purpose="market data",
            detail={"created": created, "updated": updated},
        )
    return created, updated
