"""The portal's part in data-subject requests: messages and feedback in the GDPR export,
and removed on anonymisation (registered with kohtaanto.privacy in PortalConfig.ready)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal, leaf

from .models import ClientDocument, Feedback, Message, ReferralRequest, RescheduleRequest

SPECS = (
    Personal(Message, "MESSAGE", personal=("body",), codes=("side",), hand_written=True),
    Personal(Feedback, "FEEDBACK", personal=("text",), codes=("service_ref", "language"), hand_written=True),
    Personal(
        RescheduleRequest,
        "RESCHEDULE_REQUEST",
        personal=("reason", "preferred"),
        exported=("created_at", "handled_at"),
        delete_on_erasure=True,
    ),
    Personal(
        ReferralRequest,
        "REFERRAL_REQUEST",
        personal=("message",),
        exported=("created_at", "service_id", "handled_at"),
        delete_on_erasure=True,
    ),
    # The export carries the file itself (base64), so the copy of one's data is complete.
    Personal(
        ClientDocument,
        "DOCUMENT",
        personal=("title", "filename"),
        codes=("content_type", "sha256"),
        exported=("created_at", "size", "content_base64"),
        delete_on_erasure=True,
    ),
)


def export_section(client) -> dict:
    """MESSAGES and FEEDBACK nodes in the Helsinki GDPR API tree format."""
    messages = [
        {
            "key": "MESSAGE",
            "children": [
                leaf("SENT", m.created_at.isoformat()),
                leaf("FROM", m.side),
                leaf("TEXT", m.body),
                leaf("READ", m.read_at.isoformat() if m.read_at else None),
            ],
        }
        for m in Message.objects.filter(client=client).order_by("created_at", "id")
    ]
    feedback = [
        {
            "key": "FEEDBACK",
            "children": [
                leaf("GIVEN", f.created_at.isoformat()),
                leaf("MEETING", f.meeting_id),
                leaf("SERVICE", f.service_ref or None),
                leaf("SCORE", f.score),
                leaf("TEXT", f.text),
                leaf("LANGUAGE", f.language),
            ],
        }
        for f in Feedback.objects.filter(client=client).order_by("created_at", "id")
    ]
    return {
        "key": "PORTAL",
        "children": [{"key": "MESSAGES", "children": messages}, {"key": "FEEDBACK", "children": feedback}],
    }


def anonymise(client) -> None:
    """Messages go; feedback keeps only its score and date, which identify no one and still
    count in service evaluation."""
    Message.objects.filter(client=client).delete()
    Feedback.objects.filter(client=client).update(text="")
