"""The demo's year of subsidies (issue 16, point 7): about twelve months of applications for
the demo employers (pay subsidy at 50 %, 70 % and, for an association, 100 %, Helsinki-lisä
and work trials) and start-up grants for job seekers, in every state, with their decisions,
monthly payment applications (one of them late, lapsed), a recovery and a few payment
batches.

Everything is made through the real services, so the audit trail, the rule versions, the
calculations and the subsidised-employment records are the ones a user would make; only the
timestamps the services stamp "now" (submitted, decided, approved, batched) are moved back
afterwards to the day the story says. Deterministic by `seed`; loads nothing when there are
applications already; refuses to run in production."""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kohtaanto.accounts import policy
from kohtaanto.accounts.models import User
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client, JobSearchStatus
from kohtaanto.domain.subsidies.rules import rulebook
from kohtaanto.employers.access import mandated_employers
from kohtaanto.employers.models import Employer
from kohtaanto.employers.services import mandate_grant
from kohtaanto.organisation.models import Team
from kohtaanto.outcomes.models import JobSearchPeriod
from kohtaanto.portal.signin import Person, person_sign_in

from . import application_services as apps
from . import decision_services as decisions
from .demo_payments import Payments, _at
from .models import Benefit, Decision, DecisionKind, InfoRequest, State
from .models import SubsidyApplication as App

# The demo team and the demo users' names (policy.DEMO_USERS).
DEMO_TEAM, REPRESENTATIVE, EXPERT, CLIENT = "OSU-N", "employer", "subsidyexpert", "client"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OTHER_EMPLOYERS = 9  # besides the demo representative's own
START_UPS = 4  # job seekers who apply for a start-up grant, besides the demo client
MIN_SEARCH_DAYS = 200  # unemployed over 6 months at the start: in the pay subsidy's target group
ASSOCIATION_DAYS = 740  # the 100 % ground: unemployed 24 of the last 28 months

log = logging.getLogger(__name__)


@dataclass
class Plan:
    benefit: str
    employer: Employer | None
    applicant: User
    client: Client
    submitted: dt.date
    start: dt.date
    months: int
    case: dict[str, Any]
    facts: dict[str, bool]
    fate: str  # draft | waiting | info_open | granted | rejected
    info: bool = False
    decided: dt.date | None = None
    period: int = 1  # the payment period chosen at the first payment application


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _representatives(rng: random.Random) -> list[tuple[Employer, User]]:
    """The demo representative's employer first, then other demo employers, each with its
    own representative and a mandate recorded through the employer register's service."""
    rep = User.objects.filter(username=REPRESENTATIVE, role__in=policy.REPRESENTATIVES).first()
    out: list[tuple[Employer, User]] = []
    if rep is not None:
        out += [(e, rep) for e in Employer.objects.filter(pk__in=mandated_employers(rep)).order_by("pk")[:1]]
    taken = {e.pk for e, _ in out}
    pool = list(Employer.objects.exclude(pk__in=taken).order_by("business_id")[:200])
    role = policy.DEMO_USERS[REPRESENTATIVE]
    for employer in rng.sample(pool, min(OTHER_EMPLOYERS, len(pool))):
        username = f"edustaja-{employer.business_id}"
        user = User.objects.filter(username=username).first()
        if user is None:
            contact = employer.contacts.order_by("id").first()
            first, _, last = (contact.name if contact else "Edustaja Demo").partition(" ")
            user = User(username=username, role=role, first_name=first, last_name=last,
                        organisation_name=employer.name)  # fmt: skip
            user.set_unusable_password()
            user.save()
        if employer.pk not in mandated_employers(user):
            mandate_grant(actor=None, username=username, business_id=employer.business_id)
        out.append((employer, user))
    return out


def _job_seekers(rng: random.Random) -> list[tuple[Client, dt.date]]:
    """Active, registered job seekers of the demo area with their period's start, shuffled."""
    team = Team.objects.filter(code=DEMO_TEAM).select_related("unit").first()
    clients = Client.objects.filter(
        job_search_status=JobSearchStatus.ACTIVE, anonymised_at__isnull=True, user__isnull=True
    )
    if team is not None:
        clients = clients.filter(municipality_id=team.unit.municipality_id)
    started = dict(
        JobSearchPeriod.objects.filter(end__isnull=True, client__in=clients).values_list("client_id", "start")
    )
    rows = [(c, started[c.pk]) for c in clients.order_by("pk") if c.pk in started]
    rng.shuffle(rows)
    return rows


def _take(
    pool: list[tuple[Client, dt.date]], start: dt.date, eligible: bool = True, days: int = MIN_SEARCH_DAYS
) -> Client | None:
    """The next job seeker unemployed long enough at `start` (or, for a refusal, too short)."""
    for i, (_client, since) in enumerate(pool):
        long_enough = (start - since).days >= days
        if since < start and long_enough == eligible:
            return pool.pop(i)[0]
    return None


def _case(benefit: str, kind: str, rng: random.Random, start: dt.date) -> tuple[dict, dict, int]:
    """(case fields, client facts the expert confirms, planned months) of one application."""
    pay_ = Decimal(rng.randrange(2100, 3300, 50))
    if benefit == Benefit.HELSINKI_LISA:
        case: dict[str, Any] = {"employer_kind": "business", "monthly_pay": pay_,
                                "side_costs_monthly": (pay_ * Decimal("0.2")).quantize(Decimal(1)),
                                "holiday_pay_monthly": (pay_ * Decimal("0.05")).quantize(Decimal(1))}  # fmt: skip
        if getattr(rulebook().in_force(benefit, start), "mode", "") == "top_up":  # a top-up to palkkatuki
            case |= {"pay_subsidy_monthly": Decimal(1000), "pay_subsidy_months": 5}
        return case, {"helsinki_resident": True, "helsinki_need_assessed": True}, rng.choice((6, 9, 12))
    if benefit == Benefit.TYOKOKEILU:
        return {"employer_kind": "business", "hours_per_day": 6, "days_per_week": rng.choice((4, 5))}, {}, 3
    if benefit == Benefit.STARTTIRAHA:
        return {"startup": {"full_time": True, "skills": True}}, {}, 6
    if kind == "70":
        case = {"ground": "reduced_work_capacity", "employer_kind": "business", "monthly_pay": pay_}
        return case, {"reduced_work_capacity": True}, 12
    if kind == "100":
        case = {"ground": "association_100", "employer_kind": "association", "monthly_pay": Decimal(1800),
                "working_time_percent": 60}  # fmt: skip
        return case, {}, 8
    return {"ground": "lack_of_skills", "employer_kind": "business", "monthly_pay": pay_}, {}, 6


def _plans(
    rng: random.Random,
    today: dt.date,
    employers: list[tuple[Employer, User]],
    start_ups: list[tuple[User, Client]],
    pool: list[tuple[Client, dt.date]],
) -> list[Plan]:
    """A year of applications, a few a week, the latest ones still open."""
    per_month = max(4, min(18, len(pool) // 22))
    kinds = (
        [(Benefit.PALKKATUKI, "50")] * 7 + [(Benefit.PALKKATUKI, "70")] + [(Benefit.HELSINKI_LISA, "")] * 3
    )
    kinds += [(Benefit.TYOKOKEILU, "")] * 3 + [(Benefit.PALKKATUKI, "50")]
    # Decided last week, starting next month: a large grant waiting for a second expert's
    # approval, and an association's 100 % grant (its client has been unemployed 24 of the
    # last 28 months, so the start is after the two-year history).
    plans: list[Plan] = []
    start = _month(today) + relativedelta(months=1)
    for kind, days in (("70", MIN_SEARCH_DAYS), ("100", ASSOCIATION_DAYS)):
        client = _take(pool, start, days=days)
        if client is not None:
            case, facts, months = _case(Benefit.PALKKATUKI, kind, rng, start)
            plans.append(Plan(Benefit.PALKKATUKI, employers[-1][0], employers[-1][1], client, today - dt.timedelta(days=16),
                              start, months, case, facts, "granted", decided=today - dt.timedelta(days=4)))  # fmt: skip
    for back in range(12, -1, -1):
        month = _month(today) - relativedelta(months=back)
        n = per_month + (2 if back == 0 else 0)
        for i in range(n):
            submitted = min(month + dt.timedelta(days=rng.randrange(0, 28)), today)
            benefit, kind = kinds[(i + back) % len(kinds)] if i < n - 1 else (Benefit.STARTTIRAHA, "")
            if benefit == Benefit.STARTTIRAHA and back % 3:
                benefit, kind = Benefit.PALKKATUKI, "50"
            info = rng.random() < 0.2
            processing = rng.randrange(4, 40) + (18 if info else 0)
            decided = submitted + dt.timedelta(days=processing)
            start = _month(decided + dt.timedelta(days=rng.randrange(5, 40))) + relativedelta(months=1)
            case, facts, months = _case(benefit, kind, rng, start)
            fate = "granted"
            if decided > today:
                fate = rng.choice(("draft", "waiting", "info_open")) if back == 0 else "waiting"
            elif rng.random() < 0.1:
                fate = "rejected"
            if benefit == Benefit.STARTTIRAHA:
                if not start_ups:
                    continue
                applicant, client = start_ups.pop(0)
                employer = None
            else:
                employer, applicant = employers[(i * 7 + back) % len(employers)] if i % 3 else employers[0]
                wanted = not (fate == "rejected" and rng.random() < 0.5)
                client = _take(pool, start, wanted) or _take(pool, start, True)
                if client is None:
                    continue
            plans.append(
                Plan(benefit, employer, applicant, client, submitted, start, months, case, facts, fate,
                     info=info and fate != "draft", decided=decided if fate in ("granted", "rejected")
                     else None, period=1 if employer is None or employer.pk % 3 else 2)
            )  # fmt: skip
    return plans


ATTACHMENTS: dict[str, tuple[str, ...]] = {
    Benefit.PALKKATUKI: ("contract", "pay", "de_minimis"),
    Benefit.HELSINKI_LISA: ("contract", "pay", "de_minimis"),
    Benefit.TYOKOKEILU: (),
    Benefit.STARTTIRAHA: ("business_plan", "calculations", "advisory"),
}
QUESTION = "Toimittakaa allekirjoitettu työsopimus ja selvitys työajasta."
ANSWER = "Allekirjoitettu työsopimus on liitteenä; työaika on 37,5 tuntia viikossa."
GRANTED = "Hakemus täyttää tuen edellytykset; tuki myönnetään laskelman mukaisesti."
REFUSED = "Hakemus hylätään: henkilö ei kuulu tuen kohderyhmään hakemuksen mukaisena alkamispäivänä."
REJECTED = "Hakemus hylätään: työsuhde oli alkanut ennen kuin tukea haettiin."


def _apply(plan: Plan, experts: list[User], rng: random.Random, today: dt.date) -> Decision | None:
    hetu = identity.decrypt(plan.client.hetu_encrypted) if plan.employer else ""
    app = apps.application_create(
        actor=plan.applicant, benefit=plan.benefit, start_date=plan.start, planned_months=plan.months,
        case=plan.case, employer_id=plan.employer.pk if plan.employer else None, client_hetu=hetu,
        description="Demohakemus.",
    )  # fmt: skip
    for kind in ATTACHMENTS[plan.benefit]:
        apps.attachment_add(actor=plan.applicant, application_id=app.pk, kind=kind, filename=f"{kind}.pdf",
                            data=PDF)  # fmt: skip
    App.objects.filter(pk=app.pk).update(
        created_at=_at(plan.submitted - dt.timedelta(days=rng.randrange(4)), 9)
    )
    if plan.fate == "draft":
        return None
    apps.application_submit(actor=plan.applicant, application_id=app.pk)
    App.objects.filter(pk=app.pk).update(submitted_at=_at(plan.submitted, 11))
    expert = experts[rng.randrange(len(experts))] if rng.random() < 0.4 else experts[0]
    if plan.info or plan.fate == "info_open":
        asked = min(plan.submitted + dt.timedelta(days=3), today)
        info = decisions.info_request(actor=expert, application_id=app.pk, question=QUESTION)
        InfoRequest.objects.filter(pk=info.pk).update(asked_at=_at(asked, 12))
        if plan.fate == "info_open":
            return None
        apps.info_answer(actor=plan.applicant, request_pk=info.pk, answer=ANSWER)
        InfoRequest.objects.filter(pk=info.pk).update(answered_at=_at(asked + dt.timedelta(days=8), 15))
    if plan.fate == "waiting" or plan.decided is None:
        return None
    grant = plan.fate != "rejected"
    text = GRANTED
    if not grant:
        from kohtaanto.domain.subsidies.calculator import calculate

        case = decisions.build_case(app, start=plan.start, months=plan.months, client_facts=plan.facts)
        text = REFUSED if not calculate(case).eligible else REJECTED
    d = decisions.decision_make(actor=expert, application_id=app.pk, grant=grant, justification=text,
                                client_facts=plan.facts)  # fmt: skip
    Decision.objects.filter(pk=d.pk).update(
        decided_at=_at(plan.decided, 14), approved_at=_at(plan.decided, 14) if d.in_force else None
    )
    second = next((e for e in experts if e.pk != expert.pk), None)
    if d.needs_second_approval and second is not None and plan.decided + dt.timedelta(days=20) < today:
        d = decisions.decision_approve(actor=second, decision_id=d.pk)
        Decision.objects.filter(pk=d.pk).update(approved_at=_at(plan.decided + dt.timedelta(days=2), 9))
    return d


def _start_ups(pool: list[tuple[Client, dt.date]]) -> list[tuple[User, Client]]:
    """The demo client and a few other job seekers, signed in as the portal signs them in."""
    out = []
    demo = User.objects.filter(username=CLIENT).first()
    mine = Client.objects.filter(user=demo).first() if demo else None
    if demo is not None and mine is not None and JobSearchPeriod.objects.filter(client=mine).exists():
        out.append((demo, mine))
    for client, _since in pool[:START_UPS]:
        person = Person(hetu=identity.decrypt(client.hetu_encrypted), given_name=client.first_name,
                        family_name=client.last_name)  # fmt: skip
        out.append((person_sign_in(person=person, method="demo"), client))
    del pool[:START_UPS]
    return out


def _experts() -> list[User]:
    """The demo expert first, then the register's other subsidy experts (the second approver)."""
    users = list(
        User.objects.filter(role__in=policy.SUBSIDY_EXPERTS, is_active=True).order_by("staff_code", "pk")
    )
    users.sort(key=lambda u: u.username != EXPERT)
    return users


def subsidies_demo_install(*, seed: int, today: dt.date | None = None) -> dict[str, int]:
    """Idempotent: makes nothing when the demo already has it. Returns counts of what was made."""
    if settings.PRODUCTION:
        raise RuntimeError("the subsidy demo is not loaded in production")
    if App.objects.exists():
        return {}
    experts = _experts()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        employers = _representatives(rng)
        pool = _job_seekers(rng)
        if not experts or not employers or not pool:
            return {}
        start_ups = _start_ups(pool)
        plans = _plans(rng, today, employers, start_ups, pool)
        payments = Payments(experts, today, rng)
        made: list[tuple[Plan, Decision]] = []
        skipped = 0
        for plan in plans:
            try:
                with transaction.atomic():
                    d = _apply(plan, experts, rng, today)
            except ValidationError as exc:  # counted and logged: the demo's test expects none
                log.warning("subsidy demo: %s application skipped: %s", plan.benefit, exc)
                skipped += 1
                continue
            if d is not None and d.in_force and d.outcome != State.REJECTED:
                made.append((plan, d))
        _follow_ups(made, payments, experts, today)
        payments.run()
    return {
        "representatives": len(employers),
        "applications": App.objects.count(),
        "decisions": Decision.objects.count(),
        "waiting_second_approval": Decision.objects.filter(
            needs_second_approval=True, in_force=False
        ).count(),
        **payments.counts,
        "skipped": skipped + payments.counts["skipped"],
    }


def _follow_ups(made: list[tuple[Plan, Decision]], payments: Payments, experts: list[User], today) -> None:
    """Payments for every granted decision with money; one lapses, one has an overpayment
    recovered, one is amended, one ends early and a start-up grant is continued."""
    old = [(p, d) for p, d in made if d.start + relativedelta(months=6) < today]
    pay_subsidies = [
        (p, d) for p, d in old if p.benefit == Benefit.PALKKATUKI and d.kind == DecisionKind.FIRST
    ]
    lapse = next(
        (d.pk for p, d in pay_subsidies if p.employer and p.applicant.username == REPRESENTATIVE), None
    )
    recover = next((d.pk for p, d in pay_subsidies if d.pk != lapse), None)
    amend = next((d.pk for p, d in pay_subsidies if d.pk not in (lapse, recover)), None)
    end = next((d.pk for p, d in pay_subsidies if d.pk not in (lapse, recover, amend)), None)
    start_up = next((d.pk for p, d in old if p.benefit == Benefit.STARTTIRAHA), None)
    for plan, d in made:
        if d.pk == amend:
            d = decisions.decision_make(actor=experts[0], application_id=d.application_id, grant=True,
                                        kind=DecisionKind.AMENDMENT, months=3, client_facts=plan.facts,
                                        justification="Työsuhde päättyy aiemmin; tukiaika lyhennetään.")  # fmt: skip
            Decision.objects.filter(pk=d.pk).update(decided_at=_at(d.start + dt.timedelta(days=20), 14))
        elif d.pk == end:
            last = d.start + relativedelta(months=2) - dt.timedelta(days=1)
            decisions.application_end(actor=experts[0], application_id=d.application_id, end=last)
            d.refresh_from_db()
        elif d.pk == start_up:
            payments.plan(plan, d)
            on = d.end + dt.timedelta(days=45)  # after the first period's payments
            payments.add(on, lambda p=plan, first=d, on=on: _continue(p, first, on, payments, experts[0]))
            continue
        if d.monthly_amounts and d.in_force:
            payments.plan(plan, d, lapse=d.pk == lapse, recover=d.pk == recover)


def _continue(plan: Plan, first: Decision, on: dt.date, payments: Payments, expert: User) -> None:
    """The start-up grant's continuation decision, then its payments."""
    nxt = decisions.decision_make(actor=expert, application_id=first.application_id, grant=True,
                                  kind=DecisionKind.CONTINUATION, start=first.end + dt.timedelta(days=1), months=6,
                                  justification="Yritystoiminta jatkuu kannattavana.")  # fmt: skip
    Decision.objects.filter(pk=nxt.pk).update(decided_at=_at(on, 14), approved_at=_at(on, 14))
    payments.plan(plan, nxt)
