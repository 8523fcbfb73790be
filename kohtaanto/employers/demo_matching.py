"""Employer matching in the demo (issue 14, point 7): a hundred more job seekers get a
labour-market profile that looks for the vacancies' occupations; about 15 % of the job
seekers with a profile consent to "matching my profile to employers' vacancies"; vacancies
past the search have shortlists ranked by the real engine (employers.candidates) with the
candidates' answers, interviews and decisions; filled vacancies have hires recorded as the
clients' employments; and there are three recruitment events with registered job seekers.
Called by `demo.employers_demo_install` inside its transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from kohtaanto.accounts.models import User
from kohtaanto.clients.models import Client
from kohtaanto.market import consents as consent_rules
from kohtaanto.market.demo import demo_profile
from kohtaanto.market.escodata import EscoData
from kohtaanto.market.models import PROFILE_FIELDS, Consent, Profile, Purpose
from kohtaanto.organisation.models import Municipality
from kohtaanto.outcomes.services import employment_add
from kohtaanto.synthetic.employer_vacancies import VacancySpec

from . import candidates
from .models import (
    Candidate,
    CandidateStatus,
    Employer,
    EventRegistration,
    Interaction,
    InteractionKind,
    RecruitmentEvent,
    Stage,
    Vacancy,
)
from .vacancy_selectors import MATCHING_PURPOSE

CONSENT_SHARE = 0.15
SEEKERS = 100  # job seekers given a profile that looks for the vacancies' occupations
FIT = 0.3  # the least occupation fit of a hire
SHORTLIST = 8
COLLECTION = "Kohtaanto demo data (synthetic)"
DEMO_CLIENT = "client"  # the demo client's username (policy.DEMO_USERS)
# The statuses of a shortlist's best candidates by the vacancy's stage; the rest stay
# on the shortlist. "hired" takes as many as the vacancy has positions.
PLANS: dict[str, tuple[str, ...]] = {
    Stage.SEARCHING: (CandidateStatus.ASKED,),
    Stage.PROPOSED: (CandidateStatus.INTRODUCED, CandidateStatus.ASKED, CandidateStatus.DECLINED),
    Stage.INTERVIEWS: (CandidateStatus.INTERVIEW, CandidateStatus.INTERVIEW, CandidateStatus.INTRODUCED),
    Stage.FILLED: (
        "hired",
        CandidateStatus.NOT_SELECTED,
        CandidateStatus.NOT_SELECTED,
        CandidateStatus.DECLINED,
    ),
}
# (days from today, hour, title, capacity, industries of the employers taking part)
EVENTS = (
    (
        -20,
        13,
        "Rekrytointitapahtuma: hoiva- ja terveysala",
        80,
        ("87301", "87101", "88101", "86220", "78200"),
    ),
    (9, 10, "Varhaiskasvatuksen rekrytointipäivä", 60, ("88911", "85200")),
    (
        23,
        14,
        "Työnantajatreffit: ravintola-, siivous- ja kiinteistöala",
        40,
        ("56290", "56101", "81210", "81100"),
    ),
)
EVENT_PLACE = "Työllisyyspalvelut, Itäkeskuksen toimipiste"
EVENT_TEXT = (
    "Tule tapaamaan työnantajia, jotka rekrytoivat nyt. Ota mukaan ansioluettelo; "
    "työllisyyspalvelujen asiantuntijat auttavat hakemuksissa."
)


def _seekers(area: Municipality, occupations: list[str], e: EscoData, rng: random.Random) -> int:
    """Profiles for job seekers who look for the vacancies' occupations (the market demo's
    look for those of the region's postings), so that the shortlists find people."""
    if not occupations:
        return 0
    clients = list(
        Client.objects.filter(
            unit__municipality=area,
            job_search_status="active",
            anonymised_at__isnull=True,
            market_profile__isnull=True,
        ).order_by("id")[: SEEKERS * 4]
    )
    chosen = rng.sample(clients, min(SEEKERS, len(clients)))
    Profile.objects.bulk_create(
        Profile(client=c, esco_version=e.version, **demo_profile(c, e, occupations, occupations, rng))
        for c in chosen
    )
    return len(chosen)


def _consents(area: Municipality, wanted: set[str], rng: random.Random, now: datetime) -> set[int]:
    """Grant the purpose to CONSENT_SHARE of the area's profiled job seekers: the demo client,
    then half of the rest among those who look for a vacancy's occupation, then any."""
    profiles = list(
        Profile.objects.filter(client__anonymised_at__isnull=True, client__unit__municipality=area)
        .exclude(client__job_search_status="ended")
        .select_related("client", "client__user")
        .order_by("client_id")
    )
    n = round(len(profiles) * CONSENT_SHARE)
    first = [p for p in profiles if is_demo_client(p.client)]
    fitting = [p for p in profiles if {o.get("uri") for o in p.occupations} & wanted and p not in first]
    chosen = first + rng.sample(fitting, min(len(fitting), n // 2))
    rest = [p for p in profiles if p not in chosen]
    chosen += rng.sample(rest, max(0, min(len(rest), n - len(chosen))))
    for profile in chosen[:n] if n else []:
        fields = list(PROFILE_FIELDS)
        if rng.random() < 0.25:
            fields.remove("work_history")  # field-scoped: some keep their history to themselves
        granted = now - timedelta(days=rng.randint(30, 150), hours=rng.randint(0, 8))
        consent = Consent(
            client=profile.client,
            purpose=Purpose.EMPLOYER_MATCHING,
            fields=fields,
            granted_at=granted,
            expires_at=granted + timedelta(days=365),
            collection_method=COLLECTION,
        )
        consent.receipt = consent_rules.build_receipt(consent, profile.client)
        consent.save()
    return {p.client_id for p in chosen[:n]}


def _at(spec: VacancySpec, stage: str, now: datetime, days: int = 0) -> datetime:
    """When the vacancy reached `stage` (or the last stage before it), plus `days`."""
    moments = dict(spec.stages)
    moment = moments.get(stage) or spec.stages[-1][1]
    return min(timezone.make_aware(moment) + timedelta(days=days), now)


def _hire(row: Candidate, vacancy: Vacancy, spec: VacancySpec, actor: User) -> None:
    row.employment = employment_add(
        actor=actor,
        client=row.client,
        employer_name=vacancy.employer.name,
        business_id=vacancy.employer.business_id,
        start=vacancy.start_date or timezone.localdate(),
        end=spec.end_date,
        weekly_hours=vacancy.weekly_hours or Decimal("37.5"),
        working_time="part_time" if vacancy.working_time == "part_time" else "full_time",
        contract=vacancy.contract,
        occupation_uri=vacancy.occupation_uri,
        occupation_label=vacancy.occupation_label,
        purpose=MATCHING_PURPOSE,
    )


def is_demo_client(client: Client) -> bool:
    return client.user is not None and client.user.username == DEMO_CLIENT


def _shortlist(
    vacancy: Vacancy,
    spec: VacancySpec,
    actor: User | None,
    hired: set[int],
    now: datetime,
) -> int:
    """The vacancy's shortlist with the statuses of PLANS; returns the number of hires."""
    ranked = candidates.rank(vacancy, top=SHORTLIST)
    clients = Client.objects.select_related("user", "responsible_worker").in_bulk(
        [r.client_id for r in ranked]
    )
    filled = vacancy.stage == Stage.FILLED
    # Hires go to the best candidates not hired elsewhere already; a filled vacancy keeps
    # only the decided candidates.
    fresh = [
        r.client_id
        for r in ranked
        if r.client_id not in hired
        and r.breakdown.get("occupation", 0) >= FIT
        and not is_demo_client(clients[r.client_id])  # the demo client stays a job seeker
    ][: vacancy.positions if filled and actor else 0]
    plan = [s for s in PLANS.get(vacancy.stage, ()) if s != "hired"]
    hires = 0
    for r in ranked:
        client = clients[r.client_id]
        if r.client_id in fresh:
            status = "hired"
        elif plan:
            status = plan.pop(0)
        elif filled:
            continue
        else:
            status = CandidateStatus.SHORTLISTED
        row = Candidate(
            vacancy=vacancy,
            client=client,
            ref=r.ref,
            score=r.score,
            breakdown=r.breakdown,
            gaps=r.gaps,
            shortlisted_by=actor,
            status=CandidateStatus.HIRED if status == "hired" else status,
        )
        if row.status != CandidateStatus.SHORTLISTED:
            row.asked_at = _at(spec, Stage.SEARCHING, now, 2)
        if row.status not in (CandidateStatus.SHORTLISTED, CandidateStatus.ASKED):
            answered = _at(spec, Stage.PROPOSED, now)
            row.asked_at = min(_at(spec, Stage.SEARCHING, now, 2), answered - timedelta(hours=20))
            row.answered_at, row.answered_by = answered, client.user or client.responsible_worker
        if row.status == CandidateStatus.INTERVIEW:
            row.interview_on = _at(spec, Stage.INTERVIEWS, now).date() + timedelta(days=len(plan) * 3 + 2)
        if row.status in (CandidateStatus.HIRED, CandidateStatus.NOT_SELECTED):
            row.decided_at = _at(spec, Stage.FILLED, now)
        if row.status == CandidateStatus.HIRED and actor is not None:
            _hire(row, vacancy, spec, actor)
            hired.add(client.pk)
            hires += 1
        row.save()
    return hires


def _ask_demo_client(vacancies: list[Vacancy], actor: User | None, now: datetime) -> None:
    """The demo client, if consenting, is asked about the open vacancy that suits them best
    of those for the occupation they look for (or the first searching ones), so the portal
    has an introduction to answer."""
    client = Client.objects.filter(user__username=DEMO_CLIENT).select_related("market_profile").first()
    if client is None or not consent_rules.active_consent(client, Purpose.EMPLOYER_MATCHING):
        return
    if Candidate.objects.filter(client=client, status=CandidateStatus.ASKED).exists():
        return
    profile = getattr(client, "market_profile", None)
    targets = {o.get("uri") for o in profile.occupations} if profile else set()
    open_ = [v for v in vacancies if v.stage in (Stage.SEARCHING, Stage.PROPOSED)]
    tried = sorted(open_, key=lambda v: v.posting.occupation_uri not in targets if v.posting else True)[:25]
    best: tuple[float, Vacancy, candidates.Ranked] | None = None
    for vacancy in tried:
        row = next((r for r in candidates.rank(vacancy, top=100) if r.client_id == client.pk), None)
        if row is not None and (best is None or row.score > best[0]):
            best = (row.score, vacancy, row)
    if best is None:
        return
    _, vacancy, r = best
    Candidate.objects.update_or_create(
        vacancy=vacancy,
        client=client,
        defaults={
            "ref": r.ref,
            "score": r.score,
            "breakdown": r.breakdown,
            "gaps": r.gaps,
            "status": CandidateStatus.ASKED,
            "asked_at": now - timedelta(days=1),
            "shortlisted_by": vacancy.employer.coordinator or actor,
        },
    )


def _events(area: Municipality, actor: User | None, pool: list[int], rng: random.Random, today: date) -> int:
    """The recruitment events with their employers and registered job seekers; those at the
    past one are marked attended or not, and its employers' contact history notes it."""
    clients = list(
        Client.objects.filter(unit__municipality=area, job_search_status="active", anonymised_at__isnull=True)
        .select_related("responsible_worker")
        .order_by("id")[:2000]
    )
    preferred = [c for c in clients if c.pk in pool]
    for days, hour, title, capacity, industries in EVENTS:
        day = today + timedelta(days=days)
        starts = timezone.make_aware(datetime.combine(day, time(hour)))
        event = RecruitmentEvent.objects.create(
            area=area,
            title=title,
            starts_at=starts,
            place=EVENT_PLACE,
            description=EVENT_TEXT,
            capacity=capacity,
            organiser=actor,
        )
        recruiting = Count("vacancies", filter=Q(vacancies__stage__in=[Stage.SEARCHING, Stage.PROPOSED]))
        employers = list(
            Employer.objects.filter(industry__in=industries, contact_consent="yes")
            .annotate(recruiting=recruiting)
            .order_by("-recruiting", "name")[: rng.randint(4, 6)]
        )
        event.employers.set(employers)
        picks = rng.sample(preferred, min(len(preferred), 3))
        picks += rng.sample(
            [c for c in clients if c not in picks], min(len(clients) - len(picks), rng.randint(3, 6))
        )
        for client in picks:
            row = EventRegistration.objects.create(
                event=event,
                client=client,
                registered_by=client.responsible_worker,
                attended=(rng.random() < 0.75) if days < 0 else None,
            )
            registered = starts - timedelta(days=rng.randint(3, 14), hours=rng.randint(0, 6))
            EventRegistration.objects.filter(pk=row.pk).update(registered_at=min(registered, timezone.now()))
        if days < 0:
            Interaction.objects.bulk_create(
                Interaction(
                    employer=employer,
                    kind=InteractionKind.EVENT,
                    date=day,
                    note=f"Osallistui tapahtumaan: {title}.",
                    next_action="Kysy palaute rekrytoinnista",
                    next_action_date=day + timedelta(days=10),
                    recorded_by=actor,
                )
                for employer in employers
            )
    return len(EVENTS)


def matching_demo_install(
    *,
    vacancies: list[tuple[Vacancy, VacancySpec]],
    area: Municipality,
    coordinator: User | None,
    e: EscoData,
    seed: int,
    now: datetime,
) -> dict[str, int]:
    rng = random.Random(seed + 2)
    wanted = [v.posting.occupation_uri for v, _ in vacancies if v.posting and v.posting.occupation_uri]
    seekers = _seekers(area, wanted, e, rng)
    consenting = _consents(area, set(wanted), rng, now)
    hired = set(Candidate.objects.filter(status=CandidateStatus.HIRED).values_list("client_id", flat=True))
    hires = 0
    for vacancy, spec in vacancies:
        if vacancy.stage in PLANS and not (vacancy.stage == Stage.SEARCHING and rng.random() < 0.5):
            actor = vacancy.employer.coordinator or coordinator
            hires += _shortlist(vacancy, spec, actor, hired, now)
    _ask_demo_client([v for v, _ in vacancies], coordinator, now)
    events = _events(area, coordinator, sorted(consenting), rng, now.date())
    return {
        "profiles": seekers,
        "consents": len(consenting),
        "candidates": Candidate.objects.filter(vacancy__in=[v for v, _ in vacancies]).count(),
        "hires": hires,
        "events": events,
    }
