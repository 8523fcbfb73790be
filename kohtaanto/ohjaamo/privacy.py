"""Identified Ohjaamo visits and the client's own survey answers in the GDPR export. On
erasure the visits stay as anonymous counts (the link to the client is the personal part),
and the survey answers are deleted with the client's link (they are the client's opinions)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import SurveyResponse, Visit

SPECS = (
    Personal(
        Visit,
        "OHJAAMO_VISIT",
        personal=(),
        codes=("topic", "age_group", "transition"),
        exported=("date",),
    ),
    Personal(
        SurveyResponse,
        "OHJAAMO_SURVEY",
        personal=("answers",),
        codes=("survey_version", "channel"),
        exported=("year",),
        delete_on_erasure=True,
    ),
)
