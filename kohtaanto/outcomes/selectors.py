"""Reading a client's job-search history: periods with their outcomes, employments and
education starts. The caller has read the client through `client_get` (scope checked)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from kohtaanto.accounts.models import User
from kohtaanto.audit.services import Reads
from kohtaanto.clients.models import Client

from .models import EducationStart, Employment, JobOffer, JobSearchPeriod
from .offer_selectors import MonthCount, application_months, offers_for


@dataclass
class Outcomes:
    periods: list[JobSearchPeriod] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)
    education: list[EducationStart] = field(default_factory=list)
    offers: list[JobOffer] = field(default_factory=list)
    months: list[MonthCount] = field(default_factory=list)

    @property
    def open_period(self) -> JobSearchPeriod | None:
        return next((p for p in self.periods if p.end is None), None)


def outcomes_for(
    *, actor: User, client: Client, reads: Reads | None = None, purpose: str = "case work"
) -> Outcomes:
    found = Outcomes(
        periods=list(client.periods.all()[:50]),
        employments=list(client.employments.all()[:50]),
        education=list(client.education_starts.all()[:50]),
        offers=offers_for(client=client),
        months=application_months(client=client, today=timezone.localdate())
        if client.job_search_status == "active"
        else [],
    )
    if reads is not None:
        reads.add("client.outcomes", purpose=purpose)
    return found
