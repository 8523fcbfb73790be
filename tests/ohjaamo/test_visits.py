"""Ohjaamo visits (issue 17): anonymous unless a client number is given."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kohtaanto.accounts.models import Role
from kohtaanto.ohjaamo import services
from kohtaanto.ohjaamo.models import Visit
from tests.factories import ClientFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_an_anonymous_visit_keeps_no_person(db):
    worker = UserFactory(role=Role.CASE_WORKER)
    visit = services.visit_record(
        actor=worker, date=timezone.localdate(), topic="work", age_group="18_24", transition=""
    )
    assert visit.anonymous and visit.client_id is None
    assert visit.unit_id == worker.unit_id


def test_an_unknown_client_number_writes_nothing(db):
    worker = UserFactory(role=Role.CASE_WORKER)
    with pytest.raises(ValidationError, match="No client with this number"):
        services.visit_record(
            actor=worker, date=timezone.localdate(), topic="work", age_group="18_24", client_number="X-404"
        )
    assert not Visit.objects.exists()


def test_an_identified_visit_takes_the_age_group_from_the_record(db):
    client = ClientFactory()
    visit = services.visit_record(
        actor=client.responsible_worker,
        date=timezone.localdate(),
        topic="education",
        client_number=client.external_id,
    )
    assert not visit.anonymous and visit.client_id == client.pk
