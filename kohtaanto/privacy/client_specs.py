"""The client record's own models in the GDPR registry. Most are exported and erased by the
hand-written tree in services.py (`hand_written`); handovers and shared network notes are declarative."""

from __future__ import annotations

from kohtaanto.clients.models import (
    AccessGrant,
    Client,
    ClientEvent,
    EmploymentPlan,
    Handover,
    Meeting,
    NetworkMember,
    NetworkSession,
    SharedNote,
)

from .registry import Personal

SPECS = (
    # The record itself: exported and anonymised by the hand-written tree in services.py.
    Personal(
        Client,
        "CLIENT",
        personal=(
            "hetu_encrypted",
            "first_name",
            "last_name",
            "postal_code",
            "phone",
            "email",
            "street_address",
            "post_office",
            "interpreter_language",
        ),
        codes=(
            "external_id",
            "hetu_hash",
            "gender",
            "mother_tongue",
            "finnish_level",
            "swedish_level",
            "education_level",
            "job_search_status",
            "end_reason",
            "next_due_kind",
            "preferred_channel",
            "contact_language",
        ),
        hand_written=True,
    ),
    Personal(EmploymentPlan, "EMPLOYMENT_PLAN", personal=("goals", "agreed_services"), hand_written=True),
    Personal(
        Meeting,
        "MEETING",
        personal=("notes", "video_link"),
        codes=("kind", "status", "channel", "external_id"),
        hand_written=True,
    ),
    Personal(
        ClientEvent,
        "EVENT",
        personal=(),
        codes=("kind", "service_code", "reason", "external_id"),
        hand_written=True,
    ),
    Personal(NetworkMember, "MEMBER", personal=(), hand_written=True),
    Personal(
        NetworkSession, "NETWORK_SESSION", personal=("summary",), codes=("kind", "channel"), hand_written=True
    ),
    # A worker's stated reason to open the record: a code, shown in the export with its time.
    Personal(AccessGrant, "ACCESS_REASON", personal=(), codes=("reason",), exported=("created_at",)),
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
