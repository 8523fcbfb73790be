"""The default schedule (issue 12): the dashboard hourly (the issue's upper bound), meeting
reminders daily at 06:00 Helsinki time, retention and catalogue review reminders every
30 days, an audit-log checkpoint hourly. Used by the migration and by `schedule_defaults_install`; administrators change it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def default_schedule(now: datetime | None = None) -> dict[str, tuple[int, datetime]]:
    """job -> (every_minutes, first run)."""
    now = (now or datetime.now(HELSINKI)).astimezone(HELSINKI)
    six = datetime.combine(now.date(), time(6, 0), HELSINKI)
    if six <= now:
        six += timedelta(days=1)
    return {
        "insights_refresh": (60, now + timedelta(minutes=5)),
        "meeting_reminders": (1440, six),
        "retention": (43200, six),
        "catalogue_reminders": (43200, six),
        "audit_checkpoint": (60, now + timedelta(minutes=10)),
        "matching_rerank_train": (1440, six),
        "procurement_outcomes": (1440, six),
    }
