"""The demo's employer side (issue 14, point 7): about 300 synthetic employers with contact
persons and a contact history, vacancies drawn from the City of Helsinki's real job ads in
every stage of the pipeline, each with its job-posting twin, and the demo representative's
mandate; `demo_matching` adds consenting job seekers, shortlists, past hires and
recruitment events. `kohtaanto demo` calls `employers_demo_install`; it refuses to run in
production and loads nothing twice.

The rows are written directly, as the other demo loaders do: the history is backdated
(stage changes weeks ago), which the services, acting now, cannot do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.market.escodata import EscoData, esco
from kohtaanto.organisation.models import Municipality, ServiceUnit, Team
from kohtaanto.synthetic.employer_vacancies import OPEN, VacancySpec, generate_vacancies
from kohtaanto.synthetic.employer_words import MUNICIPALITY
from kohtaanto.synthetic.employers import EmployerSpec, generate_employers
from kohtaanto.synthetic.jobads import load_ads

from . import access
from .demo_matching import matching_demo_install
from .models import ContactPerson, Employer, Interaction, Mandate, StageChange, Vacancy
from .vacancies import posting_sync
from .vacancy_data import VacancyData

DEMO_TEAM = "OSU-N"  # the demo users' team (pages.demo_users)
DEMO_COORDINATOR, REPRESENTATIVE = "coordinator", "employer"  # demo usernames (policy.DEMO_USERS)
MIN_OCCUPATION_SCORE = 1.4  # below it the vacancy's occupation is left to the posting's enrichment


def _area() -> tuple[Municipality, ServiceUnit]:
    """The demo's employment area: the municipality and unit of the demo users' team."""
    team = Team.objects.filter(code=DEMO_TEAM).select_related("unit__municipality").first()
    unit = team.unit if team else ServiceUnit.objects.select_related("municipality").order_by("code").first()
    if unit is None:
        raise RuntimeError("install the organisation before the employer demo")
    return unit.municipality, unit


def _coordinators(unit: ServiceUnit) -> list[User]:
    """The employer coordinators, the demo's `coordinator` first. The register's shared
    coordinators belong to no unit, so no area (employers.access.area_of); in the demo they
    work for the demo team's unit, so their pipeline and events are the area's."""
    users = list(
        User.objects.filter(role__in=policy.EMPLOYER_COORDINATORS, is_active=True).order_by(
            "staff_code", "id"
        )
    )
    users.sort(key=lambda u: u.username != DEMO_COORDINATOR)
    for user in users:
        if access.area_of(user) is None:
            user.unit = unit
            user.save(update_fields=["unit"])
    return users


def _occupations(titles: list[str], e: EscoData) -> dict[str, str]:
    """The best ESCO occupation of each distinct title, as a coordinator would pick it from
    the suggestions, in one batch; none when the best is weak."""
    distinct = sorted(set(titles))
    ranked = e.suggest(distinct, "occupation", 1) if distinct else []
    return {
        title: top[0].uri
        for title, top in zip(distinct, ranked, strict=True)
        if top and float(top[0].score) >= MIN_OCCUPATION_SCORE
    }


def _employers(specs: list[EmployerSpec], coordinators: list[User], area: Municipality) -> list[Employer]:
    rows = Employer.objects.bulk_create(
        Employer(
            area=area,
            business_id=s.business_id,
            name=s.name,
            industry=s.industry,
            size_class=s.size_class,
            locations=list(s.locations),
            contact_consent=s.contact_consent,
            coordinator=coordinators[s.coordinator % len(coordinators)]
            if coordinators and s.coordinator is not None
            else None,
        )
        for s in specs
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(employer=row, **contact)
        for row, s in zip(rows, specs, strict=True)
        for contact in s.contacts
    )
    Interaction.objects.bulk_create(
        Interaction(
            employer=row,
            kind=i.kind,
            date=i.date,
            note=i.note,
            next_action=i.next_action,
            next_action_date=i.next_action_date,
            recorded_by=row.coordinator,
        )
        for row, s in zip(rows, specs, strict=True)
        for i in s.interactions
    )
    return rows


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _vacancy(
    spec: VacancySpec, employer: Employer, area: Municipality, occupation: str, e: EscoData
) -> Vacancy:
    place = next((loc for loc in employer.locations if loc["city"] == area.name), employer.locations[0])
    data = VacancyData.model_validate(
        {
            "title": spec.title,
            "description": spec.description,
            "occupation_uri": occupation,
            "municipality": MUNICIPALITY.get(place["city"], ""),
            "postal_code": place["postal_code"],
            "weekly_hours": spec.weekly_hours,
            "working_time": spec.working_time,
            "contract": spec.contract,
            "languages": list(spec.languages),
            "start_date": spec.start_date,
            "apply_by": spec.apply_by,
            "subsidy_interest": spec.subsidy_interest,
            "positions": spec.positions,
        }
    )
    fields = data.model_dump(exclude={"languages"})
    stage, since = spec.stages[-1]
    return Vacancy(
        employer=employer,
        area=area,
        occupation_label=e.occupation_label(occupation) if occupation else "",
        languages=[lang.model_dump() for lang in data.languages],
        stage=stage,
        stage_since=_aware(since),
        created_by=employer.coordinator,
        **fields,
    )


def _vacancies(
    specs: list[VacancySpec], employers: list[Employer], area: Municipality, e: EscoData
) -> list[Vacancy]:
    occupations = _occupations([s.title for s in specs], e)
    rows = []
    for spec in specs:
        row = _vacancy(spec, employers[spec.employer], area, occupations.get(spec.title, ""), e)
        row.save()
        row.created_at = _aware(spec.created)  # auto_now_add on save; the history is older
        Vacancy.objects.filter(pk=row.pk).update(created_at=row.created_at)
        rows.append(row)
    StageChange.objects.bulk_create(
        StageChange(vacancy=row, stage=stage, at=_aware(at), by=row.employer.coordinator)
        for row, spec in zip(rows, specs, strict=True)
        for stage, at in spec.stages
    )
    for row in rows:
        posting_sync(row, e)  # the twin job seekers' job matching ranks
    return rows


def representative_mandate(today: date | None = None) -> Mandate | None:
    """The demo representative's mandate for an employer with open vacancies in as many
    stages, and as many different jobs, as any (kept when there is one already); the
    representative takes the name of that employer's first contact person."""
    user = User.objects.filter(username=REPRESENTATIVE, role__in=policy.REPRESENTATIVES).first()
    if user is None:
        return None
    today = today or timezone.localdate()
    held = Mandate.objects.filter(user=user, employer_id__in=access.mandated_employers(user)).first()
    if held is not None:
        return held
    employer = (
        Employer.objects.filter(coordinator__username=DEMO_COORDINATOR)
        .annotate(
            stages=Count("vacancies__stage", filter=Q(vacancies__stage__in=OPEN), distinct=True),
            titles=Count("vacancies__title", distinct=True),
        )
        .filter(stages__gt=0)
        .order_by("-stages", "-titles", "name")
        .first()
    )
    if employer is None:
        return None
    contact = employer.contacts.order_by("id").first()
    if contact is not None:
        user.first_name, _, user.last_name = contact.name.partition(" ")
    user.organisation_name = employer.name
    user.save(update_fields=["first_name", "last_name", "organisation_name"])
    return Mandate.objects.create(
        user=user,
        employer=employer,
        source="suomifi_valtuudet",
        valid_from=today - timedelta(days=90),
    )


def employers_demo_install(
    *, employers: int = 300, vacancies: int | None = None, seed: int = 2021, now: datetime | None = None
) -> dict[str, int]:
    """Load the employer demo once (nothing when the register has employers already, except
    the representative's mandate if it is missing). `vacancies` defaults to 85 % of
    `employers`. Returns counts of what was made."""
    if settings.PRODUCTION:
        raise RuntimeError("the employer demo is not loaded in production")
    now = timezone.localtime(now or timezone.now())
    area, unit = _area()
    if Employer.objects.filter(area=area).exists():
        mandate = representative_mandate(now.date())
        return {"employers": 0, "vacancies": 0, "mandates": int(mandate is not None)}
    e = esco()
    with transaction.atomic():
        coordinators = _coordinators(unit)
        specs = generate_employers(employers, seed=seed, today=now.date(), coordinators=len(coordinators))
        rows = _employers(specs, coordinators, area)
        wanted = round(employers * 0.85) if vacancies is None else vacancies
        vacancy_specs = generate_vacancies(
            specs, load_ads(), n=wanted, seed=seed, now=now.replace(tzinfo=None, microsecond=0)
        )
        made = _vacancies(vacancy_specs, rows, area, e)
        counts = matching_demo_install(
            vacancies=list(zip(made, vacancy_specs, strict=True)),
            area=area,
            coordinator=coordinators[0] if coordinators else None,
            e=e,
            seed=seed,
            now=now,
        )
        mandate = representative_mandate(now.date())
    return {
        "employers": len(rows),
        "contacts": sum(len(s.contacts) for s in specs),
        "interactions": sum(len(s.interactions) for s in specs),
        "vacancies": len(made),
        "mandates": int(mandate is not None),
        **counts,
    }


def area_employers_install(*, area_code: str, keeper: str, employers: int = 40, seed: int = 2022) -> int:
    """The second demo area's own, smaller register (issue 15): its records, contacts and
    contact history, kept by `keeper`; the first area's staff never see them. Once only;
    returns how many were made."""
    if settings.PRODUCTION:
        raise RuntimeError("the employer demo is not loaded in production")
    area = Municipality.objects.filter(code=area_code).first()
    if area is None or Employer.objects.filter(area=area).exists():
        return 0
    user = User.objects.filter(username=keeper, is_active=True).first()
    specs = generate_employers(
        employers, seed=seed, today=timezone.localdate(), coordinators=int(user is not None)
    )
    with transaction.atomic():
        return len(_employers(specs, [user] if user else [], area))
