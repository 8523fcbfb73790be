"""Demo Ohjaamo visits and survey sheets (issue 17): a few weeks of anonymous and identified
visits across topics and age groups, some leading to services, and paper survey answers, so
the Ohjaamo page's figures are not empty on the first day. Made through the services."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from . import services
from .models import AgeGroup, SurveyResponse, Topic, Transition, Visit
from .selectors import survey_questions

VISITS = 60
SHEETS = 12


def ohjaamo_demo_install(*, seed: int) -> dict[str, int]:
    """Idempotent: makes nothing when any visit exists. Returns counts of what was made."""
    from kohtaanto.accounts.models import User
    from kohtaanto.clients.models import Client

    if Visit.objects.exists():
        return {}
    worker = User.objects.filter(username="worker").first()
    if worker is None or services.staff_unit_id(worker) is None:
        return {}
    rng = random.Random(seed)
    today = timezone.localdate()
    young = list(
        Client.objects.filter(
            responsible_worker=worker, birth_date__gt=today.replace(year=today.year - 30)
        ).values_list("external_id", flat=True)[:20]
    )
    # Work and education dominate in Ohjaamo's own statistics; the rest is everyday life.
    topics = [Topic.WORK] * 4 + [Topic.EDUCATION] * 3 + [Topic.LIVELIHOOD, Topic.HOUSING, Topic.WELLBEING]
    ages = [AgeGroup.AGE_18_24] * 5 + [AgeGroup.AGE_25_29] * 3 + [AgeGroup.UNDER_18, AgeGroup.UNKNOWN]
    made = {"anonymous visits": 0, "identified visits": 0, "survey sheets": 0}
    for i in range(VISITS):
        identified = young and i % 4 == 0
        services.visit_record(
            actor=worker,
            date=today - dt.timedelta(days=rng.randint(0, 60)),
            topic=rng.choice(topics),
            age_group="" if identified else rng.choice(ages),
            transition=rng.choice([Transition.NONE] * 3 + [t for t in Transition.values if t]),
            client_number=rng.choice(young) if identified else "",
        )
        made["identified visits" if identified else "anonymous visits"] += 1
    if not SurveyResponse.objects.exists():
        survey = survey_questions()
        for _ in range(SHEETS):
            answers = {q.id: rng.randint(max(q.min, q.max - 2), q.max) for q in survey.questions}
            services.survey_paper_enter(actor=worker, answers=answers)
            made["survey sheets"] += 1
    return made
