"""Data-subject requests (Helsinki GDPR API convention) and the retention run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.audit.models import AuditEvent
from kohtaanto.audit.services import audit_record
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client, MeetingNoteVersion

from . import registry
from .registry import leaf, node
from .retention import Refusal, erasure_refusals


def _subject(actor: User, person_id: str, reason: str) -> Client | None:
    """The client behind `person_id` if the actor may act on their data-subject rights."""
    if policy.is_client(actor):
        record = getattr(actor, "client_record", None)
        # The client number, or the identity provider's subject that Helsinki-profiili uses.
        if record is None or person_id not in (record.external_id, actor.person_sub):
            raise Http404("no such person")
        return record
    if policy.is_administrator(actor):
        if not reason.strip():
            raise PermissionDenied("an administrator must give a reason")
        return Client.objects.filter(external_id=person_id).first()
    raise PermissionDenied("only the data subject or an administrator can make data-subject requests")


def client_data_tree(client: Client) -> dict:
    """Everything we hold on the person, in the Helsinki GDPR API's key/value tree shape."""
    hetu = identity.decrypt(client.hetu_encrypted) if client.hetu_encrypted else None
    profile = [
        leaf("CLIENT_NUMBER", client.external_id),
        leaf("IDENTITY_CODE", hetu),
        leaf("FIRST_NAME", client.first_name),
        leaf("LAST_NAME", client.last_name),
        leaf("BIRTH_DATE", client.birth_date),
        leaf("GENDER", client.gender),
        leaf("MOTHER_TONGUE", client.mother_tongue),
        leaf("FINNISH_LEVEL", client.finnish_level),
        leaf("SWEDISH_LEVEL", client.swedish_level),
        leaf("EDUCATION_LEVEL", client.education_level),
        leaf("POSTAL_CODE", client.postal_code),
        leaf("PHONE", client.phone),
        leaf("EMAIL", client.email),
        leaf("STREET_ADDRESS", client.street_address),
        leaf("POST_OFFICE", client.post_office),
        leaf("PREFERRED_CHANNEL", client.preferred_channel),
        leaf("CONTACT_LANGUAGE", client.contact_language),
        leaf("INTERPRETER_NEEDED", client.interpreter_needed),
        leaf("INTERPRETER_LANGUAGE", client.interpreter_language),
        leaf("ARRIVAL_DATE", client.arrival_date),
        leaf("REGISTRATION_DATE", client.registration_date),
        leaf("JOB_SEARCH_STATUS", client.job_search_status),
        leaf("JOB_SEARCH_ENDED", client.end_date),
        leaf("END_REASON", client.end_reason),
        leaf("SERVICE_UNIT", client.unit.name),
        leaf("TEAM", client.team.name),
        leaf(
            "RESPONSIBLE_WORKER",
            client.responsible_worker.display_name if client.responsible_worker else None,
        ),
    ]
    plans = [
        node(
            "EMPLOYMENT_PLAN",
            [
                leaf("VERSION", p.version),
                leaf("GOALS", p.goals),
                leaf("JOB_SEARCH_OBLIGATION", p.job_search_obligation),
                leaf("ACKNOWLEDGED_AT", p.acknowledged_at),
                leaf("AGREED_SERVICES", json.dumps(p.agreed_services, ensure_ascii=False)),
                node(
                    "TASKS",
                    [
                        node("TASK", [leaf("TITLE", t.title), leaf("DUE", t.due_date), leaf("DONE", t.done)])
                        for t in p.tasks.all()
                    ],
                ),
            ],
        )
        for p in client.plans.prefetch_related("tasks")
    ]
    meetings = [
        node(
            "MEETING",
            [
                leaf("KIND", m.kind),
                leaf("STATUS", m.status),
                leaf("CHANNEL", m.channel),
                leaf("PLANNED", m.planned_date),
                leaf("HELD", m.held_date),
                leaf("NOTES", m.notes),
                leaf("VIDEO_LINK", m.video_link),
                node(
                    "NOTES_VERSIONS",
                    [
                        node(
                            "NOTES_VERSION",
                            [
                                leaf("VERSION", v.version),
                                leaf("TEXT", v.text),
                                leaf("SAVED", v.created_at),
                            ],
                        )
                        for v in m.note_versions.order_by("version")
                    ],
                ),
            ],
        )
        for m in client.meetings.order_by("planned_date", "id").prefetch_related("note_versions")
    ]
    events = [
        node(
            "EVENT",
            [
                leaf("DATE", e.date),
                leaf("KIND", e.kind),
                leaf("SERVICE", e.service_code),
                leaf("REASON", e.reason),
            ],
        )
        for e in client.events.order_by("date", "id")
    ]
    network = [
        node(
            "MEMBER",
            [
                leaf("NAME", n.member.display_name),
                leaf("ROLE", n.member.role),
                leaf("CONSENT_GIVEN", n.consent_given),
                leaf("ACTIVE", n.active),
            ],
        )
        for n in client.network.select_related("member")
    ]
    sessions = [
        node(
            "NETWORK_SESSION",
            [
                leaf("DATE", s.date),
                leaf("KIND", s.kind),
                leaf("CHANNEL", s.channel),
                leaf("PROFESSIONAL", s.professional.display_name if s.professional else ""),
                leaf("SUMMARY", s.summary),
            ],
        )
        for s in client.network_sessions.select_related("professional").order_by("date", "id")
    ]
    access = [
        node(
            "ACCESS",
            [
                leaf("TIME", a.time.isoformat()),
                leaf("WHO", a.actor_name),
                leaf("ROLE", a.actor_role),
                leaf("ACTION", a.action),
                leaf("PURPOSE", a.purposes),
            ],
        )
        for a in AuditEvent.objects.filter(subject_client_id=client.pk).order_by("id")
    ]
    children = [
        *profile,
        node("EMPLOYMENT_PLANS", plans),
        node("MEETINGS", meetings),
        node("EVENTS", events),
        node("NETWORK", network),
        node("NETWORK_SESSIONS", sessions),
        node("ACCESS_LOG", access),
    ]
    children.extend(export(client) for export in registry.EXPORTS)
    children.extend(registry.export_nodes(client))
    if client.user is not None:
        children.extend(export(client.user) for export in registry.USER_EXPORTS)
    return node("CLIENT", children)


def gdpr_export(*, actor: User, person_id: str, reason: str = "", request_id: str = "") -> dict | None:
    client = _subject(actor, person_id, reason)
    if client is None or client.anonymised_at:
        return None
    tree = client_data_tree(client)
    audit_record(
        actor=actor,
        action="export",
        target_type="client.gdpr",
        target_id=client.pk,
        subject_client_id=client.pk,
        purpose=reason or "data-subject access request",
        request_id=request_id,
    )
    return tree


class _DryRun(Exception):
    """Rolls back the dry run's erasure."""


@dataclass
class ErasureResult:
    erased: bool
    dry_run: bool
    refusals: list[Refusal] = field(default_factory=list)
    found: bool = True


def client_anonymise(*, actor: User | None, client: Client, reason: str, request_id: str = "") -> None:
    """Irreversibly remove what identifies the person; keep dates and codes for statistics."""
    with transaction.atomic():
        c = Client.objects.select_for_update().get(pk=client.pk)
        if c.anonymised_at:
            return
        c.first_name = c.last_name = "–"
        c.hetu_encrypted = ""
        c.hetu_hash = f"anonymised:{c.pk}"
        c.birth_date = date(c.birth_date.year, 1, 1)
        c.arrival_date = date(c.arrival_date.year, 1, 1) if c.arrival_date else None
        c.postal_code = c.phone = c.email = c.street_address = c.post_office = ""
        c.interpreter_language = ""
        login = c.user
        c.user = None
        c.anonymised_at = timezone.now()
        c.save()
        c.meetings.update(notes="", video_link="")
        MeetingNoteVersion.objects.filter(meeting__client=c).delete()
        c.plans.update(goals="", agreed_services=[])
        for plan in c.plans.all():
            plan.tasks.all().delete()
        c.network.all().delete()
        c.network_sessions.update(summary="")
        for erase in registry.ERASERS:
            erase(c)
        registry.erase(c)
        if login is not None:
            for erase_account in registry.USER_ERASERS:
                erase_account(login)
            login.is_active = False
            login.first_name = login.last_name = ""
            login.email = ""
            login.person_sub = login.identity_hash = None
            login.username = f"erased-{c.pk}"
            login.set_unusable_password()
            login.save()
        audit_record(
            actor=actor,
            action="erase",
            target_type="client",
            target_id=c.pk,
            subject_client_id=c.pk,
            purpose=reason,
            request_id=request_id,
        )


def gdpr_erase(
    *,
    actor: User,
    person_id: str,
    dry_run: bool,
    reason: str = "",
    today: date | None = None,
    request_id: str = "",
) -> ErasureResult:
    client = _subject(actor, person_id, reason)
    if client is None or client.anonymised_at:
        return ErasureResult(erased=False, dry_run=dry_run, found=False)
    refusals = erasure_refusals(client, today or timezone.localdate())
    if refusals:
        return ErasureResult(erased=False, dry_run=dry_run, refusals=refusals)
    if dry_run:
        # The real erasure, rolled back: a dry run fails exactly where the erasure would.
        try:
            with transaction.atomic():
                client_anonymise(
                    actor=actor, client=client, reason=reason or "dry run", request_id=request_id
                )
                raise _DryRun
        except _DryRun:
            pass
        return ErasureResult(erased=False, dry_run=True)
    client_anonymise(
        actor=actor, client=client, reason=reason or "data-subject erasure request", request_id=request_id
    )
    return ErasureResult(erased=True, dry_run=False)


def retention_apply(*, dry_run: bool, today: date | None = None) -> list[int]:
    """Anonymise every ended client whose retention period has passed; returns their ids."""
    today = today or timezone.localdate()
    due = [
        c
        for c in Client.objects.filter(anonymised_at__isnull=True, job_search_status="ended")
        .exclude(end_date=None)
        .iterator()
        if not erasure_refusals(c, today)
    ]
    if not dry_run:
        for c in due:
            client_anonymise(actor=None, client=c, reason="retention period ended")
    return [c.pk for c in due]
