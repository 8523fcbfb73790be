"""Referrals and match feedback in the GDPR registry (issue 13): the need texts, notes and
explanations (which quote the need) are exported and blanked on erasure; the service, the
state and the dates stay for the service statistics."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import MatchFeedback, Referral

SPECS = (
    Personal(
        Referral,
        "REFERRAL",
        personal=("need_text", "note_to_provider", "explanation", "reason"),
        codes=("state", "ranking"),
        exported=("service_id", "referred_at", "start_date", "end_date"),
        blanks={"explanation": {}},
    ),
    Personal(
        MatchFeedback,
        "MATCH_FEEDBACK",
        personal=("need_text", "comment"),
        codes=("action", "reason"),
        exported=("service_id", "created_at"),
    ),
)
