"""For the authorization matrices (tests/authz): the subsidy routes (issue 16) and the
application they act on, employer A's (the matrix representative's mandate) for the own
client, so that only the role decides."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kohtaanto.portal.crypto import encrypt
from kohtaanto.subsidies.models import (
    Attachment,
    Decision,
    PaymentApplication,
    PaymentBatch,
    State,
    SubsidyApplication,
)

EXPERT = {"subsidy_expert"}
APPLICANTS = {"employer_representative", "client"}
REP = {"employer_representative"}
# The applicants' pages, the same under /subsidies/employer/ and /portal/start-up-grant/.
APPLICANT_ROUTES = [
    ("GET", ""),
    ("GET", "new/"),
    ("POST", "new/"),
    ("GET", "<int:application_id>/"),
    ("POST", "<int:application_id>/attachments/"),
    ("POST", "<int:application_id>/submit/"),
    ("POST", "<int:application_id>/answer/"),
]
APPLICANT_API = ("attachments", "submit", "answers", "payments")
# The matrix's application is employer A's: a client may use these operations on their own
# start-up grant, so on this one the answer is 404, not 403 (tests/authz/test_write_matrix.py).
CLIENT_NOT_FOUND = {
    ("POST", f"/api/v1/subsidies/applications/{{application_id}}/{r}"): {"client": 404}
    for r in (*APPLICANT_API, "continuation")
}
# (method, route) -> allowed roles on the own client's application.
SUBSIDY_MATRIX = {
    ("GET", "/api/v1/subsidies/applications"): {"own": EXPERT | APPLICANTS},
    ("POST", "/api/v1/subsidies/applications"): {"own": APPLICANTS},
    ("GET", "/api/v1/subsidies/applications/{application_id}"): {"own": EXPERT | {"employer_representative"}},
    ("POST", "/api/v1/subsidies/applications/{application_id}/decision"): {"own": EXPERT, "foreign": set()},
    ("POST", "/api/v1/subsidies/applications/{application_id}/info-requests"): {
        "own": EXPERT,
        "foreign": set(),
    },
    ("GET", "/api/v1/subsidies/budget"): {"own": EXPERT},
    ("GET", "/api/v1/subsidies/batches"): {"own": EXPERT},
    ("POST", "/api/v1/subsidies/batches"): {"own": EXPERT},
    # The experts' handling (pages and API), and what both sides of an application read.
    ("GET", "/subsidies/handling/"): {"own": EXPERT},
    ("GET", "/subsidies/handling/<int:application_id>/"): {"own": EXPERT, "foreign": set()},
    ("POST", "/subsidies/handling/<int:application_id>/ask/"): {"own": EXPERT, "foreign": set()},
    ("POST", "/subsidies/handling/<int:application_id>/decide/"): {"own": EXPERT, "foreign": set()},
    ("POST", "/subsidies/handling/<int:application_id>/end/"): {"own": EXPERT, "foreign": set()},
    ("POST", "/subsidies/handling/<int:application_id>/decisions/<int:decision_id>/approve/"): {
        "own": EXPERT
    },
    ("POST", "/subsidies/handling/<int:application_id>/decisions/<int:decision_id>/recovery/"): {
        "own": EXPERT
    },
    ("GET", "/subsidies/payments/"): {"own": EXPERT},
    ("GET", "/subsidies/payments/<int:payment_id>/"): {"own": EXPERT, "foreign": set()},
    ("POST", "/subsidies/payments/<int:payment_id>/"): {"own": EXPERT, "foreign": set()},
    ("GET", "/subsidies/batches/"): {"own": EXPERT},
    ("POST", "/subsidies/batches/"): {"own": EXPERT},
    ("GET", "/subsidies/batches/<int:batch_id>/"): {"own": EXPERT, "foreign": set()},
    ("GET", "/subsidies/batches/<int:batch_id>/csv/"): {"own": EXPERT, "foreign": set()},
    ("GET", "/subsidies/budget/"): {"own": EXPERT},
    ("GET", "/subsidies/applications/<int:application_id>/decisions/<int:decision_id>/document/"): {
        "own": EXPERT | {"employer_representative"}
    },
    ("GET", "/subsidies/applications/<int:application_id>/attachments/<int:attachment_id>/"): {
        "own": EXPERT | {"employer_representative"}
    },
    ("GET", "/api/v1/subsidies/queue"): {"own": EXPERT},
    ("POST", "/api/v1/subsidies/decisions/{decision_id}/approval"): {"own": EXPERT, "foreign": set()},
    ("POST", "/api/v1/subsidies/applications/{application_id}/end"): {"own": EXPERT, "foreign": set()},
    ("GET", "/api/v1/subsidies/payments"): {"own": EXPERT},
    ("GET", "/api/v1/subsidies/payments/{payment_id}"): {"own": EXPERT, "foreign": set()},
    ("POST", "/api/v1/subsidies/payments/{payment_id}/decision"): {"own": EXPERT, "foreign": set()},
    ("POST", "/api/v1/subsidies/decisions/{decision_id}/recoveries"): {"own": EXPERT, "foreign": set()},
    ("GET", "/api/v1/subsidies/batches/{batch_id}/csv"): {"own": EXPERT, "foreign": set()},
    # The applicants' e-service (applicant_views, applicant_api): the representative on their
    # employer's application; the client on their own start-up grant in the portal.
    **{(m, f"/subsidies/employer/{r}"): {"own": REP} for m, r in APPLICANT_ROUTES},
    **{(m, f"/portal/start-up-grant/{r}"): {"own": {"client"}} for m, r in APPLICANT_ROUTES},
    ("GET", "/portal/start-up-grant/<int:application_id>/claims/new/"): {"own": {"client"}},
    ("POST", "/portal/start-up-grant/<int:application_id>/claims/new/"): {"own": {"client"}},
    ("GET", "/portal/start-up-grant/<int:application_id>/continuation/"): {"own": {"client"}},
    ("POST", "/portal/start-up-grant/<int:application_id>/continuation/"): {"own": {"client"}},
    ("GET", "/subsidies/employer/<int:application_id>/payments/new/"): {"own": REP},
    ("POST", "/subsidies/employer/<int:application_id>/payments/new/"): {"own": REP},
    ("GET", "/api/v1/subsidies/applications/{application_id}/status"): {"own": REP},
    **{
        ("POST", f"/api/v1/subsidies/applications/{{application_id}}/{r}"): {"own": REP}
        for r in APPLICANT_API
    },
    # The matrix's application is an employer's: a client's continuation is refused (404).
    ("POST", "/api/v1/subsidies/applications/{application_id}/continuation"): {"own": set()},
}


def _ids(path: str, name: str, value: int) -> str:
    return re.sub(rf"<int:{name}>|\{{{name}\}}", str(value), path)


def subsidy_path(path: str, route: str, target, employer) -> str:
    """`path` with an application of `employer` for `target` filled in, and its decision,
    payment application, attachment and a batch where the route names them."""
    if not any(f"{n}" in route for n in ("application_id", "decision_id", "payment_id", "batch_id")):
        return path
    if route.startswith("/portal/start-up-grant/"):  # the client's own start-up grant
        own, _ = SubsidyApplication.objects.get_or_create(
            client=target,
            employer=None,
            benefit="starttiraha",
            defaults={"state": State.SUBMITTED, "start_date": dt.date(2026, 3, 1), "planned_months": 6},
        )
        return _ids(path, "application_id", own.pk)
    app, _ = SubsidyApplication.objects.get_or_create(
        client=target,
        employer=employer,
        benefit="palkkatuki",
        defaults={"state": State.SUBMITTED, "start_date": dt.date(2026, 3, 1), "planned_months": 6},
    )
    path = _ids(path, "application_id", app.pk)
    if "decision_id" in route or "payment_id" in route:
        decision = app.decisions.first() or Decision.objects.create(
            application=app,
            outcome=State.GRANTED,
            rule_version="palkkatuki-2025-01",
            start=app.start_date,
            end=dt.date(2026, 8, 31),
            rate=Decimal("0.5"),
            monthly_amounts=["1100.00"] * 6,
            total=Decimal("6600.00"),
            aid_basis="de_minimis",
            legal_basis="Act 380/2023",
            in_force=True,
        )
        path = _ids(path, "decision_id", decision.pk)
        if "payment_id" in route:
            payment = decision.payments.first() or PaymentApplication.objects.create(
                decision=decision,
                period_start=app.start_date,
                period_end=dt.date(2026, 3, 31),
                months=1,
                lines=[{"month": "2026-03", "pay": "2200", "paid": True}],
                claimed=Decimal("2200"),
                accepted=Decimal("1100"),
                payable=Decimal("1100"),
                deadline=dt.date(2026, 5, 31),
                filed_on=dt.date(2026, 4, 2),
            )
            path = _ids(path, "payment_id", payment.pk)
    if "attachment_id" in route:
        att = app.attachments.first() or Attachment.objects.create(
            application=app,
            kind="contract",
            filename="sopimus.pdf",
            content_type="application/pdf",
            size=8,
            sha256="0" * 64,
            data=encrypt(b"%PDF-1.4"),
        )
        path = _ids(path, "attachment_id", att.pk)
    if "batch_id" in route:
        batch = PaymentBatch.objects.first() or PaymentBatch.objects.create(
            area=target.municipality, csv="x\n", sha256="0" * 64
        )
        path = _ids(path, "batch_id", batch.pk)
    return path
