"""What the expert sees before deciding, computed without writing anything: the calculator's
answer for the application as it stands (with the client facts the expert has ticked), the
client's registered job-search periods it rests on, and the undertaking's de minimis aid
over the rule data's window against the ceiling. The decision itself is made by
`decision_services.decision_make`, from the same `build_case`, so the preview and the
decision cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from kohtaanto.domain.subsidies.calculator import calculate
from kohtaanto.domain.subsidies.facts import de_minimis_window_start
from kohtaanto.domain.subsidies.result import SubsidyResult
from kohtaanto.domain.subsidies.rules import DeMinimisVersion, NoRulesInForce, rulebook
from kohtaanto.outcomes.models import JobSearchPeriod

from .decision_services import build_case, de_minimis_granted
from .models import SubsidyApplication


@dataclass(frozen=True)
class Preview:
    result: SubsidyResult | None
    problem: str  # why no result could be computed ("" when there is one)
    source: str  # the rule version's legal source


@dataclass(frozen=True)
class DeMinimis:
    rows: tuple[dict[str, str], ...]  # {granted_on, amount, grantor}, inside the window
    total: Decimal
    ceiling: Decimal
    window_start: dt.date
    remaining: Decimal


def preview(app: SubsidyApplication, client_facts: dict[str, bool]) -> Preview:
    """The calculator's answer now; a case it cannot take is a `problem`, never an error page."""
    try:
        case = build_case(app, start=app.start_date, months=app.planned_months, client_facts=client_facts)
        result = calculate(case)
    except ValidationError as exc:
        return Preview(None, " ".join(exc.messages), "")
    except NoRulesInForce as exc:
        return Preview(None, str(exc), "")
    source = rulebook().in_force(app.benefit, app.start_date).source
    return Preview(result, "", f"{source.act}, {source.section}")


def job_search_periods(app: SubsidyApplication) -> list[JobSearchPeriod]:
    return list(JobSearchPeriod.objects.filter(client=app.client).order_by("start"))


def de_minimis(app: SubsidyApplication) -> DeMinimis | None:
    """The undertaking's de minimis aid in the window before the start, granted here or declared."""
    if app.employer is None and app.benefit != "starttiraha":
        return None
    try:
        rules = rulebook().in_force("de_minimis", app.start_date)
    except NoRulesInForce:
        return None
    assert isinstance(rules, DeMinimisVersion)
    window_start = de_minimis_window_start(rules, app.start_date)  # the calculator's window
    business_id = app.employer.business_id if app.employer else ""
    rows = tuple(
        r
        for r in [*app.declared_aid, *de_minimis_granted(business_id, app.pk)]
        if window_start <= dt.date.fromisoformat(r["granted_on"]) <= app.start_date
    )
    total = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
    return DeMinimis(rows, total, rules.ceiling, window_start, max(rules.ceiling - total, Decimal(0)))
