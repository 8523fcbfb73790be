"""Reading Ohjaamo figures for the staff member's unit: visits by age group and topic, the
transitions to services, and the survey's mean answers; small counts hidden."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kohtaanto.accounts.models import User
from kohtaanto.accounts.policy import CLIENTS, OHJAAMO_STAFF
from kohtaanto.analytics.disclosure import suppress, suppress_rates
from kohtaanto.audit.services import audit_record
from kohtaanto.clients.models import Client
from kohtaanto.domain import ohjaamo as rules

from .models import AgeGroup, SurveyResponse, Topic, Transition, Visit
from .services import staff_unit_id

COUNT_PURPOSE = "ohjaamo statistics"


@dataclass
class Counts:
    year: int
    by_age_topic: list[dict]  # {"age_group", <topic>: count or None}
    transitions: list[dict]  # {"transition", "visits"}
    survey: list[dict]  # {"question", "answers", "mean"}
    total: int | None


def ohjaamo_counts(*, actor: User, year: int | None = None, request_id: str = "") -> Counts:
    if actor.role not in OHJAAMO_STAFF:
        raise PermissionDenied(_("Only Ohjaamo staff read the Ohjaamo figures."))
    year = year or timezone.localdate().year
    if not 2015 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year from 2015 to this year.")})
    unit_id = staff_unit_id(actor)
    visits = Visit.objects.filter(unit_id=unit_id, date__year=year)
    cells = {
        (r["age_group"], r["topic"]): r["n"]
        for r in visits.values("age_group", "topic").annotate(n=Count("id"))
    }
    table = pl.DataFrame(
        {
            "age_group": [str(AgeGroup(a).label) for a in AgeGroup.values],
            **{t: [cells.get((a, t), 0) for a in AgeGroup.values] for t in Topic.values},
        }
    )
    moves = {r["transition"]: r["n"] for r in visits.values("transition").annotate(n=Count("id"))}
    transitions = pl.DataFrame(
        {
            "transition": [str(Transition(t).label) for t in Transition.values],
            "visits": [moves.get(t, 0) for t in Transition.values],
        }
    )
    survey = rules.survey_in_force(
        dt.date(year, 12, 31) if year < timezone.localdate().year else timezone.localdate()
    )
    sheets = [r.answers for r in SurveyResponse.objects.filter(unit_id=unit_id, year=year)]
    rows = []
    for q in survey.questions:
        values = [s[q.id] for s in sheets if q.id in s]
        rows.append(
            {
                "question": q.label(_lang()),
                "answers": len(values),
                "mean": sum(values) / len(values) if values else None,
            }
        )
    survey_table = suppress_rates(
        pl.DataFrame(rows, schema={"question": pl.String, "answers": pl.Int64, "mean": pl.Float64}),
        "answers",
        ["mean"],
    )
    audit_record(
        actor=actor,
        action="read",
        target_type="ohjaamo.counts",
        target_id=unit_id or "",
        purpose=COUNT_PURPOSE,
        request_id=request_id,
        detail={"year": year},
    )
    total = visits.count()
    return Counts(
        year=year,
        by_age_topic=suppress(table, list(Topic.values)).to_dicts(),
        transitions=suppress(transitions, ["visits"]).to_dicts(),
        survey=survey_table.to_dicts(),
        total=total if total >= 5 else None,
    )


def _lang() -> str:
    return (get_language() or "fi")[:2]


def survey_questions(on: dt.date | None = None) -> rules.SurveyVersion:
    return rules.survey_in_force(on or timezone.localdate())


def portal_survey_state(*, actor: User) -> bool:
    """Whether the client has answered this year's survey already."""
    if actor.role not in CLIENTS:
        raise PermissionDenied(_("Only the client answers in the portal."))
    client = Client.objects.filter(user=actor).first()
    return (
        bool(client) and SurveyResponse.objects.filter(client=client, year=timezone.localdate().year).exists()
    )
