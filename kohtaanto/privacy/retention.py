"""Retention rules: when a client's data may be erased, and why not otherwise.

A municipality processes job seekers' data under a legal obligation (GDPR art. 6(1)(c),
17(3)(b)), so erasure on request is refused while the job search is active and for a
retention period after it ends. After that the record is anonymised rather than deleted,
so that statistics and impact evaluation keep their history without the person.
The period is a policy parameter (`KOHTAANTO_RETENTION_YEARS`), not a legal constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings


@dataclass(frozen=True)
class Refusal:
    code: str
    message: dict[str, str]  # fi, sv, en


def retention_years() -> int:
    return int(settings.RETENTION_YEARS)


def retention_ends(end_date: date) -> date:
    years = retention_years()
    try:
        return end_date.replace(year=end_date.year + years)
    except ValueError:  # 29 February
        return end_date.replace(year=end_date.year + years, day=28)


def erasure_refusals(client, today: date) -> list[Refusal]:
    """Why this client's data cannot be erased today; empty when it can."""
    reasons: list[Refusal] = []
    if client.anonymised_at:
        return reasons
    if client.job_search_status == "active" or client.end_date is None:
        reasons.append(
            Refusal(
                "ACTIVE_JOB_SEARCH",
                {
                    "fi": "Työnhaku on voimassa. Kunnalla on lakisääteinen velvollisuus käsitellä työnhakijan tietoja, joten niitä ei voi poistaa.",
                    "sv": "Arbetssökningen pågår. Kommunen har en lagstadgad skyldighet att behandla arbetssökandes uppgifter, så de kan inte raderas.",
                    "en": "The job search is active. The municipality has a legal obligation to process a job seeker's data, so it cannot be erased.",
                },
            )
        )
    elif today < retention_ends(client.end_date):
        until = retention_ends(client.end_date).isoformat()
        reasons.append(
            Refusal(
                "RETENTION_PERIOD",
                {
                    "fi": f"Tiedot on säilytettävä säilytysajan loppuun ({until}) asti; sen jälkeen ne anonymisoidaan.",
                    "sv": f"Uppgifterna ska bevaras till slutet av bevarandetiden ({until}); därefter anonymiseras de.",
                    "en": f"The data must be kept until the end of the retention period ({until}); after that it is anonymised.",
                },
            )
        )
    return reasons
