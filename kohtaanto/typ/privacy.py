"""The TYP case in the client's GDPR export; on erasure the plan's texts go (dates, parties
and codes stay for the national register's statistics)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import TypCase, TypPlan, TypSignature, TypTeamMember

SPECS = (
    Personal(
        TypCase,
        "TYP_CASE",
        personal=(),
        codes=("status", "basis", "rule_version", "exit_outcome"),
        exported=("mapping_start", "mapping_latest_end", "plan_date", "ended_on", "support_days"),
    ),
    Personal(TypTeamMember, "TYP_TEAM_MEMBER", personal=(), codes=("party",), exported=("professional_id",)),
    Personal(
        TypPlan,
        "TYP_PLAN",
        personal=("goals", "services"),
        exported=("consent_date",),
        blanks={"goals": "–", "services": "–"},
    ),
    Personal(TypSignature, "TYP_SIGNATURE", personal=(), codes=("party",), exported=("signed_on",)),
)
