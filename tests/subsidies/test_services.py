"""Issue 16: applying, deciding by the calculator, paying and batching; bad input writes
nothing and says why."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kohtaanto.outcomes.models import Employment
from kohtaanto.subsidies import application_services as apps
from kohtaanto.subsidies import decision_services as decisions
from kohtaanto.subsidies import payment_services as payments
from kohtaanto.subsidies import selectors
from kohtaanto.subsidies.models import Decision, PaymentApplication, PaymentState, State

from .world import PAY_CASE, START, build, job_seeker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def line(month: str, pay: str = "2200") -> dict:
    return {"month": month, "pay": pay, "side_costs": "0", "holiday_pay": "0", "paid": True}


def granted(w, *, case=None, declared=None) -> Decision:
    app = apps.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        employer_id=w.employer_a.pk,
        client_hetu=w.hetu,
        start_date=START,
        planned_months=6,
        case=case or PAY_CASE,
        declared_aid=declared,
    )
    apps.attachment_add(
        actor=w.rep_a, application_id=app.pk, kind="contract", filename="sopimus.pdf", data=PDF
    )
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    return decisions.decision_make(
        actor=w.expert, application_id=app.pk, grant=True, justification="Perusteltu."
    )


def test_pay_subsidy_granted_by_the_calculator_creates_the_subsidised_employment():
    w = build()
    d = granted(w)
    assert d.in_force and d.outcome == State.PARTLY_GRANTED  # 5 of 6 months (example 1)
    assert d.rule_version == "palkkatuki-2025" and d.total == Decimal("5500.00")
    assert d.lines and d.legal_basis
    job = Employment.objects.get(client=w.client)
    assert job.subsidised and job.business_id == w.employer_a.business_id


def test_payments_checked_one_lapses_and_the_batch_holds_the_valid_ones():
    w = build()
    d = granted(w)
    march = payments.payment_file(
        actor=w.rep_a,
        decision_id=d.pk,
        period_start=START,
        months=1,
        lines=[line("2026-03")],
        claimed=Decimal("2200"),
        today=dt.date(2026, 4, 10),
    )
    april = payments.payment_file(
        actor=w.rep_a,
        decision_id=d.pk,
        period_start=dt.date(2026, 4, 1),
        months=1,
        lines=[line("2026-04")],
        claimed=Decimal("2200"),
        today=dt.date(2026, 5, 10),
    )
    may = payments.payment_file(
        actor=w.rep_a,
        decision_id=d.pk,
        period_start=dt.date(2026, 5, 1),
        months=1,
        lines=[line("2026-05")],
        claimed=Decimal("2200"),
        today=dt.date(2026, 8, 1),
    )
    assert may.state == PaymentState.LAPSED and "2026" in may.reason and may.deadline == dt.date(2026, 7, 31)
    assert march.accepted == Decimal("1100.00")
    payments.recovery_add(actor=w.expert, decision_id=d.pk, amount=Decimal("100"), reason="Ylimaksu")
    for p in (march, april):
        payments.payment_decide(actor=w.expert, payment_id=p.pk, approve=True)
    batch = payments.batch_create(actor=w.expert)
    assert batch.count == 2 and batch.total == Decimal("2100.00")
    assert batch.sha256 == hashlib.sha256(batch.csv.encode()).hexdigest()
    assert batch.csv.splitlines()[-1].endswith(",2100.00")
    rows = selectors.budget(actor=w.expert, year=dt.date.today().year, today=dt.date.today())
    assert next(r for r in rows if r.benefit == "palkkatuki").committed == Decimal("5500.00")


def test_bad_payment_applications_write_nothing():
    w = build()
    d = granted(w)
    ok = {"actor": w.rep_a, "decision_id": d.pk, "months": 1, "today": dt.date(2026, 4, 10)}
    with pytest.raises(ValidationError, match="add up"):
        payments.payment_file(**ok, period_start=START, lines=[line("2026-03")], claimed=Decimal("2000"))
    with pytest.raises(ValidationError, match="outside the decision"):
        payments.payment_file(
            **{**ok, "today": dt.date(2026, 12, 1)},
            period_start=dt.date(2026, 9, 1),
            lines=[line("2026-09")],
            claimed=Decimal("2200"),
        )
    with pytest.raises(ValidationError, match="actually paid"):
        payments.payment_file(
            **ok, period_start=START, lines=[{**line("2026-03"), "paid": False}], claimed=Decimal("2200")
        )
    assert not PaymentApplication.objects.exists()
    payments.payment_file(**ok, period_start=START, lines=[line("2026-03")], claimed=Decimal("2200"))
    with pytest.raises(ValidationError, match="already been applied"):
        payments.payment_file(**ok, period_start=START, lines=[line("2026-03")], claimed=Decimal("2200"))
    with pytest.raises(ValidationError, match="chosen as 1"):
        payments.payment_file(
            **{**ok, "months": 2},
            period_start=dt.date(2026, 4, 1),
            lines=[line("2026-04"), line("2026-05")],
            claimed=Decimal("4400"),
        )
    assert PaymentApplication.objects.count() == 1


def test_de_minimis_ceiling_counts_declared_aid_and_refuses():
    w = build()
    case = {**PAY_CASE, "aid_basis": "de_minimis"}
    with pytest.raises(ValidationError, match="de minimis ceiling"):
        granted(w, case=case, declared=[{"granted_on": "2025-05-01", "amount": "298000", "grantor": "ELY"}])
    assert not Decision.objects.exists()


def test_a_person_not_registered_is_refused():
    w = build()
    client, hetu = job_seeker()
    client.periods.all().delete()
    with pytest.raises(ValidationError, match="not a registered job seeker"):
        apps.application_create(
            actor=w.rep_a,
            benefit="palkkatuki",
            employer_id=w.employer_a.pk,
            client_hetu=hetu,
            start_date=START,
            planned_months=6,
            case=PAY_CASE,
        )


def test_a_client_not_eligible_is_not_granted():
    w = build()
    client, hetu = job_seeker(birth=dt.date(1990, 1, 1), period_start=dt.date(2026, 2, 1))  # 36, one month
    app = apps.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        employer_id=w.employer_a.pk,
        client_hetu=hetu,
        start_date=START,
        planned_months=6,
        case=PAY_CASE,
    )
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    with pytest.raises(ValidationError, match="not eligible"):
        decisions.decision_make(actor=w.expert, application_id=app.pk, grant=True, justification="")
    d = decisions.decision_make(
        actor=w.expert, application_id=app.pk, grant=False, justification="Ei täytä ehtoja."
    )
    assert d.outcome == State.REJECTED and d.total == 0


def test_scope_and_roles():
    w = build()
    d = granted(w)
    with pytest.raises(Http404):
        selectors.application_get(actor=w.rep_b, application_id=d.application_id)
    assert selectors.applications_list(actor=w.rep_b) == []
    with pytest.raises(PermissionDenied):
        decisions.decision_make(actor=w.worker, application_id=d.application_id, grant=True, justification="")
    with pytest.raises(PermissionDenied):
        apps.application_create(
            actor=w.rep_a,
            benefit="palkkatuki",
            employer_id=w.employer_b.pk,
            client_hetu=w.hetu,
            start_date=START,
            planned_months=6,
            case=PAY_CASE,
        )


def test_info_request_and_answer_cycle():
    w = build()
    app = apps.application_create(
        actor=w.rep_a,
        benefit="palkkatuki",
        employer_id=w.employer_a.pk,
        client_hetu=w.hetu,
        start_date=START,
        planned_months=6,
        case=PAY_CASE,
    )
    apps.application_submit(actor=w.rep_a, application_id=app.pk)
    info = decisions.info_request(actor=w.expert, application_id=app.pk, question="Palkkatiedot?")
    app.refresh_from_db()
    assert app.state == State.INFO_REQUESTED
    apps.info_answer(actor=w.rep_a, request_pk=info.pk, answer="Liitteenä.")
    app.refresh_from_db()
    assert app.state == State.SUBMITTED


def test_second_approval_above_the_threshold(settings):
    settings.SUBSIDY_SECOND_APPROVAL_EUROS = 1000
    w = build()
    d = granted(w)
    assert not d.in_force and d.needs_second_approval
    with pytest.raises(ValidationError, match="another expert"):
        decisions.decision_approve(actor=w.expert, decision_id=d.pk)
    d = decisions.decision_approve(actor=w.expert2, decision_id=d.pk)
    assert d.in_force and d.application.state == State.PARTLY_GRANTED


def test_start_up_grant_by_the_client_with_a_continuation():
    w = build()
    app = apps.application_create(
        actor=w.client_user,
        benefit="starttiraha",
        start_date=START,
        planned_months=6,
        case={"startup": {"full_time": True, "skills": True}},
    )
    apps.application_submit(actor=w.client_user, application_id=app.pk)
    d = decisions.decision_make(actor=w.expert, application_id=app.pk, grant=True, justification="")
    assert d.in_force and d.total > 0
    p = payments.payment_file(
        actor=w.client_user,
        decision_id=d.pk,
        period_start=START,
        months=1,
        lines=[line("2026-03", "0")],
        claimed=Decimal("0"),
        today=dt.date(2026, 4, 2),
    )
    assert p.accepted == Decimal(d.monthly_amounts[0])
    more = decisions.decision_make(
        actor=w.expert,
        application_id=app.pk,
        grant=True,
        justification="Jatko.",
        kind="continuation",
        start=d.end + dt.timedelta(days=1),
    )
    assert more.in_force and more.kind == "continuation"
