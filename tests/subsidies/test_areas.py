"""Issue 15 for subsidies: an expert works inside their own employment area. Another area's
applications, decisions, payment applications and batches are not shown to exist (404),
are not counted in the queue or the budget, and are not swept into the expert's batch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kohtaanto.accounts.models import Role
from kohtaanto.subsidies import application_services, decision_services, payment_services, selectors
from kohtaanto.subsidies.models import PaymentBatch
from tests.factories import MunicipalityFactory, OfficeFactory, UserFactory
from tests.subsidies.world import PAY_CASE, START, build

pytestmark = pytest.mark.django_db


def _granted_with_payment(w):
    app = application_services.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        start_date=START,
        planned_months=5,
        case=PAY_CASE,
        employer_id=w.employer_a.pk,
        client_hetu=w.hetu,
    )
    application_services.application_submit(actor=w.rep_a, application_id=app.pk)
    decision = decision_services.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="ok"
    )
    payment = payment_services.payment_file(
        actor=w.rep_a,
        decision_id=decision.pk,
        period_start=START,
        months=1,
        lines=[{"month": "2026-03", "pay": "2200", "paid": True}],
        claimed=Decimal("2200"),
        today=dt.date(2026, 4, 5),
    )
    return app, decision, payment


def _other_area_expert():
    espoo = MunicipalityFactory(code="049", name="Espoo")
    return UserFactory(
        role=Role.SUBSIDY_EXPERT, team=None, unit=None, office=OfficeFactory(municipality=espoo)
    )


def test_another_areas_expert_sees_and_changes_nothing(client):
    w = build()
    app, decision, payment = _granted_with_payment(w)
    other = _other_area_expert()

    assert selectors.applications_list(actor=other) == []
    assert selectors.queue_counts(actor=other) == {}
    assert selectors.payments_list(actor=other) == []
    assert all(r.committed == 0 for r in selectors.budget(actor=other, year=2026, today=dt.date(2026, 6, 1)))
    with pytest.raises(Http404):
        selectors.application_get(actor=other, application_id=app.pk)
    with pytest.raises(Http404):
        selectors.payment_get(actor=other, payment_id=payment.pk)
    with pytest.raises(Http404):
        decision_services.info_request(actor=other, application_id=app.pk, question="?")
    with pytest.raises(Http404):
        payment_services.payment_decide(actor=other, payment_id=payment.pk, approve=True)
    with pytest.raises(Http404):
        payment_services.recovery_add(actor=other, decision_id=decision.pk, amount=Decimal(10), reason="x")

    client.force_login(other)
    assert client.get(f"/subsidies/handling/{app.pk}/").status_code == 404
    assert client.get(f"/api/v1/subsidies/payments/{payment.pk}").status_code == 404
    assert (
        client.get(f"/subsidies/applications/{app.pk}/decisions/{decision.pk}/document/").status_code == 404
    )

    # The own area's expert approves it; the other area's batch would be empty.
    payment_services.payment_decide(actor=w.expert, payment_id=payment.pk, approve=True)
    with pytest.raises(ValidationError):
        payment_services.batch_create(actor=other)
    batch = payment_services.batch_create(actor=w.expert)
    assert batch.area_id == w.client.municipality_id
    assert (
        selectors.batches_list(actor=other) == []
        and selectors.batch_get(actor=other, batch_id=batch.pk) is None
    )
    assert PaymentBatch.objects.get().count == 1


def test_an_expert_with_no_area_sees_no_applications():
    w = build()
    _granted_with_payment(w)
    nowhere = UserFactory(role=Role.SUBSIDY_EXPERT, team=None, unit=None)
    assert selectors.applications_list(actor=nowhere) == []
    assert selectors.payments_list(actor=nowhere) == []
