"""Employer services in the GDPR registry (issue 14): what the employer side holds on a
client. A new model of this app that points at a client joins `SPECS` here.

Event registrations hold no text: the export shows which event and when, and whether the
client attended; on erasure the rows stay, tied to the anonymised record, for the events'
attendance figures."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import Candidate, EventRegistration

SPECS: tuple[Personal, ...] = (
    # A candidacy on a vacancy: the pseudonym, the status and its dates are exported; on
    # erasure the candidacies go (the vacancy's hire counts stay in its stage history).
    Personal(
        Candidate,
        "VACANCY_CANDIDATE",
        personal=(),
        codes=("ref", "status", "breakdown", "gaps"),
        exported=("vacancy_id", "score", "asked_at", "answered_at", "interview_on", "decided_at"),
        delete_on_erasure=True,
    ),
    Personal(
        EventRegistration,
        "EVENT_REGISTRATION",
        personal=(),
        exported=("event_id", "registered_at", "attended"),
    ),
)
