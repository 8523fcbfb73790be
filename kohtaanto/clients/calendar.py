"""The worker's week of meetings (issue 12, point 7): planned meetings by day with a warning
where two overlap (a warning, never a refusal), and the iCalendar feed behind a revocable
secret URL that carries nothing personal but the client's initials."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import can_record_meetings
from kohtaanto.audit.services import audit_record

from .models import CalendarFeed, Meeting, MeetingStatus

FEED_DAYS_BACK, FEED_DAYS_AHEAD = 30, 180


@dataclass(frozen=True)
class CalendarEntry:
    meeting_id: int
    client_id: int
    client_name: str
    day: date
    start: time | None
    end: time | None
    kind: str
    kind_label: str
    channel_label: str
    place: str
    conflict: bool


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _mine(actor: User):
    return Meeting.objects.filter(
        Q(staff=actor) | Q(client__responsible_worker=actor), status=MeetingStatus.PLANNED
    ).select_related("client", "office")


def _end(m: Meeting) -> time | None:
    if m.start_time is None:
        return None
    return (datetime.combine(m.planned_date, m.start_time) + timedelta(minutes=m.duration_minutes)).time()


def _overlapping(meetings: list[Meeting]) -> set[int]:
    """Meetings whose times overlap another's on the same day (untimed ones never do)."""
    clash: set[int] = set()
    timed = sorted((m for m in meetings if m.start_time), key=lambda m: (m.planned_date, m.start_time))
    for i, a in enumerate(timed):
        a_end = datetime.combine(a.planned_date, a.start_time) + timedelta(minutes=a.duration_minutes)
        for b in timed[i + 1 :]:
            if b.planned_date != a.planned_date or datetime.combine(b.planned_date, b.start_time) >= a_end:
                break
            clash |= {a.pk, b.pk}
    return clash


def week_calendar(*, actor: User, monday: date, request_id: str = "") -> list[CalendarEntry]:
    """The actor's planned meetings in the week starting `monday`, in time order."""
    if not can_record_meetings(actor):
        raise PermissionDenied("only the team's workers have a meeting calendar")
    meetings = list(
        _mine(actor).filter(planned_date__gte=monday, planned_date__lt=monday + timedelta(days=7))
    )
    clash = _overlapping(meetings)
    if meetings:
        audit_record(
            actor=actor,
            action="read",
            target_type="meeting.calendar",
            target_id=monday.isoformat(),
            purpose="meeting calendar",
            request_id=request_id,
            detail={"clients": sorted({m.client_id for m in meetings})},
        )
    meetings.sort(key=lambda m: (m.planned_date, m.start_time or time.max, m.pk))
    return [
        CalendarEntry(
            meeting_id=m.pk,
            client_id=m.client_id,
            client_name=m.client.full_name,
            day=m.planned_date,
            start=m.start_time,
            end=_end(m),
            kind=m.kind,
            kind_label=str(m.get_kind_display()),
            channel_label=str(m.get_channel_display()),
            place=m.office.name if m.office else m.video_link,
            conflict=m.pk in clash,
        )
        for m in meetings
    ]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_renew(*, actor: User, request_id: str = "") -> str:
    """A new secret feed URL token for the actor; the previous URL stops working."""
    if not can_record_meetings(actor):
        raise PermissionDenied("only the team's workers have a meeting calendar")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=actor, defaults={"token_hash": _hash(token)})
        audit_record(
            actor=actor,
            action="update",
            target_type="meeting.calendar_feed",
            purpose="meeting calendar",
            request_id=request_id,
        )
    return token


def calendar_feed_revoke(*, actor: User, request_id: str = "") -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor).delete()
        audit_record(
            actor=actor,
            action="delete",
            target_type="meeting.calendar_feed",
            purpose="meeting calendar",
            request_id=request_id,
        )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _initials(first: str, last: str) -> str:
    return "".join(f"{p[:1].upper()}." for p in (first, last) if p)


def calendar_feed_ics(*, token: str) -> str | None:
    """The feed for a secret token (None when unknown or revoked): RFC 5545 text with the
    meeting kind, time, place and the client's initials only."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    today = timezone.localdate()
    meetings = _mine(feed.user).filter(
        planned_date__gte=today - timedelta(days=FEED_DAYS_BACK),
        planned_date__lte=today + timedelta(days=FEED_DAYS_AHEAD),
    )
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kohtaanto//meetings//FI", "CALSCALE:GREGORIAN"]
    for m in meetings:
        lines += ["BEGIN:VEVENT", f"UID:meeting-{m.pk}@kohtaanto", f"DTSTAMP:{stamp}"]
        if m.start_time:
            start = timezone.make_aware(datetime.combine(m.planned_date, m.start_time))
            end = start + timedelta(minutes=m.duration_minutes)
            utc = "%Y%m%dT%H%M%SZ"
            lines += [
                f"DTSTART:{start.astimezone(UTC).strftime(utc)}",
                f"DTEND:{end.astimezone(UTC).strftime(utc)}",
            ]
        else:
            lines += [f"DTSTART;VALUE=DATE:{m.planned_date:%Y%m%d}"]
        summary = f"{m.get_kind_display()} {_initials(m.client.first_name, m.client.last_name)}"
        lines.append(f"SUMMARY:{_escape(str(summary))}")
        place = m.office.name if m.office else m.video_link
        if place:
            lines.append(f"LOCATION:{_escape(place)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
