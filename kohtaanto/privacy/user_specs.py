"""The client's account, beside the client record (issue 13, point 5): every model that points
at a user but not at a client is declared here, with what it means for a client's account.
tests/privacy/test_gdpr_coverage.py fails on one that is not."""

from __future__ import annotations

from kohtaanto.notifications.models import Notification

from .registry import leaf, node

USER_SIDE = {
    "notifications.Notification": "exported (kind, subject, channel, times) and deleted on erasure",
    "accounts.ApiToken": "integration accounts only: clients are never given machine tokens",
    "clients.MeetingNoteVersion": "staff author; the text is the meeting's, exported and erased with it",
    "clients.SegmentationRuleSet": "administrators' rule sets: no client data",
    "clients.CalendarFeed": "a worker's calendar address: staff only",
    "catalogue.ProviderMember": "service providers' users: no client data",
    "catalogue.Service": "the catalogue's last editor: staff or provider only",
    "insights.Refresh": "who refreshed the dashboard: staff only",
    "employers.Employer": "the employer's responsible coordinator: staff only",
    "employers.Interaction": "who recorded a contact with an employer: staff only",
    "employers.Mandate": "an employer representative's mandate: no client data",
    "employers.Vacancy": "who entered a vacancy: staff or the employer's representative",
    "employers.StageChange": "who moved a vacancy between stages: staff or representative",
    "employers.RecruitmentEvent": "the event's organiser: staff only",
}


def export_account(user) -> dict:
    """What was sent to the person outside Kohtaanto (the bodies are never kept)."""
    rows = Notification.objects.filter(recipient=user).order_by("id")
    return node(
        "NOTIFICATIONS",
        [
            node(
                "NOTIFICATION",
                [
                    leaf("KIND", n.kind),
                    leaf("SUBJECT", n.subject),
                    leaf("CHANNEL", n.channel),
                    leaf("STATUS", n.status),
                    leaf("CREATED", n.created_at.isoformat()),
                    leaf("SENT", n.sent_at.isoformat() if n.sent_at else None),
                ],
            )
            for n in rows
        ],
    )


def erase_account(user) -> None:
    Notification.objects.filter(recipient=user).delete()
