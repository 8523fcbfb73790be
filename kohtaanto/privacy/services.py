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
from .retention import Refusal, erasure_refusals


def _subject(actor: User, person_id: str, reason: str) -> Client | None:
    """The client behind `person_id` if the actor may act on their data-subject rights."""
    if policy.is_client(actor):
        record = getattr(actor, "client_record", None)
        if record is None or record.external_id != person_id:
            raise Http404("no such person")
        return record
    if policy.is_administrator(actor):
        if not reason.strip():
            raise PermissionDenied("an administrator must give a reason")
        return Client.objects.filter(external_id=person_id).first()
    raise PermissionDenied("only the data subject or an administrator can make data-subject requests")


def _leaf(key: str, value) -> dict:
    return {"key": key, "value": None if value is None else str(value)}


def _node(key: str, children: list[dict]) -> dict:
    return {"key": key, "children": children}


def client_data_tree(client: Client) -> dict:
    """Everything we hold on the person, in the Helsinki GDPR API's key/value tree shape."""
    hetu = identity.decrypt(client.hetu_encrypted) if client.hetu_encrypted else None
    profile = [
        _leaf("CLIENT_NUMBER", client.external_id),
        _leaf("IDENTITY_CODE", hetu),
        _leaf("FIRST_NAME", client.first_name),
        _leaf("LAST_NAME", client.last_name),
        _leaf("BIRTH_DATE", client.birth_date),
        _leaf("GENDER", client.gender),
        _leaf("MOTHER_TONGUE", client.mother_tongue),
        _leaf("FINNISH_LEVEL", client.finnish_level),
        _leaf("SWEDISH_LEVEL", client.swedish_level),
        _leaf("EDUCATION_LEVEL", client.education_level),
        _leaf("POSTAL_CODE", client.postal_code),
        _leaf("ARRIVAL_DATE", client.arrival_date),
        _leaf("REGISTRATION_DATE", client.registration_date),
        _leaf("JOB_SEARCH_STATUS", client.job_search_status),
        _leaf("JOB_SEARCH_ENDED", client.end_date),
        _leaf("END_REASON", client.end_reason),
        _leaf("SERVICE_UNIT", client.unit.name),
        _leaf("TEAM", client.team.name),
        _leaf(
            "RESPONSIBLE_WORKER",
            client.responsible_worker.display_name if client.responsible_worker else None,
        ),
    ]
    plans = [
        _node(
            "EMPLOYMENT_PLAN",
            [
                _leaf("VERSION", p.version),
                _leaf("GOALS", p.goals),
                _leaf("JOB_SEARCH_OBLIGATION", p.job_search_obligation),
                _leaf("ACKNOWLEDGED_AT", p.acknowledged_at),
                _leaf("AGREED_SERVICES", json.dumps(p.agreed_services, ensure_ascii=False)),
                _node(
                    "TASKS",
                    [
                        _node(
                            "TASK", [_leaf("TITLE", t.title), _leaf("DUE", t.due_date), _leaf("DONE", t.done)]
                        )
                        for t in p.tasks.all()
                    ],
                ),
            ],
        )
        for p in client.plans.prefetch_related("tasks")
    ]
    meetings = [
        _node(
            "MEETING",
            [
                _leaf("KIND", m.kind),
                _leaf("STATUS", m.status),
                _leaf("CHANNEL", m.channel),
                _leaf("PLANNED", m.planned_date),
                _leaf("HELD", m.held_date),
                _leaf("NOTES", m.notes),
                _leaf("VIDEO_LINK", m.video_link),
                _node(
                    "NOTES_VERSIONS",
                    [
                        _node(
                            "NOTES_VERSION",
                            [
                                _leaf("VERSION", v.version),
                                _leaf("TEXT", v.text),
                                _leaf("SAVED", v.created_at),
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
        _node(
            "EVENT",
            [
                _leaf("DATE", e.date),
                _leaf("KIND", e.kind),
                _leaf("SERVICE", e.service_code),
                _leaf("REASON", e.reason),
            ],
        )
        for e in client.events.order_by("date", "id")
    ]
    network = [
        _node(
            "MEMBER",
            [
                _leaf("NAME", n.member.display_name),
                _leaf("ROLE", n.member.role),
                _leaf("CONSENT_GIVEN", n.consent_given),
                _leaf("ACTIVE", n.active),
            ],
        )
        for n in client.network.select_related("member")
    ]
    sessions = [
        _node(
            "NETWORK_SESSION",
            [
                _leaf("DATE", s.date),
                _leaf("KIND", s.kind),
                _leaf("CHANNEL", s.channel),
                _leaf("PROFESSIONAL", s.professional.display_name if s.professional else ""),
                _leaf("SUMMARY", s.summary),
            ],
        )
        for s in client.network_sessions.select_related("professional").order_by("date", "id")
    ]
    access = [
        _node(
            "ACCESS",
            [
                _leaf("TIME", a.time.isoformat()),
                _leaf("WHO", a.actor_name),
                _leaf("ROLE", a.actor_role),
                _leaf("ACTION", a.action),
                _leaf("PURPOSE", a.purposes),
            ],
        )
        for a in AuditEvent.objects.filter(subject_client_id=client.pk).order_by("id")
    ]
    children = [
        *profile,
        _node("EMPLOYMENT_PLANS", plans),
        _node("MEETINGS", meetings),
        _node("EVENTS", events),
        _node("NETWORK", network),
        _node("NETWORK_SESSIONS", sessions),
        _node("ACCESS_LOG", access),
    ]
    for extra in EXTRA_SECTIONS:
        children.append(extra(client))
    children.extend(registry.export_nodes(client))
    return _node("CLIENT", children)


# Other apps (consent, market profile, referrals) append a callable(client) -> node here.
EXTRA_SECTIONS: list = []


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
        c.postal_code = ""
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
        for hook in ANONYMISE_HOOKS:
            hook(c)
        registry.erase(c)
        if login is not None:
            login.is_active = False
            login.first_name = login.last_name = ""
            login.email = ""
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


# Other apps register callables(client) that erase their personal data on anonymisation.
ANONYMISE_HOOKS: list = []


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
