"""Writes to the employer register: one transaction each, audited (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from pydantic import ValidationError as PydanticError

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.organisation.models import Municipality

from .access import area_of, employer_scope
from .models import ContactPerson, Employer, Interaction, InteractionKind, Mandate
from .records import EmployerRecord, RecordError, parse

PURPOSE = "employer services"


class ImportRejected(ValidationError):
    """Nothing was imported; `errors` lists every line and field that is wrong."""

    def __init__(self, errors: list[RecordError]):
        super().__init__(f"{len(errors)} error(s); nothing was imported")
        self.errors = errors


def _check(actor: User | None) -> None:
    """A writer's role; None is the operator at the command line."""
    if actor is not None and not policy.has_role(actor, policy.EMPLOYER_WRITERS):
        raise PermissionDenied("this role does not keep the employer register")


def _area(actor: User | None, code: str = "") -> int:
    """The area an employer record is kept in: `code` if given (staff only their own, the
    operator and administrators any), else the actor's own area, else the only one."""
    own = area_of(actor)  # None for the operator (no actor) and for staff of no area
    if code:
        found = Municipality.objects.filter(code=code).values_list("pk", flat=True).first()
        if found is None:
            raise ValidationError({"area": f"no area {code!r} is installed"})
        if actor is not None and not policy.is_administrator(actor) and own != found:
            raise PermissionDenied("staff keep the employers of their own area only")
        return found
    if own is not None:
        return own
    areas = list(Municipality.objects.values_list("pk", flat=True)[:2])
    if len(areas) == 1:
        return areas[0]
    if not areas:
        raise ValidationError({"area": "no area is installed: install the organisation first"})
    raise ValidationError({"area": "several areas are installed: say which area keeps the employer"})


def _coordinators(names: set[str]) -> dict[str, User]:
    users = User.objects.filter(username__in=names, role__in=policy.EMPLOYER_WRITERS, is_active=True)
    return {u.username: u for u in users}


def _apply(employer: Employer, record: EmployerRecord, coordinators: dict[str, User]) -> None:
    employer.name = record.name
    employer.industry = record.industry
    employer.size_class = record.size_class
    employer.contact_consent = record.contact_consent
    employer.locations = [loc.model_dump() for loc in record.locations]
    if record.coordinator:
        employer.coordinator = coordinators[record.coordinator]


def employers_import(
    *,
    actor: User | None,
    content: bytes,
    fmt: Literal["csv", "jsonl"],
    area_code: str = "",
    request_id: str = "",
) -> tuple[int, int]:
    """Create or update employers by business ID within one area (`_area`) from CSV or JSON
    Lines, all or nothing. Returns (created, updated); raises ImportRejected with every error."""
    _check(actor)
    records, errors = parse(content, fmt, max_bytes=settings.UPLOAD_MAX_BYTES)  # a bad document: 400
    area = _area(actor, area_code)
    coordinators = _coordinators({r.coordinator for r in records if r.coordinator})
    for number, record in enumerate(records, 1):
        if record.coordinator and record.coordinator not in coordinators:
            errors.append(
                RecordError(
                    line=number, field="coordinator", message=f"no coordinator {record.coordinator!r}"
                )
            )
    if errors:
        raise ImportRejected(errors)
    existing = {
        e.business_id: e
        for e in Employer.objects.filter(area_id=area, business_id__in=[r.business_id for r in records])
    }
    created = updated = 0
    with transaction.atomic():
        new: list[Employer] = []
        changed: list[Employer] = []
        for record in records:
            employer = existing.get(record.business_id) or Employer(
                business_id=record.business_id, area_id=area
            )
            _apply(employer, record, coordinators)
            (changed if employer.pk else new).append(employer)
        Employer.objects.bulk_create(new, batch_size=2000)
        Employer.objects.bulk_update(
            changed,
            ["name", "industry", "size_class", "contact_consent", "locations", "coordinator"],
            batch_size=2000,
        )
        by_id = {e.business_id: e for e in [*new, *changed]}
        ContactPerson.objects.filter(employer__in=changed).delete()
        ContactPerson.objects.bulk_create(
            [
                ContactPerson(employer=by_id[r.business_id], **c.model_dump())
                for r in records
                for c in r.contacts
            ],
            batch_size=5000,
        )
        created, updated = len(new), len(changed)
        audit_record_many(
            actor=actor,
            entries=[AuditEntry("create", "employer", e.pk, None) for e in new]
            + [AuditEntry("update", "employer", e.pk, None) for e in changed],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return created, updated


def employer_save(
    *, actor: User, data: dict, employer_id: int | None = None, request_id: str = ""
) -> Employer:
    """Create (no id, in the actor's area) or update one of the actor's area's employers from
    a record's fields; errors per field."""
    _check(actor)
    try:
        record = EmployerRecord.model_validate(data)
    except PydanticError as exc:
        raise ValidationError(
            {".".join(map(str, e["loc"])) or "record": e["msg"] for e in exc.errors()}
        ) from exc
    coordinators = _coordinators({record.coordinator} if record.coordinator else set())
    if record.coordinator and record.coordinator not in coordinators:
        raise ValidationError({"coordinator": f"no coordinator {record.coordinator!r}"})
    with transaction.atomic():
        if employer_id is None:
            area = _area(actor)
            if Employer.objects.filter(area_id=area, business_id=record.business_id).exists():
                raise ValidationError({"business_id": "an employer with this business ID exists"})
            employer = Employer(business_id=record.business_id, area_id=area)
        else:
            found = Employer.objects.select_for_update().filter(employer_scope(actor), pk=employer_id).first()
            if found is None:
                raise Http404("employer not found")
            employer = found
            if employer.business_id != record.business_id:
                raise ValidationError({"business_id": "the business ID of an employer does not change"})
        _apply(employer, record, coordinators)
        employer.save()
        employer.contacts.all().delete()
        ContactPerson.objects.bulk_create(
            [ContactPerson(employer=employer, **c.model_dump()) for c in record.contacts]
        )
        audit_record(
            actor=actor,
            action="create" if employer_id is None else "update",
            target_type="employer",
            target_id=employer.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return employer


def interaction_record(
    *,
    actor: User,
    employer_id: int,
    kind: str,
    on: date,
    note: str = "",
    next_action: str = "",
    next_action_date: date | None = None,
    request_id: str = "",
) -> Interaction:
    """A visit, call, e-mail, recruitment event or agreement, with the next step if planned."""
    _check(actor)
    errors = {}
    if kind not in InteractionKind.values:
        errors["kind"] = f"one of {', '.join(InteractionKind.values)}"
    if on > date.today():
        errors["date"] = "an interaction that has happened: not in the future"
    if len(note) > 2000:
        errors["note"] = "at most 2000 characters"
    if len(next_action) > 300:
        errors["next_action"] = "at most 300 characters"
    if next_action_date and next_action_date < on:
        errors["next_action_date"] = "not before the interaction"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        employer = Employer.objects.filter(employer_scope(actor), pk=employer_id).first()
        if employer is None:
            raise Http404("employer not found")
        row = Interaction.objects.create(
            employer=employer,
            kind=kind,
            date=on,
            note=note.strip(),
            next_action=next_action.strip(),
            next_action_date=next_action_date,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="employer.interaction",
            target_id=row.pk,
            purpose=PURPOSE,
            request_id=request_id,
        )
    return row


def mandate_grant(
    *,
    actor: User | None,
    username: str,
    business_id: str,
    valid_until: date | None = None,
    request_id: str = "",
) -> list[Mandate]:
    """Record a representative's mandate for a business (in production: what Suomi.fi
    e-Authorizations says at sign-in; here the operator or an administrator records it).
    A mandate is for the business: it covers the business's record in every area."""
    if actor is not None and not policy.is_administrator(actor):
        raise PermissionDenied("only administrators record mandates")
    user = User.objects.filter(username=username, is_active=True).first()
    errors = {}
    if user is None or not policy.has_role(user, policy.REPRESENTATIVES):
        errors["user"] = f"no active employer representative {username!r}"
    employers = list(Employer.objects.filter(business_id=business_id.strip()))
    if not employers:
        errors["business_id"] = f"no employer with business ID {business_id!r}"
    today = date.today()
    if valid_until is not None and valid_until < today:
        errors["valid_until"] = "a mandate ending in the past"
    if errors or user is None:
        raise ValidationError(errors)
    with transaction.atomic():
        mandates = [
            Mandate.objects.create(user=user, employer=e, valid_from=today, valid_until=valid_until)
            for e in employers
        ]
        audit_record_many(
            actor=actor,
            entries=[AuditEntry("create", "employer.mandate", m.pk, None) for m in mandates],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return mandates


def mandate_revoke(*, actor: User | None, username: str, business_id: str, request_id: str = "") -> int:
    """End every mandate of the representative for the employer at once; returns how many."""
    if actor is not None and not policy.is_administrator(actor):
        raise PermissionDenied("only administrators revoke mandates")
    with transaction.atomic():
        rows = list(
            Mandate.objects.select_for_update().filter(
                user__username=username, employer__business_id=business_id.strip(), revoked_at__isnull=True
            )
        )
        now = timezone.now()
        for mandate in rows:
            mandate.revoked_at = now
            mandate.save(update_fields=["revoked_at"])
        audit_record_many(
            actor=actor,
            entries=[AuditEntry("update", "employer.mandate", m.pk, None, {"revoked": True}) for m in rows],
            purpose=PURPOSE,
            request_id=request_id,
        )
    return len(rows)
