"""Writes to client data: one transaction each, audit event written explicitly."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import (
    NETWORK_ROLES,
    NOTE_ROLES,
    SERVICE_MANAGERS,
    TEAM_CASEWORK,
    can_record_meetings,
    can_write_meetings,
    client_scope,
    has_role,
    meeting_needs_reason,
)
from kohtaanto.audit.services import AuditEntry, audit_record, audit_record_many
from kohtaanto.organisation.models import Office

from . import schedule
from .models import (
    MEETING_NOTES_MAX,
    Channel,
    Client,
    ClientEvent,
    EmploymentPlan,
    EventKind,
    Handover,
    JobSearchStatus,
    Meeting,
    MeetingKind,
    MeetingNoteVersion,
    MeetingStatus,
    NetworkMember,
    PlanTask,
    SharedNote,
)
from .selectors import client_get

# A planned date further ahead than this is a typing error (9999-12-30 was accepted and shown
# to the client), not a plan: the timetable plans weeks ahead, not years.
PLANNED_AHEAD_MAX = timedelta(days=731)
MEETING_MINUTES_MIN, MEETING_MINUTES_MAX = 5, 480


def meeting_record(
    *,
    actor: User,
    client_id: int,
    kind: str,
    status: str,
    channel: str,
    planned_date: date | None = None,
    held_date: date | None = None,
    notes: str | None = None,
    reason: str = "",
    meeting_id: int | None = None,
    start_time: time | None = None,
    duration_minutes: int | None = None,
    office: Office | None = None,
    video_link: str | None = None,
    request_id: str = "",
) -> Meeting:
    """Record a meeting (new, or the outcome of a planned one) and move the worklist deadline.

    Only the client's team writes timetable meetings; a team member other than the
    responsible worker gives a `reason`, which the audit event keeps. `notes=None` keeps
    the meeting's notes; changed notes are saved as a new version (MeetingNoteVersion).
    """
    if not can_record_meetings(actor):
        raise PermissionDenied(_("Only the client's own team records meetings on the timetable."))
    if notes is not None:  # as browsers send a textarea: CRLF line ends, edges trimmed
        notes = notes.replace("\r\n", "\n").strip()
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Unknown meeting kind.")
    if status not in MeetingStatus.values:
        errors["status"] = _("Unknown meeting status.")
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if status == MeetingStatus.HELD and held_date is None:
        errors["held_date"] = _("A held meeting needs the date it was held.")
    if held_date and held_date > date.today():
        errors["held_date"] = _("A meeting cannot be held in the future.")
    if status == MeetingStatus.PLANNED and planned_date is None:
        errors["planned_date"] = _("A planned meeting needs a date.")
    if planned_date and planned_date > date.today() + PLANNED_AHEAD_MAX:
        errors["planned_date"] = _("Plan the meeting at most two years ahead.")
    if notes is not None and len(notes) > MEETING_NOTES_MAX:
        errors["notes"] = _("At most 5000 characters.")
    if len(reason) > 300:
        errors["reason"] = _("At most 300 characters.")
    if duration_minutes is not None and not MEETING_MINUTES_MIN <= duration_minutes <= MEETING_MINUTES_MAX:
        errors["duration_minutes"] = _("A meeting lasts 5 to 480 minutes.")
    if video_link and not video_link.startswith("https://"):
        errors["video_link"] = _("A video link starts with https://.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="record meeting", request_id=request_id)
        if not can_write_meetings(actor, client):
            raise PermissionDenied(_("Only the client's own team records meetings on the timetable."))
        if meeting_needs_reason(actor, client) and not reason.strip():
            raise ValidationError(
                {"reason": _("Say why you record a meeting of a client who has another responsible worker.")}
            )
        if held_date and held_date < client.registration_date:
            raise ValidationError({"held_date": _("A meeting cannot be held before registration.")})
        if planned_date and planned_date < client.registration_date:
            raise ValidationError({"planned_date": _("A meeting cannot be planned before registration.")})
        if meeting_id is not None:
            meeting = Meeting.objects.select_for_update().filter(pk=meeting_id, client=client).first()
            if meeting is None:
                raise ValidationError({"meeting_id": _("No such meeting for this client.")})
        else:
            meeting = Meeting(client=client)
        already_held = meeting.pk is not None and (meeting.status, meeting.held_date) == (
            MeetingStatus.HELD,
            held_date,
        )
        meeting.kind = kind
        meeting.status = status
        meeting.channel = channel
        meeting.planned_date = planned_date or meeting.planned_date or held_date
        meeting.held_date = held_date if status == MeetingStatus.HELD else None
        notes_changed = False
        if notes is not None and notes != meeting.notes:
            meeting.notes, notes_changed = notes, True
        meeting.staff = meeting.staff or actor  # who planned or held it stays on a re-save
        # Time and place: None keeps what the meeting has (an API caller may omit them).
        if start_time is not None:
            meeting.start_time = start_time
        if duration_minutes is not None:
            meeting.duration_minutes = duration_minutes
        if office is not None:
            meeting.office = office
        if video_link is not None:
            meeting.video_link = video_link.strip()
        if meeting.due_date is None:
            meeting.due_date = schedule.due_for_new_meeting(client, kind)
        meeting.save()
        if notes_changed:
            latest = meeting.note_versions.order_by("-version").values_list("version", flat=True).first()
            MeetingNoteVersion.objects.create(
                meeting=meeting, version=(latest or 0) + 1, text=meeting.notes, created_by=actor
            )
        if status == MeetingStatus.HELD and held_date and not already_held:  # a re-save is not another
            ClientEvent.objects.create(client=client, date=held_date, kind=EventKind.MEETING, reason=kind)
        schedule.refresh_next_due(client)
        if status in (MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED):
            schedule.plan_next_meeting(client)
        detail = {"kind": kind, "status": status, "notes_changed": notes_changed}
        if reason.strip():
            detail["reason"] = reason.strip()
        audit_record(
            actor=actor,
            action="update" if meeting_id else "create",
            target_type="meeting",
            target_id=meeting.pk,
            subject_client_id=client.pk,
            purpose="record meeting",
            request_id=request_id,
            detail=detail,
        )
    return meeting


# --- Employment plan -------------------------------------------------------------------

PLAN_EDITORS = TEAM_CASEWORK  # accounts.policy


def plan_save(
    *,
    actor: User,
    client_id: int,
    goals: str,
    job_search_obligation: int,
    tasks: list[dict],
    agreed_services: list[dict] | None = None,
    request_id: str = "",
) -> EmploymentPlan:
    """Save the plan as a new version; earlier versions stay as they were agreed.

    `tasks` are {"title", "assignee" ("client"|"worker"), "due_date" (date|None), "done"}.
    """
    if actor.role not in PLAN_EDITORS:
        raise PermissionDenied(_("Your role cannot edit employment plans."))
    errors = {}
    if not 0 <= job_search_obligation <= 4:
        errors["job_search_obligation"] = _("The job-search obligation is 0 to 4 applications a month.")
    if len(goals) > 5000:
        errors["goals"] = _("At most 5000 characters.")
    for i, t in enumerate(tasks, 1):
        if not str(t.get("title", "")).strip() or len(str(t["title"])) > 300:
            errors[f"tasks.{i}.title"] = _("A task needs a title of at most 300 characters.")
        if t.get("assignee", "client") not in PlanTask.Assignee.values:
            errors[f"tasks.{i}.assignee"] = _("The task is for the client or the worker.")
    with transaction.atomic():
        # Scope first, so a client outside it is a 404 whatever the input.
        client = client_get(
            actor=actor, client_id=client_id, purpose="employment plan", request_id=request_id
        )
        if errors:
            raise ValidationError(errors)
        latest = client.plans.select_for_update().first()
        plan = EmploymentPlan.objects.create(
            client=client,
            version=(latest.version + 1) if latest else 1,
            goals=goals.strip(),
            job_search_obligation=job_search_obligation,
            agreed_services=agreed_services
            if agreed_services is not None
            else (latest.agreed_services if latest else []),
            created_by=actor,
        )
        PlanTask.objects.bulk_create(
            PlanTask(
                plan=plan,
                title=str(t["title"]).strip(),
                assignee=t.get("assignee", "client"),
                due_date=t.get("due_date"),
                done=bool(t.get("done", False)),
            )
            for t in tasks
        )
        audit_record(
            actor=actor,
            action="create",
            target_type="employment_plan",
            target_id=plan.pk,
            subject_client_id=client.pk,
            purpose="employment plan",
            request_id=request_id,
            detail={"version": plan.version},
        )
    return plan


# --- Reassignment and handover ---------------------------------------------------------


def _supervised_workers(actor: User):
    if policy.is_team_leader(actor) and actor.team_id:
        return User.objects.filter(team_id=actor.team_id, role__in=policy.CASE_WORKERS, is_active=True)
    if has_role(actor, SERVICE_MANAGERS) and actor.unit_id:
        return User.objects.filter(unit_id=actor.unit_id, role__in=policy.CASE_WORKERS, is_active=True)
    raise PermissionDenied(_("Only team leaders and service managers reassign clients."))


def clients_reassign(
    *, actor: User, client_ids: list[int], to_worker_id: int, note: str, request_id: str = ""
) -> int:
    """Move clients to another worker of the actor's team (or unit), with a handover note."""
    workers = _supervised_workers(actor)
    to_worker = workers.filter(pk=to_worker_id).first()
    if to_worker is None:
        raise ValidationError({"to_worker": _("Choose a case worker of your team.")})
    if not note.strip():
        raise ValidationError({"note": _("Write a handover note for the new worker.")})
    with transaction.atomic():
        found = list(Client.objects.select_for_update().filter(client_scope(actor), pk__in=client_ids))
        if len(found) != len(set(client_ids)):
            raise ValidationError({"client_ids": _("Some clients are not in your team.")})
        clients = [c for c in found if c.responsible_worker_id != to_worker.pk]
        handovers = [
            Handover(
                client=c,
                from_worker_id=c.responsible_worker_id,
                to_worker=to_worker,
                note=note[:5000],
                created_by=actor,
            )
            for c in clients
        ]
        Handover.objects.bulk_create(handovers)
        Client.objects.filter(pk__in=[c.pk for c in clients]).update(
            responsible_worker=to_worker, team_id=to_worker.team_id, unit_id=to_worker.unit_id
        )
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry("update", "client.responsible_worker", c.pk, c.pk, {"to": to_worker.pk})
                for c in clients
            ],
            purpose="reassignment",
            request_id=request_id,
        )
    return len(clients)


def worker_offboard(*, actor: User, worker_id: int, note: str, request_id: str = "") -> int:
    """A worker leaves: spread their active clients over the rest of the team, balanced."""
    from .intake import Assigner, current_rules

    workers = _supervised_workers(actor)
    leaving = workers.filter(pk=worker_id).first()
    if leaving is None:
        raise ValidationError({"worker": _("Choose a case worker of your team.")})
    if not note.strip():
        raise ValidationError({"note": _("Write a handover note for the new workers.")})
    assigner = Assigner(current_rules())
    assigner.workers[leaving.team_id] = [w for w in assigner.workers[leaving.team_id] if w.pk != leaving.pk]
    if not assigner.workers[leaving.team_id]:
        raise ValidationError({"worker": _("The team has no other case workers to take the clients.")})
    moved = 0
    with transaction.atomic():
        clients = Client.objects.filter(
            responsible_worker=leaving, job_search_status=JobSearchStatus.ACTIVE
        ).select_related("office")
        for c in clients:
            target = assigner.worker_for(leaving.team, c.mother_tongue, c.office.name if c.office else "")
            if target is None:  # checked above: the team has other workers
                raise ValidationError(
                    {"worker": _("The team has no other case workers to take the clients.")}
                )
            assigner.load[target.pk] += 1
            moved += clients_reassign(
                actor=actor, client_ids=[c.pk], to_worker_id=target.pk, note=note, request_id=request_id
            )
    return moved


# --- Network of professionals and shared notes -----------------------------------------


def network_add(
    *, actor: User, client_id: int, member_id: int, consent_given: date, request_id: str = ""
) -> NetworkMember:
    """Add a professional to the client's network; the client's consent date is required."""
    if actor.role not in PLAN_EDITORS:
        raise PermissionDenied(_("Your role cannot change the client's network."))
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="client network", request_id=request_id)
        member = User.objects.filter(pk=member_id, role__in=NETWORK_ROLES, is_active=True).first()
        if member is None:
            raise ValidationError(
                {
                    "member": _(
                        "Choose a psychologist, social worker, employer coordinator or external professional."
                    )
                }
            )
        if consent_given > date.today():
            raise ValidationError({"consent_given": _("The consent date cannot be in the future.")})
        nm, _created = NetworkMember.objects.update_or_create(
            client=client, member=member, defaults={"consent_given": consent_given, "active": True}
        )
        audit_record(
            actor=actor,
            action="update",
            target_type="client.network",
            target_id=member.pk,
            subject_client_id=client.pk,
            purpose="client network",
            request_id=request_id,
            detail={"added": member.pk, "consent_given": consent_given.isoformat()},
        )
    return nm


def network_remove(*, actor: User, client_id: int, member_id: int, request_id: str = "") -> None:
    if actor.role not in PLAN_EDITORS:
        raise PermissionDenied(_("Your role cannot change the client's network."))
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="client network", request_id=request_id)
        NetworkMember.objects.filter(client=client, member_id=member_id).update(active=False)
        audit_record(
            actor=actor,
            action="update",
            target_type="client.network",
            target_id=member_id,
            subject_client_id=client.pk,
            purpose="client network",
            request_id=request_id,
            detail={"removed": member_id},
        )


def note_share(
    *, actor: User, client_id: int, text: str, visible_to: list[str], request_id: str = ""
) -> SharedNote:
    if actor.role not in NOTE_ROLES:
        raise PermissionDenied(_("Your role cannot write shared notes."))
    roles = sorted(set(visible_to) | {actor.role})
    with transaction.atomic():
        client = client_get(actor=actor, client_id=client_id, purpose="shared note", request_id=request_id)
        if not text.strip() or len(text) > 5000:
            raise ValidationError({"text": _("Write a note of at most 5000 characters.")})
        if any(r not in NOTE_ROLES for r in roles):
            raise ValidationError({"visible_to": _("Unknown role.")})
        note = SharedNote.objects.create(client=client, author=actor, text=text.strip(), visible_to=roles)
        audit_record(
            actor=actor,
            action="create",
            target_type="client.shared_note",
            target_id=note.pk,
            subject_client_id=client.pk,
            purpose="shared note",
            request_id=request_id,
        )
    return note


def identity_keys_rotate(*, actor: User | None, batch: int = 2000, request_id: str = "") -> int:
    """Re-encrypt every stored identity code with the current FIELD_KEY and recompute its
    lookup hash (ASVS 6.2.4). Runs in one transaction: a failure (say, a code no configured
    key can decrypt) changes nothing. Returns how many clients were rotated."""
    from cryptography.fernet import InvalidToken

    from . import identity

    rotated = 0
    with transaction.atomic():
        rows = (
            Client.objects.exclude(hetu_encrypted="")
            .select_for_update()
            .only("pk", "hetu_encrypted", "hetu_hash")
        )
        pending: list[Client] = []
        for c in rows.iterator(chunk_size=batch):
            try:
                hetu = identity.decrypt(c.hetu_encrypted)
            except InvalidToken as exc:  # carries no message of its own
                raise ValidationError(
                    _("client %(id)s: the identity code cannot be decrypted with any configured key")
                    % {"id": c.pk}
                ) from exc
            c.hetu_encrypted, c.hetu_hash = identity.encrypt(hetu), identity.lookup_hash(hetu)
            pending.append(c)
            if len(pending) >= batch:
                Client.objects.bulk_update(pending, ["hetu_encrypted", "hetu_hash"])
                rotated += len(pending)
                pending = []
        Client.objects.bulk_update(pending, ["hetu_encrypted", "hetu_hash"])
        rotated += len(pending)
        audit_record(
            actor=actor,
            action="update",
            target_type="identity.keys",
            purpose="field key rotation",
            request_id=request_id,
            detail={"clients": rotated},
        )
    return rotated
