"""A vacancy's twin in the labour-market model: the job posting that job seekers' job
matching ranks, kept in step with the vacancy, and ESCO suggestions from a title."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from kohtaanto.market.enrich import enrich_postings
from kohtaanto.market.escodata import EscoData, esco
from kohtaanto.market.models import JobPosting

from .models import Stage, Vacancy

SOURCE = "kohtaanto"
OPEN_STAGES = (Stage.NEW, Stage.SEARCHING, Stage.PROPOSED, Stage.INTERVIEWS)


@dataclass(frozen=True)
class Suggestion:
    uri: str
    label: str
    score: float


def occupation_suggestions(
    title: str, *, top: int = 5, lang: str = "fi", e: EscoData | None = None
) -> list[Suggestion]:
    """ESCO occupations for a vacancy's title, best first (empty for a blank title)."""
    text = title.strip()[:200]
    if not text:
        return []
    e = e or esco()
    ranked = e.suggest([text], "occupation", top)[0]
    return [Suggestion(r.uri, e.occupation_label(r.uri, lang), round(float(r.score), 3)) for r in ranked]


def posting_sync(vacancy: Vacancy, e: EscoData | None = None) -> JobPosting:
    """Create or update the vacancy's job posting. A filled or closed vacancy's posting
    expires yesterday, so job matching stops offering it but history keeps it."""
    e = e or esco()
    today = timezone.localdate()
    expires = vacancy.apply_by
    if vacancy.stage not in OPEN_STAGES:
        expires = today - timedelta(days=1)
    row = {
        "title": vacancy.title,
        "description": vacancy.description,
        "occupation_uri": vacancy.occupation_uri,
        "skills": list(vacancy.skills),
    }
    enrich_postings([row], e)
    fields = {
        "title": vacancy.title,
        "employer": vacancy.employer.name,
        "description": vacancy.description,
        "municipality": vacancy.municipality,
        "postal_code": vacancy.postal_code,
        "working_time": [vacancy.working_time] if vacancy.working_time else [],
        "languages": list(vacancy.languages),
        "published": timezone.localdate(vacancy.created_at) if vacancy.created_at else today,
        "expires": expires,
        "occupation_uri": row["occupation_uri"],
        "occupation_label": row["occupation_label"],
        "isco_group": row["isco_group"],
        "occupation_score": row["occupation_score"],
        "skills": row["skills"],
        "extracted_skills": row["extracted_skills"],
    }
    posting, _ = JobPosting.objects.update_or_create(
        source=SOURCE, external_id=str(vacancy.pk), defaults=fields
    )
    if vacancy.posting_id != posting.pk:
        Vacancy.objects.filter(pk=vacancy.pk).update(posting=posting)
        vacancy.posting = posting
    return posting
