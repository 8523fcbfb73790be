"""The client record's own models in the GDPR registry. Most are exported and erased by the
hand-written tree in services.py; handovers and shared network notes are declarative."""

from __future__ import annotations

from kohtaanto.clients.models import (
    ClientEvent,
    EmploymentPlan,
    Handover,
    Meeting,
    NetworkMember,
    NetworkSession,
    SharedNote,
)

from .registry import Personal

CORE = "privacy.services.client_data_tree / client_anonymise"

SPECS = (
    Personal(EmploymentPlan, "EMPLOYMENT_PLAN", personal=("goals", "agreed_services"), handled_by=CORE),
    Personal(
        Meeting,
        "MEETING",
        personal=("notes", "video_link"),
        codes=("kind", "status", "channel", "external_id"),
        handled_by=CORE,
    ),
    Personal(
        ClientEvent,
        "EVENT",
        personal=(),
        codes=("kind", "service_code", "reason", "external_id"),
        handled_by=CORE,
    ),
    Personal(NetworkMember, "MEMBER", personal=(), handled_by=CORE),
    Personal(
        NetworkSession, "NETWORK_SESSION", personal=("summary",), codes=("kind", "channel"), handled_by=CORE
    ),
    # A handover keeps who passed the client to whom and when; the note goes on erasure.
    Personal(Handover, "HANDOVER", personal=("note",), exported=("created_at",)),
    Personal(
        SharedNote,
        "SHARED_NOTE",
        personal=("text",),
        codes=("visible_to",),
        exported=("created_at",),
        delete_on_erasure=True,
    ),
)
