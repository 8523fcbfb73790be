"""`kohtaanto demo` (what `make run` does) leaves a working demo: clients, the catalogue, demo
users, and a service-matching index already built from the published catalogue, so the first
search in the browser does not encode 280 services."""

from __future__ import annotations

import pytest
from django.conf import settings

from kohtaanto.accounts.models import User
from kohtaanto.catalogue.models import Service
from kohtaanto.cli import main
from kohtaanto.clients.models import Client
from kohtaanto.referrals.matching import matcher_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_demo_installs_everything_and_prebuilds_the_matching_index(capsys):
    # The process-wide matcher keeps the cache folder it was made with; an earlier test in
    # this process may have made it under another DATA_DIR.
    from kohtaanto.referrals import matching

    matching._state.update(version=None, matcher=None)
    assert main(["demo", "--clients", "40", "--seed", "3"]) == 0
    err = capsys.readouterr().err
    published = Service.objects.filter(state="published").count()
    assert Client.objects.exists() and User.objects.filter(username="worker").exists() and published >= 250
    # The warm-up ran after the catalogue was installed: it indexed every published service.
    assert f"indexed {published:,} services" in err
    assert any((settings.DATA_DIR / "matching").glob("embeddings-*"))
    assert len(matcher_for(User.objects.get(username="worker"))) == published
    # The demo ends with a first refresh: the dashboard has data before the worker runs.
    from kohtaanto.insights.status import insights_status

    assert insights_status()["last_refresh"] is not None, err
    # Issue 14's employer side: employers, vacancies with postings, the representative's mandate.
    from kohtaanto.employers.models import Employer, Mandate, Vacancy

    assert Employer.objects.filter(area__code="091").count() == 300, err
    assert Employer.objects.filter(area__code="092").count() == 40, err  # the second area's own
    assert not Vacancy.objects.filter(posting__isnull=True).exists() and Vacancy.objects.exists()
    assert Mandate.objects.filter(user__username="employer").exists()
    # Issue 17's screens are not empty on the first day: contracts with a bonus refresh and
    # a flagged invoice line, TYP cases up to a signed plan, Ohjaamo visits and survey sheets.
    from kohtaanto.ohjaamo.models import SurveyResponse, Visit
    from kohtaanto.procurement.models import Contract, InvoiceLine, ProcurementRound
    from kohtaanto.typ.models import TypCase, TypSignature

    assert Contract.objects.count() == 2 and ProcurementRound.objects.count() == 1, err
    lines = list(InvoiceLine.objects.all())
    assert len(lines) == 2 and sum(1 for line in lines if line.differences) == 1, [
        line.differences for line in lines
    ]
    assert TypCase.objects.exists() and TypSignature.objects.exists(), err
    assert Visit.objects.filter(client__isnull=True).exists() and SurveyResponse.objects.exists(), err
    # A second run loads nothing twice.
    assert main(["demo", "--clients", "40", "--seed", "3"]) == 0
    again = capsys.readouterr().err
    assert "procurement: nothing new" in again and "TYP: nothing new" in again, again
    assert "Ohjaamo: nothing new" in again and Contract.objects.count() == 2
