"""Subsidy screens on the demo, for the browser read-through (tests/browser): the demo year
(`subsidies_demo_install`) and, for each demo user who works with subsidies, the detail pages
beyond the menu: an application, its decision document in both languages, a payment
application and a batch for the expert; the representative's and the client's own
application."""

from __future__ import annotations


def subsidy_pages() -> dict[str, list[str]]:
    from kohtaanto.accounts.models import User
    from kohtaanto.subsidies.demo import subsidies_demo_install
    from kohtaanto.subsidies.models import Decision, PaymentApplication, PaymentBatch, SubsidyApplication

    subsidies_demo_install(seed=3)
    pages: dict[str, list[str]] = {}
    decision = Decision.objects.filter(in_force=True, application__employer__isnull=False).first()
    if decision is not None:
        app_id = decision.application_id
        document = f"/subsidies/applications/{app_id}/decisions/{decision.pk}/document/"
        pages["subsidyexpert"] = [
            f"/subsidies/handling/{app_id}/",
            f"{document}?kieli=fi",
            f"{document}?kieli=sv",
            "/subsidies/batches/",
            "/subsidies/budget/",
        ]
        payment = PaymentApplication.objects.first()
        if payment is not None:
            pages["subsidyexpert"].append(f"/subsidies/payments/{payment.pk}/")
        batch = PaymentBatch.objects.first()
        if batch is not None:
            pages["subsidyexpert"].append(f"/subsidies/batches/{batch.pk}/")
    employer = User.objects.get(username="employer")
    own = SubsidyApplication.objects.filter(applicant=employer).first()
    if own is not None:
        pages["employer"] = [f"/subsidies/employer/{own.pk}/"]
    client = User.objects.get(username="client")
    grant = SubsidyApplication.objects.filter(client__user=client, employer__isnull=True).first()
    if grant is not None:
        pages["client"] = [f"/portal/start-up-grant/{grant.pk}/"]
    return pages
