"""`kohtaanto insights status --json`: what the operational database holds now, and when the
dashboard was last refreshed from it (issue 12). Counts only: no personal data."""

from __future__ import annotations

from django.db.models import Count, Max

from kohtaanto.clients.models import Client, ClientEvent, JobSearchStatus

from .models import Refresh, RefreshStatus


def insights_status() -> dict:
    """{"as_of", "last_refresh", "clients": {"active", "ended"}, "ended_by_reason": {...}}.

    `as_of` is the newest date the data knows (an event or a registration); the counts are
    of clients by their current job-search period."""
    by_status = dict(Client.objects.values_list("job_search_status").annotate(n=Count("id")))
    reasons = (
        Client.objects.filter(job_search_status=JobSearchStatus.ENDED)
        .values_list("end_reason")
        .annotate(n=Count("id"))
        .order_by("end_reason")
    )
    newest = [
        ClientEvent.objects.aggregate(d=Max("date"))["d"],
        Client.objects.aggregate(d=Max("registration_date"))["d"],
    ]
    newest = [d for d in newest if d is not None]
    last = (
        Refresh.objects.filter(
            status__in=[RefreshStatus.DONE, RefreshStatus.UNCHANGED], finished_at__isnull=False
        )
        .order_by("-finished_at")
        .first()
    )
    return {
        "as_of": max(newest).isoformat() if newest else None,
        "last_refresh": last.finished_at.isoformat() if last else None,
        "clients": {
            "active": by_status.get(JobSearchStatus.ACTIVE, 0),
            "ended": by_status.get(JobSearchStatus.ENDED, 0),
        },
        "ended_by_reason": {reason or "unknown": n for reason, n in reasons},
    }
