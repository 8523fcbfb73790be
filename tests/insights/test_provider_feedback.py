"""Issue 17, point 3: clients' feedback on a service, per provider and service, for the
procurement staff; a service scored by fewer than five persons shows no count and no mean."""

from __future__ import annotations

import pytest

from kohtaanto.accounts.models import Role
from kohtaanto.insights.tables import published
from kohtaanto.portal.models import Feedback
from kohtaanto.referrals.models import Referral
from tests.catalogue.factories import ServiceFactory
from tests.factories import ClientFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _scores(service, scores: list[int]) -> None:
    for score in scores:
        client = ClientFactory()
        referral = Referral.objects.create(client=client, service=service)
        Feedback.objects.create(client=client, service_ref=f"referral:{referral.pk}", score=score)


def test_feedback_per_provider_and_service_is_suppressed_under_five():
    busy, quiet = ServiceFactory(), ServiceFactory()
    _scores(busy, [5, 4, 4, 3, 5, 5])
    _scores(quiet, [1, 2])
    officer = UserFactory(role=Role.PROCUREMENT_OFFICER, team=None, unit=None, office=OfficeFactory())

    df = published(officer, "provider_feedback")
    rows = {r["service_id"]: r for r in df.to_dicts()}
    assert rows[str(busy.pk)]["n_persons"] == 6
    assert rows[str(busy.pk)]["mean_score"] == pytest.approx(26 / 6)
    assert rows[str(quiet.pk)]["n_persons"] is None and rows[str(quiet.pk)]["mean_score"] is None
    assert rows[str(busy.pk)]["provider"] == busy.provider.name


def test_case_workers_do_not_read_it():
    assert published(UserFactory(), "provider_feedback") is None
