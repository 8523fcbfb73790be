"""Job-search periods, employments and education starts in the client's GDPR export; on
anonymisation the employer and programme texts go (dates and codes stay for statistics)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal

from .models import EducationStart, Employment, JobApplication, JobOffer, JobSearchPeriod

HERE = "outcomes.privacy.export_section / anonymise"
SPECS = (
    Personal(JobSearchPeriod, "PERIOD", personal=(), codes=("end_reason",), handled_by=HERE),
    Personal(
        Employment,
        "EMPLOYMENT",
        personal=("employer_name", "business_id"),
        codes=("occupation_uri", "occupation_label", "working_time", "contract"),
        handled_by=HERE,
    ),
    Personal(EducationStart, "EDUCATION", personal=("institution", "programme"), handled_by=HERE),
    # Offers and applications keep their dates and answers for the statistics.
    Personal(
        JobOffer,
        "JOB_OFFER",
        personal=("title", "employer_name", "answer_reason"),
        codes=("answer",),
        exported=("sent_at", "answered_at"),
    ),
    Personal(JobApplication, "JOB_APPLICATION", personal=("employer_name", "job_title"), exported=("date",)),
)


def _leaf(key: str, value) -> dict:
    return {"key": key, "value": None if value is None else str(value)}


def _node(key: str, children: list[dict]) -> dict:
    return {"key": key, "children": children}


def export_section(client) -> dict:
    periods = [
        _node("PERIOD", [_leaf("START", p.start), _leaf("END", p.end), _leaf("END_REASON", p.end_reason)])
        for p in JobSearchPeriod.objects.filter(client=client).order_by("start", "id")
    ]
    jobs = [
        _node(
            "EMPLOYMENT",
            [
                _leaf("EMPLOYER", e.employer_name),
                _leaf("BUSINESS_ID", e.business_id),
                _leaf("OCCUPATION", e.occupation_label),
                _leaf("START", e.start),
                _leaf("END", e.end),
                _leaf("WEEKLY_HOURS", e.weekly_hours),
                _leaf("WORKING_TIME", e.working_time),
                _leaf("CONTRACT", e.contract),
                _leaf("SUBSIDISED", e.subsidised),
            ],
        )
        for e in Employment.objects.filter(client=client).order_by("start", "id")
    ]
    education = [
        _node(
            "EDUCATION_START",
            [_leaf("INSTITUTION", d.institution), _leaf("PROGRAMME", d.programme), _leaf("START", d.start)],
        )
        for d in EducationStart.objects.filter(client=client).order_by("start", "id")
    ]
    return _node(
        "JOB_SEARCH",
        [_node("PERIODS", periods), _node("EMPLOYMENTS", jobs), _node("EDUCATION_STARTS", education)],
    )


def anonymise(client) -> None:
    Employment.objects.filter(client=client).update(employer_name="–", business_id="", occupation_label="")
    EducationStart.objects.filter(client=client).update(institution="–", programme="–")
