"""A small world for vacancy tests: two employers with a representative each, the area's
coordinator, one in another area, and job seekers with and without the consent purpose."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from kohtaanto.accounts.models import Role, User
from kohtaanto.clients.models import Client
from kohtaanto.employers.models import Employer, Mandate
from kohtaanto.market.models import Purpose
from tests.factories import ClientFactory, MunicipalityFactory, TeamFactory, UnitFactory, UserFactory
from tests.market.esco_fixture import NURSE
from tests.market.factories import grant, nurse_profile

VACANCY = {
    "title": "Sairaanhoitaja, Kampin palvelukeskus",
    "description": "Hoitotyötä ikäihmisten parissa.",
    "occupation_uri": NURSE,
    "municipality": "091",
    "postal_code": "00100",
    "weekly_hours": "37.5",
    "working_time": "full_time",
    "contract": "permanent",
    "languages": [{"code": "fi", "level": "good"}],
    "positions": 1,
}


@dataclass
class World:
    employer_a: Employer
    employer_b: Employer
    rep_a: User
    rep_b: User
    coordinator: User
    outsider: User  # a coordinator of another area
    worker: User
    consenting: Client
    other_purpose: Client  # consented to job matching only
    no_consent: Client


def representative(employer: Employer, **kw) -> User:
    user = UserFactory(role=Role.EMPLOYER_REPRESENTATIVE, team=None, unit=None, **kw)
    Mandate.objects.create(user=user, employer=employer, valid_from=timezone.localdate())
    return user


def build() -> World:
    team = TeamFactory()
    far = TeamFactory(
        unit=UnitFactory(code="ESP", municipality=MunicipalityFactory(code="049", name="Espoo"))
    )
    area = team.unit.municipality
    employer_a = Employer.objects.create(
        area=area, business_id="0112038-9", name="Hoiva Oy", industry="87100"
    )
    employer_b = Employer.objects.create(
        area=area, business_id="2617416-4", name="Kilpailija Oy", industry="87100"
    )
    coordinator = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=team.unit)
    outsider = UserFactory(role=Role.EMPLOYER_COORDINATOR, team=None, unit=far.unit)
    worker = UserFactory(team=team)
    clients = []
    for _ in range(3):
        client = ClientFactory(
            responsible_worker=worker, user=UserFactory(role=Role.CLIENT, team=None, unit=None)
        )
        nurse_profile(client)
        clients.append(client)
    consenting, other_purpose, no_consent = clients
    grant(consenting, Purpose.EMPLOYER_MATCHING)
    grant(other_purpose, Purpose.JOB_MATCHING)
    return World(
        employer_a,
        employer_b,
        representative(employer_a),
        representative(employer_b),
        coordinator,
        outsider,
        worker,
        consenting,
        other_purpose,
        no_consent,
    )
