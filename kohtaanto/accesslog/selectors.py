"""Reading the audit log: the data subject's view and the supervisor's view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User, role_label
from kohtaanto.audit.labels import action_label, purpose_label, target_label
from kohtaanto.audit.models import Action, AuditEvent
from kohtaanto.audit.services import audit_record

PAGE = 100
GROUPS_PER_PAGE = 25
EVENTS_PER_PAGE = 50
# The "what" of a page of groups is read from at most this many of its events.
_WHAT_SAMPLE = 5000


@dataclass(frozen=True)
class AccessGroup:
    """One line of the client's access log: one person, one day, one purpose, one action,
    however many times (a worklist opened 30 times a day is one line)."""

    day: date
    first: datetime
    last: datetime
    count: int
    actor_name: str
    actor_role: str
    role_label: str
    action: str
    action_label: str
    purpose: str
    purpose_label: str
    what: tuple[str, ...]
    # The group's purpose and each page section's own (a consent purpose, decision support).
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccessPage:
    items: list
    page: int
    pages: int
    count: int


def _names(actor_ids: set[int]) -> dict[int, str]:
    """People's names now (the log stores the username at the time)."""
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=actor_ids)}


def _page(qs, page: int, per_page: int):
    paginator = Paginator(qs, per_page)
    current = paginator.get_page(page)
    return current, paginator


def _names_of_what(detail, target_type: str) -> tuple[str, ...]:
    """The sections a page read (one not shown for want of consent says so), else the target."""
    sections = detail.get("sections") if isinstance(detail, dict) else None
    sections = [s for s in sections or [] if isinstance(s, dict)]
    if not sections:
        return (target_label(target_type),)
    return tuple(
        _("%(section)s (not shown: no consent)") % {"section": target_label(str(s.get("section", "")))}
        if s.get("refused")
        else target_label(str(s.get("section", "")))
        for s in sections
    )


def _what(event_rows) -> tuple[dict[tuple, list[str]], dict[tuple, list[str]]]:
    """Readable names of what each group read and of every purpose it was read for, each once."""
    found: dict[tuple, list[str]] = {}
    why: dict[tuple, list[str]] = {}
    for row in event_rows:
        key = (row["actor_id"], row["day"], row["action"], row["purpose"])
        labels = found.setdefault(key, [])
        for name in _names_of_what(row["detail"], row["target_type"]):
            if name not in labels:
                labels.append(name)
        purposes = why.setdefault(key, [purpose_label(row["purpose"])])
        detail = row["detail"] if isinstance(row["detail"], dict) else {}
        for section in detail.get("sections") or []:
            p = purpose_label(str(section.get("purpose") or "")) if isinstance(section, dict) else ""
            if p and p not in purposes:
                purposes.append(p)
    return found, why


def access_log_for_client_user(*, actor: User, page: int = 1) -> AccessPage:
    """Who processed my data and when, for the client themself: staff reads and writes
    (not the client's own, not refused attempts), one line per person, day, action and
    purpose, newest first, with names and the roles and purposes in the reader's language."""
    if not policy.is_client(actor):
        raise PermissionDenied("only a client sees their own access log")
    record = getattr(actor, "client_record", None)
    if record is None:
        return AccessPage([], 1, 1, 0)
    events = (
        AuditEvent.objects.filter(subject_client_id=record.pk)
        .exclude(actor_id=actor.pk)
        .exclude(action=Action.DENIED)
        .annotate(day=TruncDate("time"))
    )
    groups = (
        events.values("actor_id", "actor_role", "day", "action", "purpose")
        .annotate(n=Count("id"), first=Min("time"), last=Max("time"), username=Max("actor_name"))
        .order_by("-day", "-last", "actor_id")
    )
    current, paginator = _page(groups, page, GROUPS_PER_PAGE)
    rows = list(current.object_list)
    names = _names({r["actor_id"] for r in rows if r["actor_id"]})
    what: dict[tuple, list[str]] = {}
    why: dict[tuple, list[str]] = {}
    if rows:
        sample = events.filter(
            actor_id__in={r["actor_id"] for r in rows},
            time__gte=min(r["first"] for r in rows),
            time__lte=max(r["last"] for r in rows),
        ).values("actor_id", "day", "action", "purpose", "target_type", "detail")[:_WHAT_SAMPLE]
        what, why = _what(sample)
    items = [
        AccessGroup(
            day=r["day"],
            first=r["first"],
            last=r["last"],
            count=r["n"],
            actor_name=names.get(r["actor_id"]) or r["username"],
            actor_role=r["actor_role"],
            role_label=role_label(r["actor_role"]),
            action=r["action"],
            action_label=action_label(r["action"]),
            purpose=r["purpose"],
            purpose_label=purpose_label(r["purpose"]),
            what=tuple(what.get((r["actor_id"], r["day"], r["action"], r["purpose"]), ())),
            purposes=tuple(why.get((r["actor_id"], r["day"], r["action"], r["purpose"]), ())),
        )
        for r in rows
    ]
    return AccessPage(items, current.number, paginator.num_pages, paginator.count)


def _window(start: date | None, end: date | None) -> tuple[datetime, datetime]:
    end = end or timezone.localdate()
    start = start or end - timedelta(days=30)
    if start > end:
        raise ValueError("start is after end")
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def supervisable_workers(actor: User) -> QuerySet[User]:
    if policy.is_team_leader(actor) and actor.team_id:
        return User.objects.filter(team_id=actor.team_id).exclude(pk=actor.pk)
    if policy.has_role(actor, policy.SERVICE_MANAGERS) and actor.unit_id:
        return User.objects.filter(unit_id=actor.unit_id).exclude(pk=actor.pk)
    if policy.is_administrator(actor):
        return User.objects.exclude(role__in=policy.CLIENTS)
    raise PermissionDenied("only supervisors query access by worker")


@dataclass(frozen=True)
class WorkerAccess:
    """One event in a supervisor's check of a worker: what, whose, why, and whether refused."""

    time: datetime
    action: str
    action_label: str
    target_type: str
    target_id: str
    what: tuple[str, ...]
    subject_client_id: int | None
    client_name: str
    client_number: str
    purpose: str
    purpose_label: str
    refused: bool
    request_id: str


class Outcome:
    ALL = ""
    REFUSED = "refused"
    ALLOWED = "allowed"


def _client_names(ids: set[int]) -> dict[int, tuple[str, str]]:
    # By name, not import: the audit app sits below the clients app and must not import it.
    client_model = apps.get_model("clients", "Client")
    rows = client_model.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name", "external_id")
    return {pk: (f"{first} {last}".strip(), number) for pk, first, last, number in rows}


def access_by_worker(
    *,
    actor: User,
    worker_id: int,
    start: date | None = None,
    end: date | None = None,
    action: str = "",
    purpose: str = "",
    outcome: str = Outcome.ALL,
    page: int = 1,
    request_id: str = "",
) -> AccessPage:
    """A supervisor's check of what one worker accessed, refused attempts included, with
    clients' names, filtered by action, purpose and outcome; the check itself is logged."""
    worker = supervisable_workers(actor).filter(pk=worker_id).first()
    if worker is None:
        raise Http404("worker not found")
    lo, hi = _window(start, end)
    qs = AuditEvent.objects.filter(actor_id=worker.pk, time__gte=lo, time__lt=hi)
    if action:
        qs = qs.filter(action=action)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if outcome == Outcome.REFUSED:
        qs = qs.filter(action=Action.DENIED)
    elif outcome == Outcome.ALLOWED:
        qs = qs.exclude(action=Action.DENIED)
    current, paginator = _page(qs.order_by("-id"), page, EVENTS_PER_PAGE)
    events = list(current.object_list)
    names = _client_names({ev.subject_client_id for ev in events if ev.subject_client_id})
    items = [
        WorkerAccess(
            time=ev.time,
            action=ev.action,
            action_label=action_label(ev.action),
            target_type=ev.target_type,
            target_id=ev.target_id,
            what=(f"{target_label(ev.target_type)} {ev.target_id}",)
            if ev.target_type == "request"
            else _names_of_what(ev.detail, ev.target_type),
            subject_client_id=ev.subject_client_id,
            client_name=names.get(ev.subject_client_id, ("", ""))[0],
            client_number=names.get(ev.subject_client_id, ("", ""))[1],
            purpose=ev.purpose,
            purpose_label=purpose_label(ev.purpose),
            refused=ev.action == Action.DENIED,
            request_id=ev.request_id,
        )
        for ev in events
    ]
    audit_record(
        actor=actor,
        action="read",
        target_type="audit.access_by_worker",
        target_id=worker.pk,
        purpose="access supervision",
        request_id=request_id,
        detail={
            "start": lo.date().isoformat(),
            "end": (hi.date() - timedelta(days=1)).isoformat(),
            "page": current.number,
            "clients": sorted(names),
        },
    )
    return AccessPage(items, current.number, paginator.num_pages, paginator.count)
