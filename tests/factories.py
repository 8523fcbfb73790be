"""Test data factories for the Django apps."""

from __future__ import annotations

import datetime as dt

import factory

from kohtaanto.accounts.models import Role, User
from kohtaanto.clients import identity
from kohtaanto.clients.models import Client, Meeting
from kohtaanto.domain.hetu import make_hetu
from kohtaanto.organisation.models import Municipality, Office, ServiceUnit, Team


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = "091"
    name = "Helsinki"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Pasila"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit
        django_get_or_create = ("municipality", "code")

    municipality = factory.SubFactory(MunicipalityFactory)
    code = "OSU"
    name = "Osaaminen ja uraohjaus"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    role = Role.CASE_WORKER
    team = factory.SubFactory(TeamFactory)
    unit = factory.SelfAttribute("team.unit")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-only")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


_seq = iter(range(900, 1000))


def _hetu(n: int, birth: dt.date) -> str:
    return make_hetu(birth, 900 + n % 100)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        exclude = ("hetu",)

    birth_date = factory.Sequence(lambda n: dt.date(1980, 1, 1) + dt.timedelta(days=n))
    hetu = factory.LazyAttributeSequence(lambda o, n: _hetu(n, o.birth_date))
    hetu_encrypted = factory.LazyAttribute(lambda o: identity.encrypt(o.hetu))
    hetu_hash = factory.LazyAttribute(lambda o: identity.lookup_hash(o.hetu))
    external_id = factory.Sequence(lambda n: f"K{n:07d}")
    first_name = "Aino"
    last_name = factory.Sequence(lambda n: f"Client{n}")
    gender = "F"
    mother_tongue = "fi"
    education_level = "upper_secondary"
    municipality = factory.SubFactory(MunicipalityFactory)
    registration_date = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    responsible_worker = factory.SubFactory(UserFactory)
    team = factory.SelfAttribute("responsible_worker.team")
    unit = factory.SelfAttribute("team.unit")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    client = factory.SubFactory(ClientFactory)
    kind = "initial_interview"
    status = "held"
    channel = "in_person"
    planned_date = factory.LazyAttribute(lambda o: o.client.registration_date + dt.timedelta(days=3))
    held_date = factory.LazyAttribute(lambda o: o.planned_date)


def stated_reason(user, client, reason: str = "standing_in"):
    """The user has stated a reason to open this client (need to know, issue 13 point 9)."""
    from django.utils import timezone

    from kohtaanto.clients.models import AccessGrant

    return AccessGrant.objects.create(
        user=user, client=client, reason=reason, expires_at=timezone.now() + dt.timedelta(hours=1)
    )
