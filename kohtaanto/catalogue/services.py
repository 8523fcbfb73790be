"""Writes to the catalogue: one transaction each, audit event written explicitly.

Input is a catalogue record (formats.record), whether it comes from the edit form, the API
or an import file, so validation is the same everywhere.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.audit.services import audit_record

from . import permissions
from .formats.record import RecordError, normalize_record
from .models import Provider, Service, State
from .records import OPERATIONAL_FIELDS, apply_record, parse_reviewed_at, service_to_record
from .selectors import service_get, services_due_for_review

TARGET = "catalogue.service"


def _validate(data: dict[str, Any], *, require_id: bool = False) -> dict[str, Any]:
    try:
        return normalize_record(data, require_id=require_id)
    except RecordError as exc:
        raise ValidationError({exc.field: [exc.message]}) from None


def service_create(
    *, actor, data: dict[str, Any], provider_id: int | None = None, request_id: str = ""
) -> Service:
    """A new draft service. Providers create for their own provider; moderators name one."""
    if not permissions.can_create(actor):
        raise PermissionDenied(_("Your role cannot add services."))
    own = permissions.provider_of(actor)
    provider: Provider | None
    if own is not None:
        if provider_id not in (None, own.pk):
            raise PermissionDenied(_("You can add services only for your own organisation."))
        provider = own
    else:
        provider = Provider.objects.filter(pk=provider_id).first() if provider_id else None
        if provider is None:
            raise ValidationError({"provider_id": [_("Choose the provider.")]})
    rec = _validate({k: v for k, v in data.items() if k not in ("id", "status", "provider", "reviewed_at")})
    with transaction.atomic():
        service = Service(external_id=f"svc-{uuid.uuid4().hex[:16]}", provider=provider, state=State.DRAFT)
        apply_record(service, rec)
        service.updated_by = actor
        service.save()
        audit_record(
            actor=actor,
            action="create",
            target_type=TARGET,
            target_id=service.pk,
            purpose="catalogue maintenance",
            request_id=request_id,
        )
    return service


def service_update(
    *, actor, service_id: int, data: dict[str, Any], partial: bool = False, request_id: str = ""
) -> Service:
    """Change a service's content. An edit counts as a review. A provider's change to the
    content of a published service sends it back to moderation (state "ready"); changes to
    places, start dates, waiting time and contact do not."""
    with transaction.atomic():
        service = service_get(actor=actor, service_id=service_id)
        service = Service.objects.select_for_update().select_related("provider").get(pk=service.pk)
        if not permissions.can_edit(actor, service):
            raise PermissionDenied(_("You cannot edit this service."))
        current = service_to_record(service)
        fixed = {k: current[k] for k in ("id", "status", "provider", "reviewed_at", "ptv_id")}
        incoming = {k: v for k, v in data.items() if k not in fixed}
        rec = _validate({**(current if partial else {}), **incoming, **fixed}, require_id=True)
        changed = apply_record(service, rec)
        before = service.state
        content_changed = set(changed) - OPERATIONAL_FIELDS
        if (
            content_changed
            and not permissions.is_moderator(actor)
            and service.state in (State.PUBLISHED, State.OUTDATED)
        ):
            service.state = State.READY
        service.reviewed_at = timezone.now()
        service.updated_by = actor
        service.save()
        audit_record(
            actor=actor,
            action="update",
            target_type=TARGET,
            target_id=service.pk,
            purpose="catalogue maintenance",
            request_id=request_id,
            detail={
                "changed": sorted(changed),
                **({"state": [before, service.state]} if before != service.state else {}),
            },
        )
    return service


def service_transition(*, actor, service_id: int, to: str, request_id: str = "") -> Service:
    """Move a service along the moderation workflow (models.TRANSITIONS)."""
    with transaction.atomic():
        service = service_get(actor=actor, service_id=service_id)
        service = Service.objects.select_for_update().select_related("provider").get(pk=service.pk)
        if to not in State.values:
            raise ValidationError({"to": [_("Unknown state.")]})
        if not permissions.can_transition(actor, service, to):
            if to in permissions.TRANSITIONS.get(service.state, ()):
                raise PermissionDenied(_("Your role cannot take this step."))
            raise ValidationError(
                {"to": [_("A service cannot move from %(a)s to %(b)s.") % {"a": service.state, "b": to}]}
            )
        before = service.state
        service.state = to
        if to == State.PUBLISHED:
            service.reviewed_at = timezone.now()
        service.updated_by = actor
        service.save()
        audit_record(
            actor=actor,
            action="transition",
            target_type=TARGET,
            target_id=service.pk,
            purpose="catalogue moderation",
            request_id=request_id,
            detail={"from": before, "to": to},
        )
    return service


def service_mark_reviewed(*, actor, service_id: int, request_id: str = "") -> Service:
    """The description was checked and is still current (answers a reminder)."""
    with transaction.atomic():
        service = service_get(actor=actor, service_id=service_id)
        if not permissions.can_edit(actor, service):
            raise PermissionDenied(_("You cannot edit this service."))
        service.reviewed_at = timezone.now()
        service.updated_by = actor
        service.save(update_fields=["reviewed_at", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="review",
            target_type=TARGET,
            target_id=service.pk,
            purpose="catalogue maintenance",
            request_id=request_id,
        )
    return service


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    providers: list[str] = field(default_factory=list)


def catalogue_import(
    *,
    actor,
    records: list[dict[str, Any]],
    state: str | None = None,
    provider_name: str | None = None,
    source: str = "",
    only_fields: frozenset[str] | None = None,
    request_id: str = "",
) -> ImportResult:
    """Create or update services by catalogue id, all or nothing.

    `records` come from formats.parse (already validated). The state is `state` if given,
    else the record's status, else draft. The provider is the record's, else
    `provider_name`. With `only_fields` (formats.held_fields: a PTV file), an existing
    service keeps every other field, so a PTV update does not wipe capacity or eligibility.
    Runs as the system (actor None) or as an administrator.
    """
    if actor is not None and not (permissions.is_moderator(actor) and policy.is_administrator(actor)):
        raise PermissionDenied(_("Only administrators import services."))
    if state is not None and state not in State.values:
        raise ValidationError({"state": [_("Unknown state.")]})
    for number, rec in enumerate(records, start=1):
        if not (rec.get("provider") or provider_name):
            raise ValidationError({"provider": [_("Record %(n)s names no provider.") % {"n": number}]})
    result = ImportResult()
    now = timezone.now()
    with transaction.atomic():
        providers: dict[str, Provider] = {}
        existing = {
            s.external_id: s for s in Service.objects.filter(external_id__in=[r["id"] for r in records])
        }
        for rec in records:
            info = rec.get("provider") or {"name": provider_name}
            provider = providers.get(info["name"])
            if provider is None:
                provider, made = Provider.objects.get_or_create(
                    name=info["name"], defaults={"business_id": info.get("business_id", "")}
                )
                providers[info["name"]] = provider
                if made:
                    result.providers.append(provider.name)
            service = existing.get(rec["id"])
            if service is None:
                service = Service(external_id=rec["id"])
                result.created += 1
            else:
                result.updated += 1
                if only_fields is not None:
                    current = service_to_record(service)
                    rec = {**current, **{k: v for k, v in rec.items() if k in only_fields}}
            service.provider = provider
            apply_record(service, rec)
            service.state = state or rec.get("status") or State.DRAFT
            # Re-importing keeps the review date unless the file gives one: idempotent demo loads.
            service.reviewed_at = (
                parse_reviewed_at(rec)
                or service.reviewed_at
                or (now if service.state == State.PUBLISHED else None)
            )
            service.updated_by = actor
            service.save()
        audit_record(
            actor=actor,
            action="import",
            target_type="catalogue",
            target_id=source[:100],
            purpose="catalogue maintenance",
            request_id=request_id,
            detail={"created": result.created, "updated": result.updated},
        )
    return result


@dataclass
class Reminder:
    provider: Provider
    services: list[Service]
    recipients: list[str]


def catalogue_remind(*, months: int, now=None, send: bool = True) -> list[Reminder]:
    """One email per provider listing its services not reviewed in `months` months."""
    by_provider: dict[int, list[Service]] = defaultdict(list)
    for service in services_due_for_review(months=months, now=now):
        by_provider[service.provider_id].append(service)
    reminders = []
    for services in by_provider.values():
        provider = services[0].provider
        members = provider.members.select_related("user")
        emails = {provider.email} | {m.user.email for m in members if m.user.is_active}
        recipients = sorted(e for e in emails if e)
        reminders.append(Reminder(provider, services, recipients))
    if send:
        messages = []
        for r in reminders:
            if not r.recipients:
                continue
            lines = "\n".join(f"- {s.name_fi} (id {s.external_id})" for s in r.services)
            body = (
                f"Hei,\n\nseuraavia {r.provider.name} -palvelukuvauksia ei ole tarkistettu {months} kuukauteen. "
                f"Tarkistakaa ne Kohtaannossa ja merkitkää ajantasaisiksi tai päivittäkää:\n\n{lines}\n\n"
                f"Hej! Följande tjänstebeskrivningar har inte granskats på {months} månader. / "
                f"The service descriptions above have not been reviewed in {months} months.\n"
            )
            messages.append(
                (
                    f"Kohtaanto: {len(r.services)} palvelukuvausta odottaa tarkistusta",
                    body,
                    settings.DEFAULT_FROM_EMAIL,
                    r.recipients,
                )
            )
        with transaction.atomic():
            mail.send_mass_mail(messages, fail_silently=False)
            audit_record(
                actor=None,
                action="remind",
                target_type="catalogue",
                purpose="catalogue review reminders",
                detail={
                    "months": months,
                    "providers": len(messages),
                    "services": sum(len(r.services) for r in reminders),
                },
            )
    return reminders
