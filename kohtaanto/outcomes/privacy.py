"""Job-search periods, employments and education starts in the client's GDPR export; on
anonymisation the employer and programme texts go (dates and codes stay for statistics)."""

from __future__ import annotations

from kohtaanto.privacy.registry import Personal, leaf, node

from .models import EducationStart, Employment, JobApplication, JobOffer, JobSearchPeriod

SPECS = (
    Personal(JobSearchPeriod, "PERIOD", personal=(), codes=("end_reason",), hand_written=True),
    Personal(
        Employment,
        "EMPLOYMENT",
        personal=("employer_name", "business_id"),
        codes=("occupation_uri", "occupation_label", "working_time", "contract"),
        hand_written=True,
    ),
    Personal(EducationStart, "EDUCATION", personal=("institution", "programme"), hand_written=True),
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


def export_section(client) -> dict:
    periods = [
        node("PERIOD", [leaf("START", p.start), leaf("END", p.end), leaf("END_REASON", p.end_reason)])
        for p in JobSearchPeriod.objects.filter(client=client).order_by("start", "id")
    ]
    jobs = [
        node(
            "EMPLOYMENT",
            [
                leaf("EMPLOYER", e.employer_name),
                leaf("BUSINESS_ID", e.business_id),
                leaf("OCCUPATION", e.occupation_label),
                leaf("START", e.start),
                leaf("END", e.end),
                leaf("WEEKLY_HOURS", e.weekly_hours),
                leaf("WORKING_TIME", e.working_time),
                leaf("CONTRACT", e.contract),
                leaf("SUBSIDISED", e.subsidised),
            ],
        )
        for e in Employment.objects.filter(client=client).order_by("start", "id")
    ]
    education = [
        node(
            "EDUCATION_START",
            [leaf("INSTITUTION", d.institution), leaf("PROGRAMME", d.programme), leaf("START", d.start)],
        )
        for d in EducationStart.objects.filter(client=client).order_by("start", "id")
    ]
    return node(
        "JOB_SEARCH",
        [node("PERIODS", periods), node("EMPLOYMENTS", jobs), node("EDUCATION_STARTS", education)],
    )


def anonymise(client) -> None:
    Employment.objects.filter(client=client).update(employer_name="–", business_id="", occupation_label="")
    EducationStart.objects.filter(client=client).update(institution="–", programme="–")
