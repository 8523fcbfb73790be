"""The demo's year of subsidies (issue 16, point 7): made through the real services, in every
state, deterministic and loaded once."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from decimal import Decimal

import pytest

from kohtaanto.audit.models import AuditEvent
from kohtaanto.employers.models import Employer, Mandate
from kohtaanto.outcomes.models import Employment, JobSearchPeriod
from kohtaanto.pages.demo_users import demo_users_install
from kohtaanto.subsidies.demo import subsidies_demo_install
from kohtaanto.subsidies.models import (
    Decision,
    DecisionKind,
    InfoRequest,
    PaymentApplication,
    PaymentBatch,
    PaymentState,
    Recovery,
    State,
    SubsidyApplication,
)
from tests.factories import ClientFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


def business_ids(n: int) -> list[str]:
    """Valid business IDs (check digit by weights 7, 9, 10, 5, 8, 4, 2), from 9000000 up."""
    out, number = [], 9000000
    while len(out) < n:
        digits = f"{number:07d}"
        rest = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if rest != 1:
            out.append(f"{digits}-{0 if rest == 0 else 11 - rest}")
        number += 1
    return out


@pytest.fixture
def world():
    """The demo users in the demo team, a second subsidy expert, twelve employers (the demo
    representative acts for the first) and 260 job seekers registered over two years."""
    team = TeamFactory(code="OSU-N")
    made = demo_users_install(team_code="OSU-N")
    UserFactory(
        role=made["subsidyexpert"].role,
        team=None,
        unit=None,
        staff_code="S900",
        office=made["subsidyexpert"].office,
    )
    employers = [Employer.objects.create(area=team.unit.municipality, business_id=bid, name=f"Demo {bid} Oy", industry="87100")
                 for bid in business_ids(10)]  # fmt: skip
    Mandate.objects.create(
        user=made["employer"], employer=employers[0], valid_from=TODAY - dt.timedelta(days=400)
    )
    rng = random.Random(3)
    worker = made["worker"]
    for _ in range(260):
        registered = TODAY - dt.timedelta(days=rng.randrange(20, 800))
        client = ClientFactory(
            responsible_worker=worker, team=team, unit=team.unit, municipality=team.unit.municipality,
            registration_date=registered, birth_date=dt.date(rng.randrange(1965, 2003), rng.randrange(1, 13), 1),
        )  # fmt: skip
        JobSearchPeriod.objects.create(client=client, start=registered)
    demo_client = ClientFactory(responsible_worker=worker, team=team, unit=team.unit,
                                municipality=team.unit.municipality, user=made["client"])  # fmt: skip
    JobSearchPeriod.objects.create(client=demo_client, start=TODAY - dt.timedelta(days=500))
    return made


def test_a_year_of_subsidies_in_every_state_through_the_services(world):
    t = time.perf_counter()
    counts = subsidies_demo_install(seed=2021, today=TODAY)
    seconds = time.perf_counter() - t
    assert seconds < 120, seconds  # a guard only: the target (30 s) is measured on a quiet machine
    assert counts["skipped"] == 0, counts
    apps = SubsidyApplication.objects.all()
    assert counts["applications"] == apps.count() > 100
    states = Counter(apps.values_list("state", flat=True))
    assert set(states) == set(State.values), states
    assert {b for (b,) in apps.values_list("benefit")} == {
        "palkkatuki",
        "helsinki_lisa",
        "tyokokeilu",
        "starttiraha",
    }
    submitted = apps.exclude(submitted_at=None)
    span = max(submitted.values_list("submitted_at", flat=True)) - min(
        submitted.values_list("submitted_at", flat=True)
    )
    assert span.days >= 330  # about a year
    # The three pay-subsidy rates, each from the calculator with its rule version.
    rates = {d.rate for d in Decision.objects.filter(application__benefit="palkkatuki", in_force=True)}
    assert {Decimal("0.5"), Decimal("0.7"), Decimal("1.0")} <= rates
    assert all(d.rule_version and d.lines for d in Decision.objects.exclude(outcome=State.REJECTED))
    # Rejections carry reasons; requests for information were answered and some are open.
    assert all(d.justification for d in Decision.objects.filter(outcome=State.REJECTED))
    assert InfoRequest.objects.exclude(answered_at=None).exists()
    assert InfoRequest.objects.filter(answered_at=None).exists()
    # A second approval by another expert, and one still waiting for it.
    approved = Decision.objects.exclude(second_approver=None)
    assert approved.exists() and all(d.second_approver_id != d.approver_id for d in approved)
    assert counts["waiting_second_approval"] >= 1
    assert Decision.objects.filter(kind=DecisionKind.CONTINUATION).exists()
    # Payments: checked, one lapsed with its reason, a recovery offset, and batches.
    pays = Counter(PaymentApplication.objects.values_list("state", flat=True))
    assert pays[PaymentState.BATCHED] > 50 and pays[PaymentState.LAPSED] == 1
    lapsed = PaymentApplication.objects.get(state=PaymentState.LAPSED)
    assert lapsed.filed_on > lapsed.deadline and lapsed.reason
    assert Recovery.objects.get().settled == Decimal("350.00")
    batches = PaymentBatch.objects.all()
    assert 2 <= batches.count() <= 3 == counts["batches"]
    assert all(b.total == sum(p.payable for p in b.payments.all()) for b in batches)
    # A granted pay subsidy is the client's subsidised employment.
    granted = Decision.objects.filter(
        application__benefit="palkkatuki", kind=DecisionKind.FIRST, in_force=True,
        outcome__in=(State.GRANTED, State.PARTLY_GRANTED),
    ).select_related("application")  # fmt: skip
    for d in granted:
        job = Employment.objects.get(client=d.application.client, subsidised=True)
        assert job.start == d.start
    assert AuditEvent.objects.filter(target_type="subsidy.decision").count() >= granted.count()


def test_the_demo_loads_once(world):
    first = subsidies_demo_install(seed=2021, today=TODAY)
    assert first["applications"] > 0
    n = (SubsidyApplication.objects.count(), PaymentApplication.objects.count(), AuditEvent.objects.count())
    assert subsidies_demo_install(seed=2021, today=TODAY) == {}
    assert (
        SubsidyApplication.objects.count(),
        PaymentApplication.objects.count(),
        AuditEvent.objects.count(),
    ) == n
