"""Job offers and reported applications as read back: the client's offers, and each month's
applications against the plan's obligation (0-4 a month). Only informs: a flag on the
worklist for a month below the obligation, never a sanction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncMonth

from kohtaanto.clients.models import Client, EmploymentPlan

from .models import JobApplication, JobOffer


@dataclass(frozen=True)
class MonthCount:
    month: date
    applications: int
    obligation: int
    complete: bool  # the month is over

    @property
    def below(self) -> bool:
        return self.complete and self.applications < self.obligation


def _obligation(client: Client) -> int:
    plan = EmploymentPlan.objects.filter(client=client).order_by("-version", "-id").first()
    return plan.job_search_obligation if plan else 0


def application_months(*, client: Client, today: date, months: int = 4) -> list[MonthCount]:
    """The current month and the `months - 1` before it, newest first."""
    first = today.replace(day=1) - relativedelta(months=months - 1)
    counts = dict(
        JobApplication.objects.filter(client=client, date__gte=first)
        .annotate(m=TruncMonth("date"))
        .values_list("m")
        .annotate(n=Count("id"))
    )
    counts = {(m.date() if hasattr(m, "date") else m): n for m, n in counts.items()}
    obligation = _obligation(client)
    current = today.replace(day=1)
    out = []
    for i in range(months):
        month = current - relativedelta(months=i)
        out.append(MonthCount(month, counts.get(month, 0), obligation, complete=month < current))
    return out


def below_obligation_last_month(*, client_ids: list[int], today: date) -> set[int]:
    """Of these active clients, those whose applications last month were fewer than their
    current plan asks; one query for a worklist page."""
    start = today.replace(day=1) - relativedelta(months=1)
    end = today.replace(day=1)
    obligation = Subquery(
        EmploymentPlan.objects.filter(client=OuterRef("pk"))
        .order_by("-version", "-id")
        .values("job_search_obligation")[:1]
    )
    applied = Subquery(
        JobApplication.objects.filter(client=OuterRef("pk"), date__gte=start, date__lt=end)
        .values("client")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )
    rows = (
        Client.objects.filter(pk__in=client_ids, registration_date__lt=start)
        .annotate(obligation=obligation, applied=applied)
        .values_list("pk", "obligation", "applied")
    )
    return {pk for pk, need, n in rows if need and (n or 0) < need}


def offers_for(*, client: Client) -> list[JobOffer]:
    return list(client.job_offers.select_related("posting")[:50])
