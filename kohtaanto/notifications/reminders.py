"""Meeting reminders (issue 5, part 4): planned meetings in the next days, once each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kohtaanto.audit.services import AuditEntry, audit_record_many
from kohtaanto.clients.models import Meeting, MeetingStatus

from .services import absolute_url, in_language_of, notify

MAX_DAYS = 60


@dataclass
class ReminderRun:
    meetings: int = 0
    sent: int = 0
    already_sent: int = 0


def _client_text(day: date) -> tuple[str, str]:
    when = formats.date_format(day, "SHORT_DATE_FORMAT")
    subject = _("Reminder: you have a meeting in Kohtaanto")
    body = _(
        "Hello,\n\nyou have a meeting on %(date)s. You can see the details in Kohtaanto:\n%(link)s\n\n"
        "If you cannot come, tell your worker as soon as possible.\n"
    ) % {"date": when, "link": absolute_url(reverse("portal_home"))}
    return subject, body


def _staff_text(day: date, client_id: int) -> tuple[str, str]:
    when = formats.date_format(day, "SHORT_DATE_FORMAT")
    subject = _("Reminder: you have a client meeting")
    body = _("Hello,\n\nyou have a client meeting on %(date)s. The details are in Kohtaanto:\n%(link)s\n") % {
        "date": when,
        "link": absolute_url(reverse("client_page", args=[client_id])),
    }
    return subject, body


def meeting_reminders_send(*, days: int = 2, today: date | None = None) -> ReminderRun:
    """Remind the client and the worker of each planned meeting from today to today + days.

    The notification key holds the meeting and its date, so re-running sends nothing twice,
    while a meeting moved to a new date is reminded of again (the date is what people need).
    """
    if not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_DAYS}")
    today = today or timezone.localdate()
    meetings = (
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED,
            planned_date__gte=today,
            planned_date__lte=today + timedelta(days=days),
            client__anonymised_at__isnull=True,
        )
        .select_related("client__user", "client__responsible_worker", "staff")
        .order_by("planned_date", "id")
    )
    run = ReminderRun()
    audited: list[AuditEntry] = []
    for m in meetings:
        run.meetings += 1
        key = f"meeting-reminder:{m.pk}:{m.planned_date.isoformat()}"
        worker = m.staff or m.client.responsible_worker
        sent_any = False
        for user, text in ((m.client.user, _client_text), (worker, None)):
            if user is None:
                continue
            with in_language_of(user):
                subject, body = text(m.planned_date) if text else _staff_text(m.planned_date, m.client_id)
            row = notify(recipient_user=user, subject=subject, body=body, kind="meeting.reminder", key=key)
            if row is None:
                run.already_sent += 1
            else:
                run.sent += 1
                sent_any = True
        if sent_any:
            audited.append(AuditEntry("create", "notification.meeting_reminder", str(m.pk), m.client_id))
    audit_record_many(actor=None, entries=audited, purpose="meeting reminders")
    return run
