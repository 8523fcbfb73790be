"""A TYP client from eligibility through the mapping period to a signed joint plan (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kohtaanto.accounts.models import Role
from kohtaanto.typ import services
from kohtaanto.typ.models import TypPlan, TypSignature
from tests.factories import ClientFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def case(db):
    client = ClientFactory()
    worker = client.responsible_worker
    today = timezone.localdate()
    services.case_start(
        actor=worker, client_id=client.pk, mapping_start=today - dt.timedelta(days=7), support_days=400
    )
    social = UserFactory(role=Role.SOCIAL_WORKER)
    kela = UserFactory(role=Role.EXTERNAL_PROFESSIONAL, team=None, unit=None)
    for user, party in ((worker, "employment"), (social, "social"), (kela, "kela")):
        services.team_member_add(actor=worker, client_id=client.pk, professional_id=user.pk, party=party)
    return client, worker, {"employment": worker, "social": social, "kela": kela}


def test_a_client_short_of_the_thresholds_is_not_eligible(db):
    client = ClientFactory()
    with pytest.raises(ValidationError, match="does not qualify"):
        services.case_start(
            actor=client.responsible_worker,
            client_id=client.pk,
            mapping_start=timezone.localdate(),
            support_days=10,
        )


def test_a_plan_without_the_clients_consent_writes_nothing(case):
    client, worker, _ = case
    with pytest.raises(ValidationError, match="consent"):
        services.plan_agree(
            actor=worker,
            client_id=client.pk,
            goals="Työkokeilu ja kuntoutus",
            services="työkokeilu",
            client_consent=False,
            plan_date=timezone.localdate(),
        )
    assert not TypPlan.objects.exists()


def test_eligibility_to_a_plan_signed_by_all_three_parties(case):
    client, worker, members = case
    today = timezone.localdate()
    services.plan_agree(
        actor=worker,
        client_id=client.pk,
        goals="Työkokeilu ja kuntoutus",
        services="työkokeilu",
        client_consent=True,
        plan_date=today,
    )
    for party, user in members.items():
        services.plan_sign(actor=worker, client_id=client.pk, party=party, signer_id=user.pk, signed_on=today)
    assert set(TypSignature.objects.filter(client=client).values_list("party", flat=True)) == {
        "employment",
        "social",
        "kela",
    }
    with pytest.raises(ValidationError, match="already signed"):
        services.plan_sign(
            actor=worker, client_id=client.pk, party="kela", signer_id=members["kela"].pk, signed_on=today
        )
