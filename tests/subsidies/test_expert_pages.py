"""The subsidy expert's pages: the queue, deciding with the calculator's refusals on the form,
the second approval by another expert, the decision document in Finnish and Swedish,
payment checks that count what the rules count, batches with their CSV, and the refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from kohtaanto.audit.models import AuditEvent
from kohtaanto.subsidies import application_services, payment_services
from kohtaanto.subsidies.models import Decision, PaymentApplication, PaymentBatch, State
from tests.subsidies.world import PAY_CASE, START, build

pytestmark = pytest.mark.django_db


def _submitted(w, case=None, months=6):
    app = application_services.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        start_date=START,
        planned_months=months,
        case=case or PAY_CASE,
        employer_id=w.employer_a.pk,
        client_hetu=w.hetu,
    )
    return application_services.application_submit(actor=w.rep_a, application_id=app.pk)


def _grant(client, app, **extra):
    data = {"outcome": "grant", "kind": "first", "justification": "Täyttää edellytykset.", **extra}
    return client.post(reverse("subsidy_decide", args=[app.pk]), data)


def test_queue_counts_and_filters(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.expert)
    page = client.get(reverse("subsidy_queue"), {"state": "submitted"}).content.decode()
    assert f'href="/subsidies/handling/{app.pk}/"' in page
    assert 'id="count-submitted">1<' in page
    assert (
        f"/subsidies/handling/{app.pk}/"
        not in client.get(reverse("subsidy_queue"), {"state": "granted"}).content.decode()
    )


def test_application_page_shows_eligibility_and_calculation_and_is_audited(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.expert)
    page = client.get(reverse("subsidy_handle", args=[app.pk])).content.decode()
    assert 'id="eligibility"' in page and "palkkatuki-2025" in page
    assert "2025" in page  # the registered job-search period it rests on
    assert AuditEvent.objects.filter(
        target_type="subsidy.application", target_id=str(app.pk), action="read", actor_id=w.expert.pk
    ).exists()


def test_grant_makes_a_decision_in_force_and_the_document_in_both_languages(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.expert)
    assert _grant(client, app).status_code == 302
    decision = Decision.objects.get(application=app)
    assert decision.in_force and decision.total > 0
    app.refresh_from_db()
    # Six months asked; the rules give this job seeker five: a partial grant.
    assert (
        app.state == State.PARTLY_GRANTED and decision.monthly_amounts and len(decision.monthly_amounts) == 5
    )
    fi = client.get(reverse("subsidy_decision_document", args=[app.pk, decision.pk]), {"kieli": "fi"})
    sv = client.get(reverse("subsidy_decision_document", args=[app.pk, decision.pk]), {"kieli": "sv"})
    assert fi["Content-Language"] == "fi" and "Oikaisuvaatimusohje" in fi.content.decode()
    assert sv["Content-Language"] == "sv" and "omprövning" in sv.content.decode()
    assert "434/2003" in fi.content.decode()
    # The applicant reads their decision; another employer's representative gets 404.
    client.force_login(w.rep_a)
    assert client.get(reverse("subsidy_decision_document", args=[app.pk, decision.pk])).status_code == 200
    client.force_login(w.rep_b)
    assert client.get(reverse("subsidy_decision_document", args=[app.pk, decision.pk])).status_code == 404


def test_refused_grant_shows_the_reason_and_writes_nothing(client):
    w = build()
    w.client.birth_date = dt.date(1990, 1, 1)  # 35 and unemployed 6 months: no target group
    w.client.save(update_fields=["birth_date"])
    app = _submitted(w)
    client.force_login(w.expert)
    response = _grant(client, app)
    assert response.status_code == 422
    assert "not eligible" in response.content.decode()
    assert not Decision.objects.filter(application=app).exists()


def test_case_worker_cannot_decide(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.worker)
    assert _grant(client, app).status_code == 403
    assert client.get(reverse("subsidy_handle", args=[app.pk])).status_code == 403
    assert not Decision.objects.filter(application=app).exists()


@override_settings(SUBSIDY_SECOND_APPROVAL_EUROS=1000)
def test_second_approval_by_another_expert(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.expert)
    _grant(client, app)
    decision = Decision.objects.get(application=app)
    assert not decision.in_force and decision.needs_second_approval
    url = reverse("subsidy_approve", args=[app.pk, decision.pk])
    client.post(url)  # the same expert: refused with a reason
    decision.refresh_from_db()
    assert not decision.in_force
    client.force_login(w.expert2)
    assert client.post(url).status_code == 302
    decision.refresh_from_db()
    assert decision.in_force and decision.second_approver == w.expert2


def test_payment_check_counts_pay_only_and_batch_csv_has_totals_and_checksum(client):
    w = build()
    app = _submitted(w)
    client.force_login(w.expert)
    _grant(client, app)
    decision = Decision.objects.get(application=app)
    lines = [{"month": "2026-03", "pay": "2200", "side_costs": "500", "holiday_pay": "100", "paid": True}]
    payment = payment_services.payment_file(
        actor=w.rep_a,
        decision_id=decision.pk,
        period_start=START,
        months=1,
        lines=lines,
        claimed=Decimal("2800"),
        today=dt.date(2026, 4, 10),
    )
    # 50 % of the pay only: side costs and holiday pay are not counted for the pay subsidy.
    assert payment.accepted == Decimal("1100.00")
    page = client.get(reverse("subsidy_payment", args=[payment.pk])).content.decode()
    assert 'id="payment-accepted">1100.00<' in page
    assert client.post(reverse("subsidy_payment", args=[payment.pk]), {"approve": "no"}).status_code == 422
    assert client.post(reverse("subsidy_payment", args=[payment.pk]), {"approve": "yes"}).status_code == 302
    response = client.post(reverse("subsidy_batches"))
    batch = PaymentBatch.objects.get()
    assert response["Location"] == reverse("subsidy_batch", args=[batch.pk])
    csv = client.get(reverse("subsidy_batch_csv", args=[batch.pk]))
    body = csv.content.decode()
    assert body.splitlines()[-1] == "TOTAL,1,,,,,,1100.00"
    assert hashlib.sha256(csv.content).hexdigest() == batch.sha256 == csv["X-Checksum-SHA256"]
    assert PaymentApplication.objects.get().state == "batched"
    assert AuditEvent.objects.filter(target_type="subsidy.batch", action="read").exists()


def test_empty_batch_is_refused_with_a_message(client):
    w = build()
    client.force_login(w.expert)
    response = client.post(reverse("subsidy_batches"), follow=True)
    assert "no approved payments" in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_budget_page_lists_every_benefit(client):
    w = build()
    client.force_login(w.expert)
    page = client.get(reverse("subsidy_budget")).content.decode()
    for label in ("pay subsidy", "Helsinki supplement", "start-up grant", "work trial"):
        assert label in page


def test_hundred_percent_ground_counts_the_pay_lifted_by_the_side_cost_coefficient(client):
    from kohtaanto.subsidies.models import SubsidyApplication

    w = build()
    app = _submitted(w)
    decision = Decision.objects.create(
        application=app,
        outcome=State.GRANTED,
        rule_version="palkkatuki-2025",
        start=START,
        end=dt.date(2026, 12, 31),
        rate=Decimal("1"),
        monthly_amounts=["2020.00"] * 10,
        total=Decimal("20200"),
        aid_basis="not_state_aid",
        legal_basis="Act 380/2023",
        in_force=True,
    )
    SubsidyApplication.objects.filter(pk=app.pk).update(
        case={**PAY_CASE, "ground": "association_100", "employer_kind": "association"}
    )
    decision.refresh_from_db()
    lines = [{"month": "2026-03", "pay": "1500", "side_costs": "0", "holiday_pay": "0", "paid": True}]
    (check,) = payment_services.month_checks(decision, lines)
    assert check.counted == Decimal("1845.00")  # 1500 × 1.23
    assert check.accepted == Decimal("1845.00")  # under the decision's 2 020 €
