"""The experts' API after the decision: second approval, payments decided with overpayments
offset, the batch file, ending a subsidy; refusals are 4xx with the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from kohtaanto.subsidies import application_services, decision_services, payment_services
from kohtaanto.subsidies.models import Decision, PaymentApplication, Recovery
from tests.subsidies.world import PAY_CASE, START, build

pytestmark = pytest.mark.django_db
API = "/api/v1/subsidies"


def _granted(w):
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
    return app


def _pay(w, decision, month: int):
    return payment_services.payment_file(
        actor=w.rep_a,
        decision_id=decision.pk,
        period_start=dt.date(2026, month, 1),
        months=1,
        lines=[{"month": f"2026-{month:02d}", "pay": "2200", "paid": True}],
        claimed=Decimal("2200"),
        today=dt.date(2026, month + 1, 5),
    )


@override_settings(SUBSIDY_SECOND_APPROVAL_EUROS=1000)
def test_second_approval_through_the_api(client):
    w = build()
    app = _granted(w)
    client.force_login(w.expert)
    made = client.post(
        f"{API}/applications/{app.pk}/decision", {"grant": True, "justification": "ok"}, "application/json"
    )
    assert made.status_code == 201 and made.json()["needs_second_approval"]
    decision_id = made.json()["id"]
    same = client.post(f"{API}/decisions/{decision_id}/approval")
    assert same.status_code == 422 and "another expert" in same.content.decode()
    client.force_login(w.expert2)
    assert client.post(f"{API}/decisions/{decision_id}/approval").json()["in_force"] is True
    counts = client.get(f"{API}/queue").json()
    assert sum(counts.values()) == 1 and counts.get("submitted", 0) == 0


def test_payment_decided_with_an_overpayment_offset_and_the_batch_file(client):
    w = build()
    app = _granted(w)
    decision = decision_services.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="ok"
    )
    payment = _pay(w, decision, 3)
    client.force_login(w.expert)
    rec = client.post(
        f"{API}/decisions/{decision.pk}/recoveries",
        {"amount": "300", "reason": "maksettu kahdesti"},
        "application/json",
    )
    assert rec.status_code == 201
    detail = client.get(f"{API}/payments/{payment.pk}").json()
    assert detail["checks"][0]["accepted"] == "1100.00"
    done = client.post(f"{API}/payments/{payment.pk}/decision", {"approve": True}, "application/json").json()
    assert (done["offset"], done["payable"], done["state"]) == ("300.00", "800.00", "approved")
    assert Recovery.objects.get().settled == Decimal("300")
    batch = client.post(f"{API}/batches").json()
    csv = client.get(f"{API}/batches/{batch['id']}/csv")
    assert csv.status_code == 200 and csv.content.decode().splitlines()[-1].endswith(",800.00")
    assert client.get(f"{API}/payments", {"state": "batched"}).json()[0]["id"] == payment.pk


def test_refusals_are_4xx_and_change_nothing(client):
    w = build()
    app = _granted(w)
    decision = decision_services.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="ok"
    )
    payment = _pay(w, decision, 3)
    client.force_login(w.expert)
    rejected = client.post(f"{API}/payments/{payment.pk}/decision", {"approve": False}, "application/json")
    assert rejected.status_code == 422 and "reason" in rejected.json()["errors"]
    outside = client.post(f"{API}/applications/{app.pk}/end", {"end": "2030-01-01"}, "application/json")
    assert outside.status_code == 422
    assert client.get(f"{API}/batches/999/csv").status_code == 404
    client.force_login(w.worker)
    assert (
        client.post(
            f"{API}/payments/{payment.pk}/decision", {"approve": True}, "application/json"
        ).status_code
        == 403
    )
    client.force_login(w.rep_a)
    assert client.get(f"{API}/payments").status_code == 403
    assert PaymentApplication.objects.get().state == "submitted"
    assert Decision.objects.get().end == decision.end


def test_start_up_grant_continuation_keeps_the_first_period_payable_and_counts_its_months(client):
    w = build()
    app = application_services.application_create(
        actor=w.client_user,
        benefit="starttiraha",
        start_date=START,
        planned_months=6,
        case={"startup": {"full_time": True, "skills": True}},
    )
    application_services.application_submit(actor=w.client_user, application_id=app.pk)
    first = decision_services.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="ok"
    )
    follow = decision_services.decision_make(
        actor=w.expert,
        application_id=app.pk,
        grant=True,
        justification="jatko",
        kind="continuation",
        months=6,
        start=first.end + dt.timedelta(days=1),
    )
    first.refresh_from_db()
    assert first.in_force and follow.in_force  # the continuation covers the period after
    assert "continuation" in {r["code"] for r in follow.reasons}  # the first 6 months were counted
    last_month = first.end.replace(day=1)
    payment = payment_services.payment_file(
        actor=w.client_user,
        decision_id=first.pk,
        period_start=last_month,
        months=1,
        lines=[{"month": last_month.strftime("%Y-%m"), "pay": "0", "paid": True}],
        claimed=Decimal("0"),
        today=first.end + dt.timedelta(days=10),
    )
    assert payment.state == "submitted" and payment.accepted > 0
