"""A small world for subsidy tests: two employers with a representative each, a subsidy
expert (and a second one for the second approval), a case worker, and a registered job
seeker aged 23 at the start of a pay subsidy (docs/subsidies.md example 1, a year later)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kohtaanto.accounts.models import Role, User
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client
from kohtaanto.employers.models import Employer
from kohtaanto.outcomes.models import JobSearchPeriod
from tests.employers.vacancy_world import representative
from tests.factories import ClientFactory, OfficeFactory, UserFactory

START = dt.date(2026, 3, 1)
PAY_CASE = {"ground": "lack_of_skills", "employer_kind": "business", "monthly_pay": "2200"}


@dataclass
class World:
    employer_a: Employer
    employer_b: Employer
    rep_a: User
    rep_b: User
    expert: User
    expert2: User
    worker: User
    client: Client
    hetu: str
    client_user: User


def job_seeker(
    birth: dt.date = dt.date(2002, 6, 1), period_start: dt.date = dt.date(2025, 9, 1)
) -> tuple[Client, str]:
    client = ClientFactory(birth_date=birth)
    JobSearchPeriod.objects.create(client=client, start=period_start)
    return client, identity.decrypt(client.hetu_encrypted)


def expert_of(client: Client) -> User:
    """A subsidy expert of the client's employment area (shared staff: an office, no team)."""
    office = OfficeFactory(municipality=client.municipality)
    return UserFactory(role=Role.SUBSIDY_EXPERT, team=None, unit=None, office=office)


def build() -> World:
    client, hetu = job_seeker()
    area = client.municipality
    employer_a = Employer.objects.create(
        area=area, business_id="0112038-9", name="Hoiva Oy", industry="87100"
    )
    employer_b = Employer.objects.create(
        area=area, business_id="2617416-4", name="Kilpailija Oy", industry="87100"
    )
    client_user = UserFactory(role=Role.CLIENT, team=None, unit=None)
    client.user = client_user
    client.save(update_fields=["user"])
    return World(
        employer_a=employer_a,
        employer_b=employer_b,
        rep_a=representative(employer_a),
        rep_b=representative(employer_b),
        expert=expert_of(client),
        expert2=expert_of(client),
        worker=client.responsible_worker,
        client=client,
        hetu=hetu,
        client_user=client_user,
    )
